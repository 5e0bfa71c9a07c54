"""Gathers concurrent requests into batches for one blocking call each.

Inspect calls a provider's `generate()` once per sample, concurrently; a local
model is fastest when it answers many prompts in one forward pass. transformers
batches only what it is given and Inspect's own batching lives inside its
text-only `hf/` provider, so this small batcher is written here: requests with
the same key (same settings, images or not) wait up to `window` seconds, or
until `batch_size` of them are waiting; while one batch runs, the event loop
goes on collecting the next. One batch runs at a time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar, cast

import anyio

Key = TypeVar("Key", bound=Hashable)
Request = TypeVar("Request")
Result = TypeVar("Result")


@dataclass
class _Waiting(Generic[Request, Result]):
    request: Request
    done: anyio.Event = field(default_factory=anyio.Event)
    result: Result | None = None
    error: BaseException | None = None


@dataclass
class _Group(Generic[Request, Result]):
    items: list[_Waiting[Request, Result]] = field(default_factory=list)
    full: anyio.Event = field(default_factory=anyio.Event)


class MicroBatcher(Generic[Key, Request, Result]):
    """Awaits `run(key, requests)` on batches of up to `batch_size` requests that share a key.

    One batcher serves one event loop: its events and lock belong to the loop that
    first uses them.
    """

    def __init__(
        self,
        run: Callable[[Key, Sequence[Request]], Awaitable[Sequence[Result]]],
        batch_size: int,
        window: float,
    ) -> None:
        self._run = run
        self._batch_size = max(1, batch_size)
        self._window = window
        self._open: dict[Key, _Group[Request, Result]] = {}
        self._running = anyio.Lock()

    async def submit(self, key: Key, request: Request) -> Result:
        """The result of `request`, computed in a batch with others of the same key."""
        group = self._open.get(key)
        leader = group is None
        if group is None:
            group = self._open[key] = _Group()
        waiting: _Waiting[Request, Result] = _Waiting(request)
        group.items.append(waiting)
        if len(group.items) >= self._batch_size:
            self._close(key, group)
        if leader:
            # Shielded: the others in the group depend on the leader running the batch.
            with anyio.CancelScope(shield=True):
                await self._lead(key, group)
        await waiting.done.wait()
        if waiting.error is not None:
            raise waiting.error
        return cast(Result, waiting.result)

    async def _lead(self, key: Key, group: _Group[Request, Result]) -> None:
        with anyio.move_on_after(self._window):
            await group.full.wait()
        # The group stays open while an earlier batch runs, so it can still fill up.
        async with self._running:
            self._close(key, group)
            requests = [item.request for item in group.items]
            try:
                results = await self._run(key, requests)
                for item, result in zip(group.items, results, strict=True):
                    item.result = result
            except Exception as error:
                for item in group.items:
                    item.error = error
            finally:
                for item in group.items:
                    item.done.set()

    def _close(self, key: Key, group: _Group[Request, Result]) -> None:
        group.full.set()
        if self._open.get(key) is group:
            del self._open[key]
