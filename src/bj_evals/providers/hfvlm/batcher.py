"""Gathers concurrent requests into batches for one blocking call each.

Inspect calls a provider's `generate()` once per sample, concurrently; a local
model is fastest when it answers many prompts in one forward pass. transformers
batches only what it is given and Inspect's own batching lives inside its
text-only `hf/` provider, so this small batcher is written here. The next batch
is formed the moment the model is free: from every request waiting with the same
key (same settings, images or not), up to `batch_size`, oldest first. No request
waits on a timer: one that arrives while the model is idle runs at once, and those
that arrive while a batch runs make up the next one. One batch runs at a time.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar, cast

import anyio
from inspect_ai.model import GenerateConfig
from inspect_ai.util import AdaptiveConcurrency

Key = TypeVar("Key", bound=Hashable)
Request = TypeVar("Request")
Result = TypeVar("Result")


@dataclass(eq=False)
class _Waiting(Generic[Request, Result]):
    request: Request
    done: anyio.Event = field(default_factory=anyio.Event)
    taken: bool = False
    result: Result | None = None
    error: BaseException | None = None


class MicroBatcher(Generic[Key, Request, Result]):
    """Awaits `run(key, requests)` on batches of up to `batch_size` requests that share a key.

    Whoever gets the model next (a fair lock) runs the batch of its key's oldest
    waiting requests, then every request in it is answered. `prepare`, if given, is
    awaited before each batch is formed (loading the weights the first time). One batcher serves one
    event loop: its events and lock belong to the loop that first uses them.
    """

    def __init__(
        self,
        run: Callable[[Key, Sequence[Request]], Awaitable[Sequence[Result]]],
        batch_size: int,
        prepare: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._run = run
        self._prepare = prepare
        self._batch_size = max(1, batch_size)
        self._waiting: dict[Key, deque[_Waiting[Request, Result]]] = {}
        self._model = anyio.Lock()
        self.batch_sizes: list[int] = []
        """The size of each batch run, in order (for benchmarks and tests)."""

    async def submit(self, key: Key, request: Request) -> Result:
        """The result of `request`, computed in a batch with others of the same key."""
        waiting: _Waiting[Request, Result] = _Waiting(request)
        queue = self._waiting.setdefault(key, deque())
        queue.append(waiting)
        try:
            while not waiting.taken:
                async with self._model:
                    if not waiting.taken:
                        # Shielded: the others in the batch depend on it being run.
                        with anyio.CancelScope(shield=True):
                            await self._run_next(key, queue)
            await waiting.done.wait()
        finally:
            if not waiting.taken:
                queue.remove(waiting)
        if waiting.error is not None:
            raise waiting.error
        return cast(Result, waiting.result)

    async def _run_next(self, key: Key, queue: deque[_Waiting[Request, Result]]) -> None:
        if self._prepare is not None:  # the model is free once ready: those who came meanwhile join
            await self._prepare()
        batch = [queue.popleft() for _ in range(min(self._batch_size, len(queue)))]
        for item in batch:
            item.taken = True
        self.batch_sizes.append(len(batch))
        try:
            results = await self._run(key, [item.request for item in batch])
            for item, result in zip(batch, results, strict=True):
                item.result = result
        except Exception as error:
            for item in batch:
                item.error = error
        finally:
            for item in batch:
                item.done.set()


def pin_concurrency(config: GenerateConfig, requests: int) -> None:
    """Keep `requests` samples in flight, unless the run sets its own connection limits.

    Inspect's adaptive concurrency starts at 20 connections and learns an API's limit
    from its errors; a local model has no such limit, and fewer requests in flight than
    two batches leave the next batch short. Pinned here, the samples Inspect runs at
    once follow it.
    """
    if config.max_connections is None and config.adaptive_connections is None:
        config.adaptive_connections = AdaptiveConcurrency(
            min=requests, start=requests, max=requests
        )
