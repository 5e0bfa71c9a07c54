"""A full-size synthetic B&J data set in the canonical format, made deterministically.

129 + 101 + 203 questions, 203 cases at the paper's site mix, and ~200 grayscale
radiograph-like images of 218-2720 px (PNG, a fifth JPEG), with film grain so that
they compress about as badly as real radiographs. `scale` shrinks every count.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFilter

SITE_SHARES = {
    "knee": 0.265,
    "hip": 0.205,
    "shoulder": 0.159,
    "ankle": 0.144,
    "elbow": 0.12,
    "wrist": 0.058,
    "spine": 0.049,
}
FULL = {"cases": 203, "I": 129, "II": 101}


def make_dataset(root: Path, scale: float = 1.0, seed: int = 0) -> Path:
    """Write the data set under `root` (skipped when it is already there) and return it."""
    if (root / "cases.jsonl").is_file():
        return root
    rng = random.Random(seed)
    n_cases = max(7, round(FULL["cases"] * scale))
    sites = [
        site for site, share in SITE_SHARES.items() for _ in range(max(1, round(share * n_cases)))
    ]
    cases = [_case(f"case-{n:03d}", sites[n % len(sites)], rng) for n in range(n_cases)]
    for case in cases:
        for image in case["images"]:
            _draw(root / image["path"], rng)
    mcqs = [_mcq(f"kr-{n:03d}", "I", rng) for n in range(max(1, round(FULL["I"] * scale)))]
    mcqs += [_mcq(f"ni-{n:03d}", "II", rng) for n in range(max(1, round(FULL["II"] * scale)))]
    mcqs += [
        _mcq(
            f"ii-{case['id']}",
            "III",
            rng,
            image=case["images"][0],
            site=case["site"],
            case_id=case["id"],
        )
        for case in cases
    ]
    for name, records in (("cases.jsonl", cases), ("mcqs.jsonl", mcqs)):
        (root / name).write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return root


def _case(case_id: str, site: str, rng: random.Random) -> dict[str, Any]:
    suffix = ".jpg" if rng.random() < 0.2 else ".png"
    text = f"Synthetic {site} case {case_id}. " + " ".join(rng.choice(WORDS) for _ in range(120))
    return {
        "id": case_id,
        "site": site,
        "disease": f"{site} condition {rng.randrange(6)}",
        "history": text,
        "physical_exam": text[:400],
        "labs": "CRP 4 mg/L, full blood count normal.",
        "images": [
            {
                "path": f"images/{case_id}{suffix}",
                "modality": rng.choice(["X-ray", "X-ray", "CT", "MRI"]),
            }
        ],
        "radiology_report": text[:500],
        "expert_diagnosis": [f"{site} condition"],
        "expert_diagnostic_reasoning": text[:600],
        "expert_treatment_plan": text[:500],
        "expert_treatment_reasoning": text[:600],
    }


def _mcq(mcq_id: str, task: str, rng: random.Random, **extra: object) -> dict[str, object]:
    return {
        "id": mcq_id,
        "task": task,
        "stem": f"Question {mcq_id}: " + " ".join(rng.choice(WORDS) for _ in range(40)),
        "options": [f"Option {letter} of {mcq_id}" for letter in "ABCDE"],
        "answer": rng.choice("ABCDE"),
        **extra,
    }


def _draw(path: Path, rng: random.Random) -> None:
    """A radiograph-like picture: soft tissue, two bright bones, film grain."""
    width = rng.randrange(218, 2721)
    height = max(218, min(2720, round(width * rng.uniform(0.75, 1.33))))
    image = Image.new("L", (width, height), 20)
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * 0.1, -height * 0.1, width * 0.9, height * 1.1), fill=70)
    for left, right in ((0.25, 0.45), (0.55, 0.75)):
        draw.rounded_rectangle(
            (width * left, height * 0.05, width * right, height * 0.95),
            radius=width // 12,
            fill=200,
            outline=240,
            width=max(2, width // 60),
        )
    noise = Image.frombytes("L", (width, height), rng.randbytes(width * height))  # seeded grain
    grain = noise.filter(ImageFilter.GaussianBlur(0.7))
    image = Image.blend(image.filter(ImageFilter.GaussianBlur(width / 300)), grain, 0.25)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".jpg":
        image.save(path, quality=92)
    else:
        image.save(path)


WORDS = [
    "pain",
    "swelling",
    "knee",
    "hip",
    "shoulder",
    "ankle",
    "elbow",
    "wrist",
    "spine",
    "tenderness",
    "fall",
    "sport",
    "twist",
    "weeks",
    "months",
    "stiffness",
    "night",
    "walking",
    "stairs",
    "lifting",
    "range",
    "motion",
    "reduced",
    "effusion",
    "bruising",
    "deformity",
    "numbness",
    "tingling",
    "weakness",
    "fever",
    "trauma",
    "chronic",
    "acute",
    "onset",
]
