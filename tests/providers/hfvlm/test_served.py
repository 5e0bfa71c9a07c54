"""The served path: an image task through Inspect's `vllm/` provider to an OpenAI-compatible server."""

from __future__ import annotations

import base64
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageStat

pytest.importorskip("openai")

from inspect_ai import eval

from bj_evals import image_interpretation
from bj_evals.importing.sources import load_source
from bj_evals.prompts import IMAGE_INTERPRETATION_PROMPT
from tests.providers.served_stub import SERVED_NAME, Server, base_url, serving


def answer_b(body: dict[str, Any]) -> dict[str, Any]:
    return {"role": "assistant", "content": "ANSWER: B"}


@pytest.fixture
def server() -> Iterator[Server]:
    with serving(answer_b) as httpd:
        yield httpd


def test_each_image_question_reaches_the_server_with_its_image_and_the_prompt(
    server: Server, dataset: Path
) -> None:
    [log] = eval(
        image_interpretation,
        model=f"vllm/{SERVED_NAME}",
        model_base_url=base_url(server),
        task_args={"source": str(dataset)},
        display="none",
    )

    assert log.status == "success", log.error
    benchmark = load_source(str(dataset))
    questions = benchmark.mcqs_for("III")
    requests = server.requests
    assert len(requests) == len(questions) == 2
    opening = IMAGE_INTERPRETATION_PROMPT.split("{letters}")[0]
    for question in questions:
        [request] = [r for r in requests if question.stem in json.dumps(r["messages"])]
        assert request["model"] == SERVED_NAME
        parts = request["messages"][-1]["content"]
        texts = [part["text"] for part in parts if part["type"] == "text"]
        urls = [part["image_url"]["url"] for part in parts if part["type"] == "image_url"]
        assert any(text.startswith(opening) for text in texts)
        [url] = urls
        header, encoded = url.split(",", 1)
        assert re.fullmatch(r"data:image/(png|jpeg);base64", header)
        assert question.image is not None
        sent = Image.open(io.BytesIO(base64.b64decode(encoded))).convert("L")
        source = Image.open(benchmark.image_path(question.image)).convert("L")
        # each fixture image is one grey level, distinct per file; JPEG keeps it within 2
        assert sent.size == source.size
        assert abs(ImageStat.Stat(sent).mean[0] - ImageStat.Stat(source).mean[0]) < 2
