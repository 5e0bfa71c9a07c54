"""The micro-batcher: concurrent requests grouped by key, bounded in size, one batch at a time."""

from __future__ import annotations

import time
from collections.abc import Sequence

import anyio

from bj_evals.providers.hfvlm.batcher import MicroBatcher


class Doubler:
    """A batch function that doubles numbers and keeps each batch it was given."""

    def __init__(self, fail: bool = False) -> None:
        self.batches: list[tuple[str, list[int]]] = []
        self.running = 0
        self.most_at_once = 0
        self.fail = fail

    async def __call__(self, key: str, numbers: Sequence[int]) -> list[int]:
        self.running += 1
        self.most_at_once = max(self.most_at_once, self.running)
        await anyio.sleep(0.02)
        self.running -= 1
        self.batches.append((key, list(numbers)))
        if self.fail:
            raise RuntimeError("out of memory")
        return [2 * number for number in numbers]


def submit_all(batcher: MicroBatcher[str, int, int], requests: list[tuple[str, int]]) -> list[int]:
    results: dict[int, int] = {}

    async def one(index: int, key: str, number: int) -> None:
        results[index] = await batcher.submit(key, number)

    async def main() -> None:
        async with anyio.create_task_group() as group:
            for index, (key, number) in enumerate(requests):
                group.start_soon(one, index, key, number)

    anyio.run(main)
    return [results[index] for index in range(len(requests))]


def test_concurrent_requests_share_batches_of_at_most_batch_size() -> None:
    run = Doubler()
    batcher: MicroBatcher[str, int, int] = MicroBatcher(run, batch_size=4, window=0.5)

    results = submit_all(batcher, [("images", n) for n in range(10)])

    assert results == [2 * n for n in range(10)]
    assert sorted(len(numbers) for _, numbers in run.batches) == [2, 4, 4]
    assert run.most_at_once == 1


def test_requests_with_different_keys_never_share_a_batch() -> None:
    run = Doubler()
    batcher: MicroBatcher[str, int, int] = MicroBatcher(run, batch_size=8, window=0.2)
    requests = [("images" if n % 2 else "text", n) for n in range(8)]

    results = submit_all(batcher, requests)

    assert results == [2 * n for n in range(8)]
    assert sorted(run.batches) == [("images", [1, 3, 5, 7]), ("text", [0, 2, 4, 6])]


def test_a_lone_request_waits_only_the_window() -> None:
    batcher: MicroBatcher[str, int, int] = MicroBatcher(Doubler(), batch_size=8, window=0.05)
    started = time.monotonic()
    assert submit_all(batcher, [("text", 21)]) == [42]
    assert time.monotonic() - started < 1.0


def test_a_failed_batch_fails_every_request_in_it() -> None:
    batcher: MicroBatcher[str, int, int] = MicroBatcher(Doubler(fail=True), 4, window=0.1)
    errors: list[str] = []

    async def one(number: int) -> None:
        try:
            await batcher.submit("text", number)
        except RuntimeError as error:
            errors.append(str(error))

    async def main() -> None:
        async with anyio.create_task_group() as group:
            for number in range(3):
                group.start_soon(one, number)

    anyio.run(main)
    assert errors == ["out of memory"] * 3
