"""Measure how late the event loop runs: the worst stall while something happens.

Shared by the benchmarks. A coroutine sleeps 1 ms in a loop and keeps the worst lateness of
its wake-ups; on leaving, a wake-up that is already late counts too, so a stall that lasts
until the end of the measured work is not missed.
"""

from __future__ import annotations

import asyncio
from contextlib import suppress
from typing import Self


class StallWatch:
    """While active, wake up every millisecond and keep the worst lateness (seconds)."""

    def __init__(self) -> None:
        """Nothing seen yet."""
        self.worst = 0.0
        self._due = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            self._due = loop.time() + 0.001
            await asyncio.sleep(0.001)
            self.worst = max(self.worst, loop.time() - self._due)

    async def __aenter__(self) -> Self:
        """Start watching; the watcher is asleep once this returns."""
        self._task = asyncio.create_task(self._watch())
        await asyncio.sleep(0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        """Stop watching; a wake-up that is late already counts."""
        assert self._task is not None
        self.worst = max(self.worst, asyncio.get_running_loop().time() - self._due)
        self._task.cancel()
        with suppress(asyncio.CancelledError):
            await self._task
