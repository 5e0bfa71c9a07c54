"""The served path: an image task through Inspect's `vllm/` provider to an OpenAI-compatible server.

A stand-in server on the loopback interface speaks enough of the chat-completions
API for Inspect and keeps every request, so the test sees exactly what a vLLM
server would receive.
"""

from __future__ import annotations

import base64
import io
import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageStat

pytest.importorskip("openai")

from inspect_ai import eval

from bj_evals import image_interpretation
from bj_evals.data.sources import load_source
from bj_evals.solvers.prompts import IMAGE_INTERPRETATION_PROMPT

SERVED_NAME = "bj/served-vlm"


class ChatCompletions(BaseHTTPRequestHandler):
    """`GET /v1/models` and `POST /v1/chat/completions`; every request body is kept."""

    requests: list[dict[str, Any]]

    def do_GET(self) -> None:
        if self.path.rstrip("/") != "/v1/models":
            self.send_error(404)
            return
        self._reply({"object": "list", "data": [{"id": SERVED_NAME, "object": "model"}]})

    def do_POST(self) -> None:
        if self.path != "/v1/chat/completions":
            self.send_error(404)
            return
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append(body)  # type: ignore[attr-defined]
        self._reply(
            {
                "id": f"chatcmpl-{len(self.server.requests)}",  # type: ignore[attr-defined]
                "object": "chat.completion",
                "created": 0,
                "model": body["model"],
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": "ANSWER: B"},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 100, "completion_tokens": 3, "total_tokens": 103},
            }
        )

    def _reply(self, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), ChatCompletions)
    httpd.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def test_each_image_question_reaches_the_server_with_its_image_and_the_prompt(
    server: ThreadingHTTPServer, dataset: Path
) -> None:
    host, port = server.server_address[:2]
    [log] = eval(
        image_interpretation,
        model=f"vllm/{SERVED_NAME}",
        model_base_url=f"http://{host!s}:{port}/v1",
        task_args={"source": str(dataset)},
        display="none",
    )

    assert log.status == "success", log.error
    benchmark = load_source(str(dataset))
    questions = benchmark.mcqs_for("III")
    requests: list[dict[str, Any]] = server.requests  # type: ignore[attr-defined]
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
