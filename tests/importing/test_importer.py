"""`bj-evals import` and `source=hf`: the same adapter turns snapshots into canonical data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from inspect_ai import eval

from bj_evals import diagnosis_generation, knowledge_recall
from bj_evals.cli import main
from bj_evals.data import DEMO_DIR
from bj_evals.data.problems import DataError
from bj_evals.data.records import load_benchmark
from bj_evals.errors import BJEvalsError
from bj_evals.importing import sources
from bj_evals.importing.importer import CONVERTER_VERSION, import_dataset
from bj_evals.importing.mapping import load_map
from bj_evals.importing.sources import load_source
from tests.helpers import Scripted, judge_verdicts, reply
from tests.importing.hub_fixture import case_row, draw, question_row, write_hub_layout, write_table


@pytest.fixture
def hub(tmp_path: Path) -> Path:
    return write_hub_layout(tmp_path / "snapshot" / "0123abcd", load_benchmark(DEMO_DIR))


def same_records(loaded: object, original: object) -> None:
    for ours, theirs in zip(loaded.cases, original.cases, strict=True):  # type: ignore[attr-defined]
        assert ours.model_dump(exclude={"images"}) == theirs.model_dump(exclude={"images"})
        assert [i.modality for i in ours.images] == [i.modality for i in theirs.images]
    for ours, theirs in zip(loaded.mcqs, original.mcqs, strict=True):  # type: ignore[attr-defined]
        assert ours.model_dump(exclude={"image"}) == theirs.model_dump(exclude={"image"})


def test_import_validate_load_round_trips_the_demo_set(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "canonical"
    assert main(["import", str(hub), "--to", str(out)]) == 0
    assert main(["validate", str(out)]) == 0
    same_records(load_benchmark(out), load_benchmark(DEMO_DIR))


def test_source_hf_downloads_and_converts_once_through_the_same_adapter(
    hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, str]] = []

    def fake_snapshot_download(repo_id: str, **kwargs: str) -> str:
        calls.append({"repo_id": repo_id, **kwargs})
        return str(hub)

    monkeypatch.setattr(sources, "snapshot_download", fake_snapshot_download)
    first = load_source("hf")
    again = load_source("hf@0123abcd")

    assert calls[0] == {"repo_id": sources.HF_REPO, "repo_type": "dataset", "revision": "main"}
    assert calls[1]["revision"] == "0123abcd"
    converted = tmp_path / "bj-cache" / "hf" / f"converter-{CONVERTER_VERSION}" / "0123abcd"
    assert first.root == again.root == converted
    same_records(first, load_benchmark(DEMO_DIR))


@pytest.mark.parametrize(
    ("offline", "hint"), [("1", "it is not in the local cache"), ("0", "the hub cannot be reached")]
)
def test_an_unavailable_hub_names_the_other_sources(
    offline: str, hint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(repo_id: str, **kwargs: str) -> str:
        raise ConnectionError("Name or service not known")

    monkeypatch.setenv("HF_HUB_OFFLINE", offline)
    monkeypatch.setattr(sources, "snapshot_download", unreachable)
    with pytest.raises(BJEvalsError) as raised:
        load_source("hf")
    message = str(raised.value)
    assert hint in message and "-T source=demo" in message
    assert "-T source=<directory" in message


def test_an_unknown_layout_lists_files_and_columns_and_the_import_command(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    pd.DataFrame({"Patient": ["p1"], "Notes": ["..."]}).to_csv(
        tmp_path / "src" / "data.csv", index=False
    )
    with pytest.raises(BJEvalsError) as raised:
        import_dataset(tmp_path / "src", tmp_path / "out")
    message = str(raised.value)
    assert "data.csv (columns: Patient, Notes)" in message
    assert f"bj-evals import {tmp_path / 'src'} --to <dir> --map <map.yaml>" in message
    assert not (tmp_path / "out").exists()


def test_a_map_file_names_unusual_columns(hub: Path, tmp_path: Path) -> None:
    frame = pd.read_csv(hub / "questions.csv", dtype=str, keep_default_na=False)
    frame.rename(columns={"Question": "Vraag", "Answer": "Sleutel"}).to_csv(
        hub / "questions.csv", index=False
    )
    column_map = tmp_path / "map.yaml"
    column_map.write_text(
        "mcqs:\n  file: questions.csv\n  columns: {id: ID, task: Task, stem: Vraag, answer: Sleutel,"
        " image: Image, site: Site, case_id: Case ID}\n  options: [A, B, C, D, E]\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["import", str(hub), "--to", str(out), "--map", str(column_map)]) == 0
    assert len(load_benchmark(out).mcqs) == len(load_benchmark(DEMO_DIR).mcqs)


def test_bad_cells_are_named_by_source_file_row_and_column(hub: Path, tmp_path: Path) -> None:
    frame = pd.read_csv(hub / "questions.csv", dtype=str, keep_default_na=False)
    frame.loc[2, "Answer"] = "F"
    frame.loc[4, "Image"] = ""
    frame.loc[4, "Task"] = "Task III"
    frame.to_csv(hub / "questions.csv", index=False)
    with pytest.raises(DataError) as raised:
        import_dataset(hub, tmp_path / "out")
    lines = [str(problem) for problem in raised.value.problems]
    assert any(
        line.startswith("questions.csv:4: Answer (answer): 'F' is not one letter A-E")
        for line in lines
    )
    assert any(
        line.startswith(
            "questions.csv:6: Image (image): task III questions are answered from an image"
        )
        for line in lines
    )
    assert not (tmp_path / "out").exists()


def test_import_refuses_to_overwrite(
    hub: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine", encoding="utf-8")
    assert main(["import", str(hub), "--to", str(tmp_path / "out")]) == 1
    assert "already exists and is not empty" in capsys.readouterr().err
    assert (tmp_path / "out" / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_tasks_run_from_an_imported_directory(hub: Path, tmp_path: Path) -> None:
    out = import_dataset(hub, tmp_path / "imported")
    tasks: list[Any] = [knowledge_recall, diagnosis_generation]  # both take `source` alone
    logs = eval(
        tasks,
        task_args={"source": str(out)},
        model=Scripted(lambda call: reply("ANSWER: A")).model(),
        model_roles={"grader": judge_verdicts("Correct").model()},
        display="none",
    )
    assert [log.status for log in logs] == ["success", "success"]
    assert [log.results.total_samples for log in logs if log.results] == [12, 16]


def import_lines(
    src: Path, out: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, list[str], list[str]]:
    """Run `bj-evals import`; its exit code, problem lines (stdout) and report lines (stderr)."""
    code = main(["import", str(src), "--to", str(out), *extra])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.splitlines()


def two_cases(src: Path) -> Path:
    write_table(src / "cases.csv", [case_row("K1"), case_row("K2")])
    draw(src / "knee" / "K1_xray.png")
    draw(src / "knee" / "K2_xray.png")
    return src


def test_import_keeps_every_answer_letter_of_the_source(hub: Path, tmp_path: Path) -> None:
    source = pd.read_csv(hub / "questions.csv", dtype=str, keep_default_na=False)
    out = import_dataset(hub, tmp_path / "out")
    assert [mcq.answer for mcq in load_benchmark(out).mcqs] == list(source["Answer"])


@pytest.mark.parametrize(
    "cell", ["Answer: B", "ANSWER: D", "Correct: B", "Either A or D", "AB", "F", "1", "B)", "b."]
)
def test_an_answer_that_is_not_one_letter_is_an_error_never_truncated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cell: str
) -> None:
    rows = [question_row("q1", "A"), question_row("q2", cell), question_row("q3", "C")]
    write_table(tmp_path / "src" / "task1.csv", rows)
    code, problems, _ = import_lines(tmp_path / "src", tmp_path / "out", capsys)
    assert code == 1
    assert problems == [
        f"{tmp_path / 'src'}/task1.csv:3: Answer (answer): {cell.strip()!r} is not one "
        "letter A-E; write the correct option's letter alone"
    ]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("cell", "letter"), [(" c ", "C"), ("d", "D"), ("E\n", "E")])
def test_an_answer_letter_may_have_spaces_or_lower_case(
    tmp_path: Path, cell: str, letter: str
) -> None:
    write_table(tmp_path / "src" / "task1.csv", [question_row("q1", cell)])
    out = import_dataset(tmp_path / "src", tmp_path / "out")
    assert [mcq.answer for mcq in load_benchmark(out).mcqs] == [letter]


def test_every_question_sheet_of_a_workbook_is_imported(tmp_path: Path) -> None:
    sheets = {
        "Knowledge": [question_row(f"k{n}") for n in range(5)],
        "Notes": [question_row(f"n{n}") for n in range(5)],
    }
    write_table(tmp_path / "src" / "questions.xlsx", sheets)
    benchmark = load_benchmark(import_dataset(tmp_path / "src", tmp_path / "out"))
    assert [(mcq.id, mcq.task) for mcq in benchmark.mcqs] == [
        *((f"k{n}", "I") for n in range(5)),
        *((f"n{n}", "II") for n in range(5)),
    ]


def test_every_question_file_and_case_file_is_imported_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "src"
    write_table(src / "knowledge.csv", [question_row(f"k{n}") for n in range(5)])
    write_table(src / "notes.csv", [question_row(f"n{n}") for n in range(5)])
    write_table(src / "cases_2023.csv", [case_row("K1"), case_row("K2")])
    write_table(src / "cases_2024.xlsx", [case_row("H1", "hip"), case_row("H2", "hip")])
    write_table(src / "staff.csv", [{"Name": "Dr A", "Role": "reader"}])
    for case_id, site in (("K1", "knee"), ("K2", "knee"), ("H1", "hip"), ("H2", "hip")):
        draw(src / site / f"{case_id}_xray.png")
    (src / "README.md").write_text("notes", encoding="utf-8")

    code, problems, report = import_lines(src, tmp_path / "out", capsys)
    assert (code, problems) == (0, [])
    benchmark = load_benchmark(tmp_path / "out")
    assert [case.id for case in benchmark.cases] == ["K1", "K2", "H1", "H2"]
    assert len(benchmark.mcqs_for("I")) == len(benchmark.mcqs_for("II")) == 5
    assert report[:-1] == [
        f"{src}/cases_2023.csv: imported as cases (2 rows)",
        f"{src}/cases_2024.xlsx: imported as cases (2 rows)",
        f"{src}/knowledge.csv: imported as questions of task I (5 rows)",
        f"{src}/notes.csv: imported as questions of task II (5 rows)",
        f"{src}/staff.csv: ignored because its columns (Name, Role) name neither a case "
        "(no id, site, disease, history, physical_exam, labs) nor a question (no id, stem, "
        "answer, options A-E)",
        f"{src}: ignored 1 file that is neither a table nor an image: README.md",
    ]


def test_the_same_case_id_in_two_case_tables_is_an_error_naming_both_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = two_cases(tmp_path / "src")
    write_table(src / "more_cases.csv", [case_row("K3"), case_row("K1")])
    draw(src / "knee" / "K3_xray.png")
    code, problems, _ = import_lines(src, tmp_path / "out", capsys)
    assert code == 1
    assert problems == [
        f"{src}/cases.csv:2: Case ID (id): 'K1' is used 2 times; give each record its own id",
        f"{src}/more_cases.csv:3: Case ID (id): 'K1' is used 2 times; give each record its own id",
    ]


def test_a_cases_only_export_imports_with_no_questions(tmp_path: Path) -> None:
    benchmark = load_benchmark(import_dataset(two_cases(tmp_path / "src"), tmp_path / "out"))
    assert (len(benchmark.cases), benchmark.mcqs) == (2, ())
    assert (tmp_path / "out" / "mcqs.jsonl").read_text(encoding="utf-8") == ""


def test_a_questions_only_export_imports_with_no_cases(tmp_path: Path) -> None:
    write_table(tmp_path / "src" / "knowledge.csv", [question_row("k1"), question_row("k2")])
    benchmark = load_benchmark(import_dataset(tmp_path / "src", tmp_path / "out"))
    assert (benchmark.cases, len(benchmark.mcqs)) == ((), 2)


def test_cases_import_without_the_expert_reasoning_columns(tmp_path: Path) -> None:
    src = tmp_path / "src"
    rows = [case_row("K1"), case_row("K2")]
    for row in rows:
        for column in ("Diagnostic Reasoning", "Treatment Reasoning", "Radiology Report"):
            del row[column]
    write_table(src / "cases.csv", rows)
    draw(src / "knee" / "K1_xray.png")
    draw(src / "knee" / "K2_xray.png")
    [case, _] = load_benchmark(import_dataset(src, tmp_path / "out")).cases
    assert case.expert_diagnosis == ["Fracture", "Osteopenia"]
    assert case.expert_diagnostic_reasoning is None and case.radiology_report is None


@pytest.mark.parametrize(
    ("name", "task"),
    [
        ("task1.csv", "I"),
        ("task_2.csv", "II"),
        ("Task III.csv", "III"),
        ("task-ii.csv", "II"),
        ("knowledge.csv", "I"),
        ("knowledge_recall.xlsx", "I"),
        ("notes.xlsx", "II"),
        ("clinical_notes.csv", "II"),
    ],
)
def test_every_documented_file_name_gives_the_questions_task(
    tmp_path: Path, name: str, task: str
) -> None:
    src = tmp_path / "src"
    image = {"Image": "knee/K1_xray.png"} if task == "III" else {}
    write_table(src / name, [question_row("q1", **image)])
    draw(src / "knee" / "K1_xray.png")
    [mcq] = load_benchmark(import_dataset(src, tmp_path / "out")).mcqs
    assert mcq.task == task


@pytest.mark.parametrize("name", ["questions.csv", "knowledge_and_notes.csv", "exam_2024_1.csv"])
def test_a_table_name_that_does_not_say_one_task_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    write_table(tmp_path / "src" / name, [question_row("q1"), question_row("q2")])
    code, problems, _ = import_lines(tmp_path / "src", tmp_path / "out", capsys)
    assert code == 1
    assert problems == [
        f"{tmp_path / 'src'}/{name}: task: no Task column, and the table's name does not say "
        "which task its 2 questions without an image belong to; add a Task column (I, II or "
        "III) or name the file or sheet after its task (task1.csv, knowledge.csv, notes.csv)"
    ]


def test_a_map_naming_some_columns_leaves_the_others_recognised_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "src"
    rows = [case_row(f"K{n}") | {"HPI": f"History {n}."} for n in (1, 2, 3, 4)]
    for row in rows:
        del row["History"]
    write_table(src / "cases.csv", rows)
    for n in (1, 2, 3, 4):
        draw(src / "knee" / f"K{n}_xray.png")
    column_map = tmp_path / "map.yaml"
    column_map.write_text(
        "cases:\n  file: cases.csv\n  columns: {history: HPI}\n", encoding="utf-8"
    )
    code, problems, _ = import_lines(src, tmp_path / "out", capsys, "--map", str(column_map))
    assert (code, problems) == (0, [])
    cases = load_benchmark(tmp_path / "out").cases
    assert [(case.history, case.labs) for case in cases] == [
        (f"History {n}.", "Normal blood count.") for n in (1, 2, 3, 4)
    ]


def test_a_map_names_the_only_tables_of_its_kind_and_the_others_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = two_cases(tmp_path / "src")
    write_table(src / "items.csv", [question_row("i1") | {"Part": "I", "Key": "A"}])
    write_table(src / "knowledge.csv", [question_row("k1")])
    column_map = tmp_path / "map.yaml"
    column_map.write_text(
        "mcqs:\n  file: items.csv\n  columns: {task: Part, answer: Key}\n", encoding="utf-8"
    )
    code, problems, report = import_lines(src, tmp_path / "out", capsys, "--map", str(column_map))
    assert (code, problems) == (0, [])
    assert [(mcq.id, mcq.answer) for mcq in load_benchmark(tmp_path / "out").mcqs] == [("i1", "A")]
    assert f"{src}/cases.csv: imported as cases (2 rows)" in report
    assert (
        f"{src}/items.csv: imported as questions of task I (1 row); columns not imported: Answer"
        in report
    )
    assert (
        f"{src}/knowledge.csv: ignored because the map names the questions tables (items.csv)"
        in report
    )


def test_a_map_may_name_several_tables_of_a_kind(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_table(src / "a.csv", [question_row("a1") | {"Part": "I"}])
    write_table(src / "b.csv", [question_row("b1") | {"Part": "II"}])
    column_map = tmp_path / "map.yaml"
    column_map.write_text(
        "mcqs:\n  - {file: a.csv, columns: {task: Part}}\n  - {file: b.csv, columns: {task: Part}}\n",
        encoding="utf-8",
    )
    out = import_dataset(src, tmp_path / "out", load_map(column_map))
    assert [(mcq.id, mcq.task) for mcq in load_benchmark(out).mcqs] == [("a1", "I"), ("b1", "II")]


def test_a_map_naming_a_column_the_table_lacks_is_one_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = two_cases(tmp_path / "src")
    column_map = tmp_path / "map.yaml"
    column_map.write_text(
        "cases:\n  file: cases.csv\n  columns: {history: HPI}\n", encoding="utf-8"
    )
    code, problems, _ = import_lines(src, tmp_path / "out", capsys, "--map", str(column_map))
    assert code == 1
    assert len(problems) == 1
    assert problems[0].startswith(f"{src}/cases.csv: HPI (history): the map names a column")


def test_two_columns_that_could_both_be_one_field_are_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "src"
    write_table(src / "cases.csv", [case_row("K1") | {"Final Diagnosis": "Sprain"}])
    draw(src / "knee" / "K1_xray.png")
    code, problems, _ = import_lines(src, tmp_path / "out", capsys)
    assert code == 1
    assert problems == [
        f"{src}/cases.csv: Diagnosis (expert_diagnosis): the columns Diagnosis and Final "
        "Diagnosis could both be expert_diagnosis; name one in a --map (docs/data-format.md)"
    ]


def test_rows_are_numbered_as_the_spreadsheet_shows_them_past_blank_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "src"
    write_table(src / "task1.csv", [question_row("q1"), question_row("q2", "Z")])
    text = (src / "task1.csv").read_text(encoding="utf-8").splitlines()
    (src / "task1.csv").write_text("\n".join([*text[:2], "", *text[2:]]) + "\n", encoding="utf-8")
    code, problems, _ = import_lines(src, tmp_path / "out", capsys)
    assert code == 1
    assert [line.split(": ")[0] for line in problems] == [f"{src}/task1.csv:4"]


def bad_source(src: Path, kind: str) -> None:
    """A source with one kind of problem, for the catalogue below."""
    cases = [case_row("K1"), case_row("K2")]
    questions = [question_row("q1", Task="I"), question_row("q2", Task="II")]
    draw(src / "knee" / "K1_xray.png")
    draw(src / "knee" / "K2_xray.png")
    if kind == "task cell":
        questions[1]["Task"] = "IV"
    elif kind == "empty option":
        questions[0]["D"] = ""
    elif kind == "unknown case":
        questions[0]["Case ID"] = "K9"
    elif kind == "no image":
        (src / "knee" / "K2_xray.png").unlink()
    elif kind == "bad modality":
        cases[1]["Modality"] = "PET"
    elif kind == "two files one output":
        cases[0]["Images"] = "images/scan_ct.png"
        cases[1]["Images"] = "./scan_ct.png"
        draw(src / "images" / "scan_ct.png")
        draw(src / "scan_ct.png", shade=10)
    elif kind == "same image twice":
        cases[0]["Images"] = "knee/K1_xray.png; knee/../knee/K1_xray.png"
    elif kind == "both kinds":
        cases = [case_row("K1") | question_row("q1"), case_row("K2") | question_row("q2")]
    elif kind == "repeated json key":
        (src / "knowledge.jsonl").write_text(
            '{"ID": "k1", "Question": "Q?", "A": "a", "B": "b", "C": "c", "D": "d", "E": "e", '
            '"Answer": "A", "Answer": "B"}\n',
            encoding="utf-8",
        )
    write_table(src / "cases.csv", cases)
    if kind != "both kinds":
        write_table(src / "questions.csv", questions)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("task cell", ["questions.csv:3: Task (task): 'IV' is not a task; write I, II or III"]),
        ("empty option", ["questions.csv:2: D (options.3): string should have at least 1"]),
        ("unknown case", ["questions.csv:2: Case ID (case_id): no case has id 'K9'"]),
        ("no image", ["cases.csv:3: images: no image: the case lists none and no file"]),
        ("bad modality", ["cases.csv:3: Modality (images.0.modality): input should be 'X-ray'"]),
        (
            "two files one output",
            ["cases.csv:3: Images (images): scan_ct.png and images/scan_ct.png would both be"],
        ),
        (
            "same image twice",
            ["cases.csv:2: Images (images): lists the file knee/K1_xray.png twice; list it once"],
        ),
        ("both kinds", ["cases.csv: columns: fit both cases and questions; name the table"]),
        ("repeated json key", ["knowledge.jsonl:1: Answer: appears 2 times in one record"]),
    ],
)
def test_each_kind_of_bad_source_is_one_line_naming_file_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, expected: list[str]
) -> None:
    src = tmp_path / "src"
    bad_source(src, kind)
    code, problems, report = import_lines(src, tmp_path / "out", capsys)
    problems += [line.removeprefix("bj-evals import: ") for line in report if "bj-evals" in line]
    assert code == 1
    assert len(problems) == len(expected), problems
    for line, start in zip(problems, expected, strict=True):
        assert line.startswith(f"{src}/{start}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["src"]


def test_an_empty_table_is_reported_and_the_rest_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = two_cases(tmp_path / "src")
    (src / "empty.csv").write_text("", encoding="utf-8")
    code, _, report = import_lines(src, tmp_path / "out", capsys)
    assert code == 0
    assert f"{src}/empty.csv: ignored because it is empty" in report


def test_a_map_field_name_that_is_not_a_field_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = two_cases(tmp_path / "src")
    column_map = tmp_path / "map.yaml"
    column_map.write_text(
        "cases:\n  file: cases.csv\n  columns: {histroy: History}\n", encoding="utf-8"
    )
    code, problems, _ = import_lines(src, tmp_path / "out", capsys, "--map", str(column_map))
    assert code == 1
    assert problems == [
        f"{src}/cases.csv: histroy: not a field of cases; use one of id, site, disease, "
        "history, physical_exam, labs, radiology_report, expert_diagnosis, "
        "expert_diagnostic_reasoning, expert_treatment_plan, expert_treatment_reasoning, images, "
        "modality"
    ]


def test_numbered_diagnoses_lose_their_numbers_but_not_measurements(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_table(
        src / "cases.csv", [case_row("K1", Diagnosis="1. Tear\n2) 2.5 cm cyst\n3.Effusion")]
    )
    draw(src / "knee" / "K1_xray.png")
    [case] = load_benchmark(import_dataset(src, tmp_path / "out")).cases
    assert case.expert_diagnosis == ["Tear", "2.5 cm cyst", "Effusion"]
