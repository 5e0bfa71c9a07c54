"""A stand-in OpenAI-compatible server on the loopback interface, for Inspect's `vllm/` provider.

It speaks enough of the chat-completions API for Inspect, keeps every request body,
and answers with whatever message its `answer` function makes of the request (an
error status when the function raises `Refused`), so a test sees exactly what a
vLLM server would receive and can play a server with or without tool calling.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SERVED_NAME = "bj/served-model"

Answer = Callable[[dict[str, Any]], dict[str, Any]]
"""A request body to the assistant message of the reply."""


class Refused(Exception):
    """Raised by an answer function: the server replies 400 with this message."""


class Server(ThreadingHTTPServer):
    """The stand-in server, its requests and its answer function."""

    requests: list[dict[str, Any]]
    answer: Answer


class ChatCompletions(BaseHTTPRequestHandler):
    """`GET /v1/models` and `POST /v1/chat/completions`; every request body is kept."""

    server: Server

    def do_GET(self) -> None:
        if self.path.rstrip("/") != "/v1/models":
            self.send_error(404)
            return
        self._reply(200, {"object": "list", "data": [{"id": SERVED_NAME, "object": "model"}]})

    def do_POST(self) -> None:
        if self.path != "/v1/chat/completions":
            self.send_error(404)
            return
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append(body)
        try:
            message = self.server.answer(body)
        except Refused as refused:
            error = {"message": str(refused), "type": "BadRequestError", "code": 400}
            self._reply(400, {"object": "error", **error})
            return
        finish = "tool_calls" if message.get("tool_calls") else "stop"
        self._reply(
            200,
            {
                "id": f"chatcmpl-{len(self.server.requests)}",
                "object": "chat.completion",
                "created": 0,
                "model": body["model"],
                "choices": [{"index": 0, "message": message, "finish_reason": finish}],
                "usage": {"prompt_tokens": 100, "completion_tokens": 3, "total_tokens": 103},
            },
        )

    def _reply(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@contextmanager
def serving(answer: Answer) -> Iterator[Server]:
    """A running stand-in server whose replies `answer` makes; its base URL is `base_url(server)`."""
    httpd = Server(("127.0.0.1", 0), ChatCompletions)
    httpd.requests = []
    httpd.answer = answer
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def base_url(server: Server) -> str:
    """The server's base URL, as Inspect's `--model-base-url` takes it."""
    host, port = server.server_address[:2]
    return f"http://{host!s}:{port}/v1"
