"""Benchmark: purging and counting 100,000 Assist debug recordings.

Builds `<tmp>/<device>/<pipeline>/<run>/NN_*.wav` with 10,000 runs of 10 files, then:
- baseline: `find DIR -name '*.wav' -mmin +N -delete` on one copy of the tree;
- ours: `recordings.purge` on another copy, run in an executor thread exactly as the
  integration runs it, while a coroutine on the event loop measures how late it wakes up
  (the worst event-loop delay seen during the purge);
- inventory: a cold count, a refresh with nothing changed, and one after a new run.

Run: .venv/bin/python benchmarks/purge_recordings.py [--runs 10000] [--files-per-run 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path
import shutil
import sys
import tempfile
import time

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# Shared with privacy_at_scale.py; this script's own folder is on the path.
from loop_stall import StallWatch

from custom_components.voice_privacy.recordings import (
    DeviceFolder,
    Inventory,
    purge,
)

DEVICE = "0123456789abcdef0123456789abcdef"
WAV = b"RIFF" + b"\0" * 40
AGE = 3 * 86400  # every file is three days old


def build(root: Path, runs: int, per_run: int) -> Path:
    """Write the tree and age every file."""
    folder = root / DEVICE / "Home Assistant"
    stamp = time.time() - AGE
    for run in range(runs):
        run_dir = folder / str(1_000_000 + run)
        run_dir.mkdir(parents=True)
        for index in range(per_run):
            path = run_dir / f"{index:02d}_stt.wav"
            path.write_bytes(WAV)
            os.utime(path, (stamp, stamp))
    return root


async def find_with_loop_monitor(folder: Path) -> tuple[float, float]:
    """Run find -delete in another process; the loop delay it causes is the machine's."""
    async with StallWatch() as monitor:
        start = time.perf_counter()
        process = await asyncio.create_subprocess_exec(
            "/usr/bin/find", str(folder), "-name", "*.wav", "-mmin", "+60", "-delete"
        )
        assert await process.wait() == 0
        elapsed = time.perf_counter() - start
    return elapsed, monitor.worst


async def purge_with_loop_monitor(folder: DeviceFolder, cutoff: float) -> tuple[float, int, float]:
    """Purge in the executor; return seconds, files removed and the worst loop delay (s)."""
    loop = asyncio.get_running_loop()
    async with StallWatch() as monitor:
        start = time.perf_counter()
        stats = await loop.run_in_executor(None, lambda: purge(folder, cutoff))
        elapsed = time.perf_counter() - start
    return elapsed, stats.files, monitor.worst


def main() -> None:
    """Build, purge both ways, count, print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--files-per-run", type=int, default=10)
    args = parser.parse_args()
    total = args.runs * args.files_per_run
    work = Path(tempfile.mkdtemp(prefix="vp_bench_"))
    try:
        print(f"tree: {total:,} files in {args.runs:,} runs under {work}")
        start = time.perf_counter()
        baseline = build(work / "find", args.runs, args.files_per_run)
        ours = build(work / "ours", args.runs, args.files_per_run)
        print(f"built two copies in {time.perf_counter() - start:.1f} s")
        # Both copies start from the same state: written out, nothing dirty in the cache.
        os.sync()
        find_seconds, find_worst = asyncio.run(find_with_loop_monitor(baseline))
        left = sum(1 for _ in baseline.rglob("*.wav"))
        assert left == 0, left
        find_rate = total / find_seconds
        print(f"find -delete:        {find_seconds:6.2f} s  {find_rate:10,.0f} files/s")
        print(
            f"worst event-loop delay while find runs in another process: {find_worst * 1000:.1f} ms"
        )

        folder = DeviceFolder(str(ours), str(work / "config"), DEVICE)

        inventory = Inventory(folder)
        start = time.perf_counter()
        stats = inventory.refresh()
        cold = time.perf_counter() - start
        assert stats.files == total, stats
        start = time.perf_counter()
        inventory.refresh()
        warm = time.perf_counter() - start
        new_run = Path(folder.path) / "Home Assistant" / "9999999"
        new_run.mkdir()
        (new_run / "00_wake.wav").write_bytes(WAV)
        start = time.perf_counter()
        stats = inventory.refresh()
        changed = time.perf_counter() - start
        assert stats.files == total + 1, stats
        (new_run / "00_wake.wav").unlink()
        new_run.rmdir()
        print(
            f"inventory refresh:   cold {cold * 1000:7.1f} ms, unchanged {warm * 1000:7.1f} ms,"
            f" one new run {changed * 1000:7.1f} ms"
        )

        os.sync()
        cutoff = time.time() - 3600
        seconds, removed, worst = asyncio.run(purge_with_loop_monitor(folder, cutoff))
        assert removed == total, removed
        rate = removed / seconds
        print(f"voice_privacy purge: {seconds:6.2f} s  {rate:10,.0f} files/s")
        print(f"ratio to find:       {rate / find_rate:6.2f} (target >= 0.5)")
        print(f"worst event-loop delay during purge: {worst * 1000:.1f} ms (target < 50 ms)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
