"""Assist debug recordings on disk: safe purge and an incremental inventory.

`assist_pipeline` writes each run's audio to `<dir>/<device_id>/<pipeline>/<run>/NN_*.wav`
when `debug_recording_dir` is set, and never deletes it. This module is plain, blocking file
code: every call that touches the disk runs in the executor, and the check that a folder is
safe is made by the same call that then reads or deletes in it. It touches nothing but WAV
files below one assistant's own device folder and leaves other files alone.

It walks by directory handle and never follows a symlink: each folder is opened by name
inside the open folder above it, refusing a link, and files are read and deleted by name
inside their open folder. A folder swapped for a symlink meanwhile leads nowhere: the walk
goes on in the folder it had opened, or skips the link. A file that vanishes meanwhile is
already gone; a file or folder the disk refuses to read or delete is skipped and counted,
and the purge goes on with everything else it can reach. Folders nested more than
`MAX_DEPTH` levels below the device folder are left alone (assist_pipeline writes two).
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
import errno
import os
import re
import stat

RECORDING_SUFFIX = ".wav"
_DEVICE_ID = re.compile(r"^[A-Za-z0-9_-]+$")
# A folder opened by name inside its parent's handle; a symlink in its place is refused.
_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
# Opening a folder that is not there, is no folder, or is a symlink: nothing to walk there.
_NOT_A_FOLDER = frozenset({errno.ENOENT, errno.ENOTDIR, errno.ELOOP})
# Folders below the device folder that are walked: <pipeline>/<run>, and room to spare.
MAX_DEPTH = 16


class UnsafeRecordingsPathError(ValueError):
    """The recordings folder is one that must never be purged."""


@dataclass(slots=True)
class PurgeStats:
    """What a purge removed (or, in a dry run, would remove), and what the disk refused."""

    files: int = 0
    bytes: int = 0
    oldest: float | None = None  # modification time of the oldest of those files
    errors: int = 0  # files and folders that could not be read or deleted
    error: OSError | None = None  # the first of those errors

    def add(self, info: os.stat_result) -> None:
        """Count one recording."""
        self.files += 1
        self.bytes += info.st_size
        if self.oldest is None or info.st_mtime < self.oldest:
            self.oldest = info.st_mtime

    def refused(self, err: OSError) -> None:
        """Count a file or folder the disk refused to read or delete."""
        self.errors += 1
        if self.error is None:
            self.error = err


@dataclass(frozen=True, slots=True)
class InventoryStats:
    """What is stored for one assistant."""

    files: int
    bytes: int
    oldest: float | None  # modification time, seconds since the epoch


@dataclass(frozen=True, slots=True)
class DeviceFolder:
    """One assistant's folder below the recordings folder: named here, checked when opened.

    Making one touches no file; `open` (in the executor) checks and opens it.
    """

    recordings_dir: str
    config_dir: str
    device_id: str

    @property
    def path(self) -> str:
        """The folder's path as configured, for messages."""
        return os.path.join(self.recordings_dir, self.device_id)

    def open(self) -> int | None:
        """Return a handle on the folder (None when there is none); the caller closes it.

        Refuses the root folder, the configuration folder, a device id that is not a plain
        name, and a device folder that is a symlink. Raises OSError when the disk refuses.
        """
        root = os.path.realpath(self.recordings_dir)
        if root == os.path.dirname(root) or root == os.path.realpath(self.config_dir):
            raise UnsafeRecordingsPathError(root)
        if not _DEVICE_ID.match(self.device_id):
            raise UnsafeRecordingsPathError(self.device_id)
        if (root_fd := _open_folder(root)) is None:
            return None
        try:
            # Checked on the open handle, so a path swapped since it was resolved cannot pass.
            opened = os.fstat(root_fd)
            if any(_same(opened, path) for path in ("/", self.config_dir)):
                raise UnsafeRecordingsPathError(root)
            try:
                return os.open(self.device_id, _FOLDER, dir_fd=root_fd)
            except OSError as err:
                if err.errno not in _NOT_A_FOLDER:
                    raise
                if _is_link(self.device_id, root_fd):
                    raise UnsafeRecordingsPathError(self.path) from err
                return None
        finally:
            os.close(root_fd)


def _is_link(name: str, dir_fd: int) -> bool:
    # Linux refuses a symlink opened as a folder with ENOTDIR, not ELOOP: look at it again.
    try:
        return stat.S_ISLNK(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode)
    except OSError:
        return False


def _same(opened: os.stat_result, path: str) -> bool:
    try:
        return os.path.samestat(opened, os.stat(path))
    except OSError:
        return False


def _open_folder(name: str, dir_fd: int | None = None) -> int | None:
    """Open a folder without following a symlink; None when there is no folder by that name."""
    try:
        return os.open(name, _FOLDER, dir_fd=dir_fd)
    except OSError as err:
        if err.errno in _NOT_A_FOLDER:
            return None
        raise


def _listing(dir_fd: int) -> list[os.DirEntry[str]]:
    with os.scandir(dir_fd) as entries:
        return list(entries)


