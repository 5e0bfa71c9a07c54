"""Figures fit to print: named tasks with n, display names in the user's order, visible zero
bars, whiskers on every rate, percent axes, the chance line over I-III only, and a note."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from bj_evals.analysis import accuracy_table, load_names, read_logs
from bj_evals.analysis.core.figure_style import VISIBLE
from bj_evals.analysis.core.names import Names, row_labels
from bj_evals.analysis.core.stats import with_status
from bj_evals.analysis.paper.figures import accuracy_by_task, mcq_open_gap, mismatch_detection
from bj_evals.cli import main


@pytest.fixture(scope="module")
def table(three_model_logs: Path) -> pd.DataFrame:
    return accuracy_table(read_logs([three_model_logs]).samples)


def caption_of(figure: Figure) -> str:
    return " ".join(text.get_text().replace("\n", " ") for text in figure.texts)


def whiskers(figure: Figure) -> int:
    return sum(
        len(collection.get_segments())
        for collection in figure.axes[0].collections
        if isinstance(collection, LineCollection)
        and collection.get_label() != "chance, 5 options (I-III)"
    )


def test_the_task_axis_names_each_task_and_its_n(table: pd.DataFrame) -> None:
    figure = accuracy_by_task(table)
    ticks = [t.get_text() for t in figure.axes[0].get_xticklabels()]
    assert ticks[0] == "I\nKnowledge\nrecall\nn = 12" and ticks[7].startswith("VIII\nMismatch")
    assert all("n = 16" in tick for tick in ticks[2:])
    plt.close(figure)


def test_the_chance_line_runs_over_the_mcq_tasks_only(table: pd.DataFrame) -> None:
    figure = accuracy_by_task(table)
    [line] = [
        c
        for c in figure.axes[0].collections
        if isinstance(c, LineCollection) and c.get_label() == "chance, 5 options (I-III)"
    ]
    [[(x0, y0), (x1, y1)]] = line.get_segments()
    assert (y0, y1) == (20, 20) and x0 >= -0.5 and x1 <= 2.5
    plt.close(figure)


def test_bars_are_percent_with_a_whisker_each_and_zero_bars_stay_visible(
    table: pd.DataFrame,
) -> None:
    figure = accuracy_by_task(table)
    axes = figure.axes[0]
    assert axes.get_ylim() == (0, 100) and axes.get_yticklabels()[-1].get_text() == "100%"
    heights = [patch.get_height() for patch in axes.patches if isinstance(patch, Rectangle)]
    assert len(heights) == 24 and min(heights) >= VISIBLE
    assert whiskers(figure) == 24
    zero = (table["accuracy"] == 0).sum()
    assert zero > 0 and sum(t.get_text() == "0%" for t in axes.texts) == zero
    plt.close(figure)


def test_models_go_by_display_names_in_the_legend(table: pd.DataFrame) -> None:
    figure = accuracy_by_task(table)
    legend_box = figure.axes[0].get_legend()
    assert legend_box is not None
    legend = [t.get_text() for t in legend_box.get_texts()]
    assert legend == ["expert", "median", "novice", "chance, 5 options (I-III)"]
    plt.close(figure)


def test_text_driven_bars_have_intervals_too(table: pd.DataFrame) -> None:
    figure = mismatch_detection(table)
    assert len(figure.axes[0].patches) == 6 and whiskers(figure) == 6
    plt.close(figure)


def test_mcq_against_open_only_over_models_with_both_and_says_which_tasks(
    three_model_logs: Path,
) -> None:
    samples = with_status(read_logs([three_model_logs]).samples)
    samples = samples.assign(label=row_labels(samples))
    only_mcq = (samples["label"] == "novice") & ~samples["bj_task"].isin(("I", "II", "III"))
    figure = mcq_open_gap(samples[~only_mcq], ["expert", "median", "novice"])
    assert [t.get_text() for t in figure.axes[0].get_xticklabels()] == ["expert", "median"]
    assert len(figure.axes[0].patches) == 4 and whiskers(figure) == 4
    caption = caption_of(figure)
    assert "(I, II, III | IV, V, VI, VII)" in caption and "left out: novice" in caption
    plt.close(figure)


def test_the_grader_and_a_stand_in_are_named_in_the_note(
    three_model_logs: Path, tmp_path: Path
) -> None:
    assert main(["report", str(three_model_logs), "-o", str(tmp_path)]) == 0
    markdown = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert "![accuracy_by_task](accuracy_by_task.png) (accuracy_by_task.pdf)" in markdown
    figure = accuracy_by_task(
        accuracy_table(read_logs([three_model_logs]).samples),
        "IV-VIII graded by keyword/grader (an offline stand-in, not a model).",
    )
    assert "keyword/grader (an offline stand-in, not a model)" in caption_of(figure)
    plt.close(figure)


def test_labels_and_their_order_come_from_the_user(three_model_logs: Path, tmp_path: Path) -> None:
    names = tmp_path / "names.yaml"
    names.write_text("mockllm/novice: Novice\nmockllm/expert: Expert\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["report", str(three_model_logs), "-o", str(out), "--labels", str(names)]
    assert main([*args, "--label", "mockllm/median=Median 7B"]) == 0
    results = pd.read_csv(out / "results.csv")
    assert list(dict.fromkeys(results["label"])) == ["Novice", "Expert", "Median 7B"]
    assert list(results["model"][:3]) == ["mockllm/novice", "mockllm/expert", "mockllm/median"]
    assert load_names(names).order(["mockllm/expert", "mockllm/novice"]) == [
        "mockllm/novice",
        "mockllm/expert",
    ]


def test_default_names_are_short_unless_they_collide_or_are_stand_ins() -> None:
    names = Names().for_models(
        ["hfvlm//models/qwen/tiny-qwen2vl", "openai/gpt-4o", "azure/gpt-4o", "chance/uniform"]
    )
    assert names == {
        "hfvlm//models/qwen/tiny-qwen2vl": "tiny-qwen2vl",
        "openai/gpt-4o": "openai/gpt-4o",
        "azure/gpt-4o": "azure/gpt-4o",
        "chance/uniform": "chance/uniform",
    }
