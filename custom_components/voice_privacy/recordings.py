"""Assist debug recordings on disk: safe purge and an incremental inventory.

`assist_pipeline` writes each run's audio to `<dir>/<device_id>/<pipeline>/<run>/NN_*.wav`
when `debug_recording_dir` is set, and never deletes it. This module is plain, blocking file
code (run it in the executor) that touches nothing but WAV files below one assistant's own
device folder: it does not follow symlinks, leaves other files alone, and treats a file that
vanishes meanwhile as already gone.
"""

from __future__ import annotations

from collections.abc import Iterator
import contextlib
from dataclasses import dataclass, field
import os
from pathlib import Path
import re
import stat

RECORDING_SUFFIX = ".wav"
_DEVICE_ID = re.compile(r"^[A-Za-z0-9_-]+$")


class UnsafeRecordingsPathError(ValueError):
    """The recordings folder is one that must never be purged."""


@dataclass(slots=True)
class PurgeStats:
    """What a purge removed (or, in a dry run, would remove)."""

    files: int = 0
    bytes: int = 0


@dataclass(frozen=True, slots=True)
class InventoryStats:
    """What is stored for one assistant."""

    files: int
    bytes: int
    oldest: float | None  # modification time, seconds since the epoch


def device_folder(recordings_dir: str, config_dir: str, device_id: str) -> Path:
    """Return the assistant's own folder, refusing any path that could reach further."""
    root = Path(recordings_dir).resolve()
    if root == Path(root.anchor) or root == Path(config_dir).resolve():
        raise UnsafeRecordingsPathError(str(root))
    if not _DEVICE_ID.match(device_id):
        raise UnsafeRecordingsPathError(device_id)
    folder = root / device_id
    if folder.is_symlink() or folder.resolve().parent != root:
        raise UnsafeRecordingsPathError(str(folder))
    return folder


def _recordings(folder: Path) -> Iterator[tuple[str, os.stat_result]]:
    """Yield the WAV files below a folder with their stat, without following symlinks.

    A generator, one folder at a time: a purge of 100,000 files never holds them all in
    memory, which would also make Python's garbage collector stall the event loop.
    """
    stack = [str(folder)]
    while stack:
        try:
            with os.scandir(stack.pop()) as entries:
                listed = list(entries)
        except FileNotFoundError, NotADirectoryError:
            continue
        for entry in listed:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif entry.name.lower().endswith(RECORDING_SUFFIX):
                try:
                    info = entry.stat(follow_symlinks=False)
                except FileNotFoundError:
                    continue
                if stat.S_ISREG(info.st_mode):
                    yield entry.path, info


def purge(folder: Path, older_than: float | None, *, dry_run: bool = False) -> PurgeStats:
    """Remove the WAV files below `folder` last written before `older_than` (all if None).

    Run folders left empty are removed too; a folder that still holds anything else stays.
    """
    stats = PurgeStats()
    emptied: set[str] = set()
    for path, info in _recordings(folder):
        if older_than is not None and info.st_mtime >= older_than:
            continue
        if not dry_run:
            try:
                os.unlink(path)
            except FileNotFoundError:
                continue
            emptied.add(os.path.dirname(path))
        stats.files += 1
        stats.bytes += info.st_size
    # Deepest first, so a pipeline folder can go once its runs have.
    for directory in sorted(emptied | {os.path.dirname(d) for d in emptied}, reverse=True):
        if directory != str(folder):
            # Not empty: it holds files that are not recordings, or new ones. It stays.
            with contextlib.suppress(OSError):
                os.rmdir(directory)
    return stats


@dataclass(slots=True)
class _RunSummary:
    mtime_ns: int
    files: int
    bytes: int
    oldest: float | None


@dataclass(slots=True)
class Inventory:
    """Counts one assistant's recordings, rescanning only the run folders that changed.

    A run folder's modification time changes when a file is added to or removed from it,
    so a refresh stats each run folder and reads only the new or changed ones. (The size of
    a WAV still being written in an unchanged run is caught on the next change.)
    """

    folder: Path
    _runs: dict[str, _RunSummary] = field(default_factory=dict)

    def refresh(self) -> InventoryStats:
        """Return the current totals."""
        seen: dict[str, _RunSummary] = {}
        loose: list[tuple[str, os.stat_result]] = []
        for run in self._run_folders(loose):
            path, mtime_ns = run
            cached = self._runs.get(path)
            if cached is None or cached.mtime_ns != mtime_ns:
                files = list(_recordings(Path(path)))
                cached = _RunSummary(
                    mtime_ns,
                    len(files),
                    sum(info.st_size for _, info in files),
                    min((info.st_mtime for _, info in files), default=None),
                )
            seen[path] = cached
        self._runs = seen
        summaries = list(seen.values())
        oldest = [s.oldest for s in summaries if s.oldest is not None]
        oldest += [info.st_mtime for _, info in loose]
        return InventoryStats(
            files=sum(s.files for s in summaries) + len(loose),
            bytes=sum(s.bytes for s in summaries) + sum(info.st_size for _, info in loose),
            oldest=min(oldest, default=None),
        )

    def _run_folders(self, loose: list[tuple[str, os.stat_result]]) -> list[tuple[str, int]]:
        """Return (path, mtime) of each `<pipeline>/<run>` folder; WAVs outside go to `loose`."""
        runs: list[tuple[str, int]] = []
        try:
            pipelines = list(os.scandir(self.folder))
        except FileNotFoundError, NotADirectoryError:
            return runs
        for pipeline in pipelines:
            if not pipeline.is_dir(follow_symlinks=False):
                continue
            try:
                entries = list(os.scandir(pipeline.path))
            except FileNotFoundError, NotADirectoryError:
                continue
            for entry in entries:
                try:
                    info = entry.stat(follow_symlinks=False)
                except FileNotFoundError:
                    continue
                if stat.S_ISDIR(info.st_mode):
                    runs.append((entry.path, info.st_mtime_ns))
                elif stat.S_ISREG(info.st_mode) and entry.name.lower().endswith(RECORDING_SUFFIX):
                    loose.append((entry.path, info))
        return runs
