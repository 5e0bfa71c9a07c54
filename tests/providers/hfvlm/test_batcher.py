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


def test_the_next_batch_takes_every_request_that_waited_while_the_model_ran() -> None:
    run = Doubler()
    batcher: MicroBatcher[str, int, int] = MicroBatcher(run, batch_size=4)
    results: dict[int, int] = {}

    async def one(number: int) -> None:
        results[number] = await batcher.submit("images", number)

    async def main() -> None:
        async with anyio.create_task_group() as group:
            group.start_soon(one, 0)
            await anyio.sleep(0.005)  # the first request runs alone: the model was idle
            for number in range(1, 7):  # these arrive while it runs
                group.start_soon(one, number)

    anyio.run(main)
    assert results == {n: 2 * n for n in range(7)}
    assert [numbers for _, numbers in run.batches] == [[0], [1, 2, 3, 4], [5, 6]]
    assert batcher.batch_sizes == [1, 4, 2]
    assert run.most_at_once == 1


def test_simultaneous_requests_fill_batches_of_at_most_batch_size() -> None:
    run = Doubler()
    batcher: MicroBatcher[str, int, int] = MicroBatcher(run, batch_size=4)

    results = submit_all(batcher, [("images", n) for n in range(10)])

    assert results == [2 * n for n in range(10)]
    assert batcher.batch_sizes == [4, 4, 2]


def test_requests_with_different_keys_never_share_a_batch() -> None:
    run = Doubler()
    batcher: MicroBatcher[str, int, int] = MicroBatcher(run, batch_size=8)
    requests = [("images" if n % 2 else "text", n) for n in range(8)]

    results = submit_all(batcher, requests)

    assert results == [2 * n for n in range(8)]
    assert sorted(run.batches) == [("images", [1, 3, 5, 7]), ("text", [0, 2, 4, 6])]


def test_a_request_to_an_idle_model_never_waits_on_a_timer() -> None:
    run = Doubler()
    batcher: MicroBatcher[str, int, int] = MicroBatcher(run, batch_size=8)
    finished: list[float] = []

    async def main() -> None:
        started = time.monotonic()
        for number in range(5):  # one after another: the model is idle at each
            assert await batcher.submit("text", number) == 2 * number
            finished.append(time.monotonic() - started)

    anyio.run(main)
    assert batcher.batch_sizes == [1] * 5
    # Each answer takes the batch function's 20 ms, with nothing added to wait for others.
    assert finished[-1] < 5 * 0.02 + 0.05


def test_a_cancelled_request_leaves_the_queue_and_the_others_are_answered() -> None:
    run = Doubler()
    batcher: MicroBatcher[str, int, int] = MicroBatcher(run, batch_size=4)
    results: dict[int, int] = {}

    async def one(number: int) -> None:
        results[number] = await batcher.submit("text", number)

    async def main() -> None:
        async with anyio.create_task_group() as group:
            group.start_soon(one, 0)
            await anyio.sleep(0.005)
            async with anyio.create_task_group() as doomed:  # waits while 0 runs, then gives up
                doomed.start_soon(one, 99)
                await anyio.sleep(0.001)
                doomed.cancel_scope.cancel()
            for number in (1, 2):
                group.start_soon(one, number)

    anyio.run(main)
    assert results == {0: 0, 1: 2, 2: 4}
    assert [numbers for _, numbers in run.batches] == [[0], [1, 2]]


def test_a_failed_batch_fails_every_request_in_it() -> None:
    batcher: MicroBatcher[str, int, int] = MicroBatcher(Doubler(fail=True), 4)
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


def test_requests_that_arrive_while_the_model_gets_ready_share_the_first_batch() -> None:
    run = Doubler()

    async def load() -> None:  # e.g. the weights loading before the first batch
        await anyio.sleep(0.05)

    batcher: MicroBatcher[str, int, int] = MicroBatcher(run, batch_size=8, prepare=load)
    results: dict[int, int] = {}

    async def one(number: int) -> None:
        results[number] = await batcher.submit("images", number)

    async def main() -> None:
        async with anyio.create_task_group() as group:
            group.start_soon(one, 0)
            await anyio.sleep(0.01)
            for number in range(1, 5):
                group.start_soon(one, number)

    anyio.run(main)
    assert results == {n: 2 * n for n in range(5)}
    assert batcher.batch_sizes == [5]