@dataclass(slots=True)
class _Sweep:
    """Remove (or only count) the WAVs below an open folder, last written before a time."""

    older_than: float | None
    remove: bool
    stats: PurgeStats = field(default_factory=PurgeStats)

    def folder(self, dir_fd: int, depth: int = 0) -> bool:
        """Sweep an open folder and the folders below it; True when it removed anything.

        Depth first, one folder at a time, with one open handle per level: a purge of
        100,000 files never holds them all in memory, which would also make Python's
        garbage collector stall the event loop. A folder emptied of its recordings goes
        too; one that still holds anything else stays.
        """
        stats = self.stats
        older_than = self.older_than
        try:
            entries = _listing(dir_fd)
        except OSError as err:
            stats.refused(err)
            return False
        removed = False
        for entry in entries:
            name = entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if depth < MAX_DEPTH and self._subfolder(dir_fd, name, depth + 1):
                        removed = True
                        with suppress(OSError):  # not empty: it holds other files, or new ones
                            os.rmdir(name, dir_fd=dir_fd)
                    continue
                if not name.lower().endswith(RECORDING_SUFFIX):
                    continue
                info = entry.stat(follow_symlinks=False)
                if not stat.S_ISREG(info.st_mode) or (
                    older_than is not None and info.st_mtime >= older_than
                ):
                    continue
                if self.remove:
                    os.unlink(name, dir_fd=dir_fd)
                    removed = True
            except FileNotFoundError:
                continue
            except OSError as err:
                stats.refused(err)
                continue
            stats.add(info)
        return removed

    def _subfolder(self, dir_fd: int, name: str, depth: int) -> bool:
        if (fd := _open_folder(name, dir_fd)) is None:
            return False  # gone, or swapped for a symlink since it was listed
        try:
            return self.folder(fd, depth)
        finally:
            os.close(fd)


def purge(folder: DeviceFolder, older_than: float | None, *, dry_run: bool = False) -> PurgeStats:
    """Remove the WAV files below `folder` last written before `older_than` (all if None).

    Run folders left empty are removed too; a folder that still holds anything else stays.
    Raises UnsafeRecordingsPathError for a folder that must not be purged; what the disk
    refuses is counted in the result instead.
    """
    sweep = _Sweep(older_than, remove=not dry_run)
    try:
        device_fd = folder.open()
    except OSError as err:
        sweep.stats.refused(err)
        return sweep.stats
    if device_fd is not None:
        try:
            sweep.folder(device_fd)
        finally:
            os.close(device_fd)
    return sweep.stats


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
    a WAV still being written in an unchanged run is caught on the next change.) It walks
    the same way as the purge, by handle and never through a symlink.
    """

    folder: DeviceFolder
    _runs: dict[tuple[str, str], _RunSummary] = field(default_factory=dict)

    def refresh(self) -> InventoryStats:
        """Return the current totals.

        Raises UnsafeRecordingsPathError for a folder that must not be read, and OSError
        when the disk refuses to read any part of it.
        """
        if (device_fd := self.folder.open()) is None:
            self._runs = {}
            return InventoryStats(0, 0, None)
        try:
            return self._count(device_fd)
        finally:
            os.close(device_fd)

    def _count(self, device_fd: int) -> InventoryStats:
        seen: dict[tuple[str, str], _RunSummary] = {}
        loose = PurgeStats()  # WAVs right in a pipeline folder, outside any run
        for pipeline in _listing(device_fd):
            if not pipeline.is_dir(follow_symlinks=False):
                continue
            if (pipeline_fd := _open_folder(pipeline.name, device_fd)) is None:
                continue
            try:
                self._count_pipeline(pipeline_fd, pipeline.name, seen, loose)
            finally:
                os.close(pipeline_fd)
        self._runs = seen
        summaries = list(seen.values())
        oldest = [s.oldest for s in summaries if s.oldest is not None]
        if loose.oldest is not None:
            oldest.append(loose.oldest)
        return InventoryStats(
            files=sum(s.files for s in summaries) + loose.files,
            bytes=sum(s.bytes for s in summaries) + loose.bytes,
            oldest=min(oldest, default=None),
        )

    def _count_pipeline(
        self,
        pipeline_fd: int,
        pipeline: str,
        seen: dict[tuple[str, str], _RunSummary],
        loose: PurgeStats,
    ) -> None:
        """Count the run folders of one pipeline (reading only the changed ones)."""
        for entry in _listing(pipeline_fd):
            try:
                info = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue
            if stat.S_ISDIR(info.st_mode):
                key = (pipeline, entry.name)
                cached = self._runs.get(key)
                if cached is None or cached.mtime_ns != info.st_mtime_ns:
                    cached = _count_run(pipeline_fd, entry.name, info.st_mtime_ns)
                if cached is not None:
                    seen[key] = cached
            elif stat.S_ISREG(info.st_mode) and entry.name.lower().endswith(RECORDING_SUFFIX):
                loose.add(info)


def _count_run(pipeline_fd: int, name: str, mtime_ns: int) -> _RunSummary | None:
    """Count one run folder; None when it is gone or was swapped for a symlink."""
    if (fd := _open_folder(name, pipeline_fd)) is None:
        return None
    sweep = _Sweep(None, remove=False)
    try:
        sweep.folder(fd)
    finally:
        os.close(fd)
    stats = sweep.stats
    if stats.error is not None:
        raise stats.error
    return _RunSummary(mtime_ns, stats.files, stats.bytes, stats.oldest)
