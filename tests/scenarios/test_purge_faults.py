"""Purging debug recordings on a disk that refuses, and on folders swapped mid-purge.

A disk can refuse a listing or a deletion, and another process can swap a folder for a
symlink at any moment. Neither may abort the purge of the other sources and assistants, and
no swap may let the purge reach a WAV file outside the assistant's own device folder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
import os
from pathlib import Path
import threading
import time
from typing import Any, Self
from unittest.mock import patch

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voice_privacy.const import DOMAIN
from custom_components.voice_privacy.recordings import (
    MAX_DEPTH,
    DeviceFolder,
    Inventory,
    InventoryStats,
    PurgeStats,
    UnsafeRecordingsPathError,
    purge,
)
from homeassistant.core import HomeAssistant
from tests.conftest import Devices, collect_events, setup_debug_recordings

DAY = 86400
KITCHEN = "sensor.kitchen_device_microphone"
ALL = [KITCHEN, "sensor.echo_device_microphone", "sensor.nest_microphone"]
PIPELINE = "Home Assistant"
RECORDINGS = "custom_components.voice_privacy.recordings"


def _wav(path: Path, age_days: float, size: int = 100) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\0" * size)
    stamp = time.time() - age_days * DAY
    os.utime(path, (stamp, stamp))
    return path


@pytest.fixture
def root(tmp_path: Path, devices: Devices) -> Path:
    """The kitchen's recordings (three old, one new), and old WAVs outside with the same names."""
    root = tmp_path / "debug"
    pipeline = root / devices.kitchen.id / PIPELINE
    _wav(pipeline / "100" / "00_wake.wav", 10)
    _wav(pipeline / "100" / "01_stt.wav", 10)
    _wav(pipeline / "200" / "00_wake.wav", 0)
    _wav(pipeline / "300" / "00_wake.wav", 10)
    _wav(tmp_path / "outside" / "00_wake.wav", 10)
    _wav(tmp_path / "outside" / "01_stt.wav", 10)
    _wav(tmp_path / "outside" / PIPELINE / "1" / "00_wake.wav", 10)
    return root


@pytest.fixture
async def pipeline(hass: HomeAssistant, root: Path) -> None:
    """Home Assistant's own assist_pipeline, writing debug recordings to `root`."""
    await setup_debug_recordings(hass, root)


def _outside(root: Path) -> list[str]:
    outside = root.parent / "outside"
    return sorted(str(p.relative_to(outside)) for p in outside.rglob("*.wav"))


async def _purge(hass: HomeAssistant, target: str | list[str], **data: Any) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN, "purge_history", {"entity_id": target, **data}, blocking=True, return_response=True
    )
    assert response is not None
    return {result["assistant"]: result["sources"] for result in response["assistants"]}


def _where(path: Any) -> str:
    """The path a scandir argument names, whether a path or an open directory."""
    if isinstance(path, int):
        return str(Path(f"/proc/self/fd/{path}").readlink())
    return os.fspath(path)


class _Listing:
    """What os.scandir returns, already read: usable with `with` and as an iterator."""

    def __init__(self, entries: list[os.DirEntry[str]]) -> None:
        self._entries = entries

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def __iter__(self) -> Iterator[os.DirEntry[str]]:
        return iter(self._entries)


def _scandir_then(
    when: Callable[[set[str]], bool], action: Callable[[], None]
) -> Callable[..., _Listing]:
    """An os.scandir that runs `action` once, right after a listing `when` picks was read."""
    real = os.scandir
    done = False

    def scandir(path: Any = ".") -> _Listing:
        nonlocal done
        with real(path) as entries:
            listed = list(entries)
        if not done and when({entry.name for entry in listed}):
            done = True
            action()
        return _Listing(listed)

    return scandir


def _swap_for_link(folder: Path, target: Path) -> Callable[[], None]:
    """Move `folder` away and put a symlink to `target` in its place."""

    def swap() -> None:
        folder.rename(folder.with_name(folder.name + "-moved"))
        folder.symlink_to(target, target_is_directory=True)

    return swap


@pytest.mark.usefixtures("setup_hub", "pipeline")
async def test_file_that_cannot_be_deleted_is_skipped(
    hass: HomeAssistant, root: Path, devices: Devices, hass_storage: dict[str, Any]
) -> None:
    """A refused deletion fails the source, not the purge: everything else still runs."""
    real_unlink = os.unlink

    def refusing_unlink(path: Any, *args: Any, **kwargs: Any) -> None:
        if os.fspath(path).endswith("01_stt.wav"):
            raise PermissionError(13, "Permission denied", path)
        real_unlink(path, *args, **kwargs)

    events = collect_events(hass, "voice_privacy_history_purged")
    with patch(f"{RECORDINGS}.os.unlink", refusing_unlink):
        results = await _purge(hass, ALL, older_than={"days": 1})
    await hass.async_block_till_done()

    kitchen = results["Kitchen"]
    assert kitchen["debug_recordings"] == {
        "status": "failed",
        "reason": "os_error",
        "error": "Permission denied",
        "errors": 1,
        "files": 2,
        "bytes": 200,
    }
    assert kitchen["recorder"] == {"status": "not_applicable", "reason": "recorder_not_running"}
    assert kitchen["vendor_cloud"]["status"] == "not_applicable"
    assert sorted(results) == ["Echo", "Kitchen", "Nest"]
    assert sorted(e.data["assistant"] for e in events) == ["Echo", "Kitchen", "Nest"]
    log = hass_storage[f"{DOMAIN}.01HUBENTRY0000000000000000.history"]["data"]["log"]
    assert "Kitchen" in {entry["assistant"] for entry in log}
    assert hass.states.get("sensor.kitchen_device_last_purge").state != "unknown"
    # The one it could not delete stays, the others went; the sensors counted again.
    left = root / devices.kitchen.id / PIPELINE
    assert sorted(str(p.relative_to(left)) for p in left.rglob("*.wav")) == [
        "100/01_stt.wav",
        "200/00_wake.wav",
    ]
    assert hass.states.get("sensor.kitchen_device_stored_recordings").state == "2"


@pytest.mark.parametrize(
    ("refused", "files", "left"),
    [
        (f"{PIPELINE}/300", 2, 2),  # one run folder: the others are purged
        ("", 0, 4),  # the device folder itself: nothing can be reached
    ],
    ids=["run_folder", "device_folder"],
)
@pytest.mark.usefixtures("setup_hub", "pipeline")
async def test_folder_that_cannot_be_listed_is_skipped(
    hass: HomeAssistant, root: Path, devices: Devices, refused: str, files: int, left: int
) -> None:
    """A folder that cannot be read is counted as a failure and the purge goes on."""
    refused_path = str(root / devices.kitchen.id / refused)
    real_scandir = os.scandir

    def refusing_scandir(path: Any = ".") -> Any:
        if _where(path) == refused_path:
            raise PermissionError(13, "Permission denied", refused_path)
        return real_scandir(path)

    with patch(f"{RECORDINGS}.os.scandir", refusing_scandir):
        results = await _purge(hass, ALL, older_than={"days": 1})
    assert results["Kitchen"]["debug_recordings"] == {
        "status": "failed",
        "reason": "os_error",
        "error": "Permission denied",
        "errors": 1,
        "files": files,
        "bytes": files * 100,
    }
    assert sorted(results) == ["Echo", "Kitchen", "Nest"]
    assert len(list((root / devices.kitchen.id).rglob("*.wav"))) == left


@pytest.mark.usefixtures("setup_hub", "pipeline")
async def test_run_folder_swapped_for_a_link_after_listing(
    hass: HomeAssistant, root: Path, devices: Devices
) -> None:
    """A run folder that became a symlink after its pipeline folder was listed is not entered."""
    run = root / devices.kitchen.id / PIPELINE / "100"
    scandir = _scandir_then(
        lambda names: {"100", "200", "300"} <= names, _swap_for_link(run, root.parent / "outside")
    )
    before = _outside(root)
    with patch(f"{RECORDINGS}.os.scandir", scandir):
        results = await _purge(hass, KITCHEN, sources=["debug_recordings"])
    assert _outside(root) == before
    assert results["Kitchen"]["debug_recordings"]["status"] == "removed"
    assert run.is_symlink()


@pytest.mark.usefixtures("setup_hub", "pipeline")
async def test_run_folder_swapped_for_a_link_after_it_was_read(
    hass: HomeAssistant, root: Path, devices: Devices
) -> None:
    """Files are deleted in the folder that was read, never through a link put in its place."""
    run = root / devices.kitchen.id / PIPELINE / "100"
    scandir = _scandir_then(
        lambda names: "01_stt.wav" in names, _swap_for_link(run, root.parent / "outside")
    )
    before = _outside(root)
    with patch(f"{RECORDINGS}.os.scandir", scandir):
        await _purge(hass, KITCHEN, sources=["debug_recordings"])
    assert _outside(root) == before
    assert run.is_symlink()


def _swap_device_on_first_executor_job(hass: HomeAssistant, root: Path, devices: Devices) -> Any:
    """Swap the device folder for a link out when the first executor job is submitted.

    That is the moment between anything checked on the event loop and the work done in the
    executor.
    """
    real = hass.async_add_executor_job
    swap = _swap_for_link(root / devices.kitchen.id, root.parent / "outside")
    swapped = False

    def add_executor_job(target: Any, *args: Any) -> Any:
        nonlocal swapped
        if not swapped:
            swapped = True
            swap()
        return real(target, *args)

    return patch.object(hass, "async_add_executor_job", add_executor_job)


@pytest.mark.usefixtures("setup_hub", "pipeline")
async def test_device_folder_swapped_for_a_link_before_the_purge(
    hass: HomeAssistant, root: Path, devices: Devices
) -> None:
    """The safety check runs in the same executor job that deletes."""
    before = _outside(root)
    with _swap_device_on_first_executor_job(hass, root, devices):
        results = await _purge(hass, KITCHEN, sources=["debug_recordings"])
    assert _outside(root) == before
    assert results["Kitchen"]["debug_recordings"]["status"] == "failed"
    assert results["Kitchen"]["debug_recordings"]["reason"] == "unsafe_path"


@pytest.mark.usefixtures("setup_hub", "pipeline")
async def test_a_purge_that_removed_nothing_is_no_last_purge(
    hass: HomeAssistant, root: Path, devices: Devices
) -> None:
    """*Last purge* is proof that something went.

    A purge the disk refused everywhere (Kitchen) or that found nothing to reach (Nest) is
    logged and announced, but leaves *Last purge* as it was.
    """
    events = collect_events(hass, "voice_privacy_history_purged")
    with _swap_device_on_first_executor_job(hass, root, devices):
        results = await _purge(
            hass, [KITCHEN, "sensor.nest_microphone"], sources=["debug_recordings"]
        )
    await hass.async_block_till_done()
    assert results["Kitchen"]["debug_recordings"]["reason"] == "unsafe_path"
    assert results["Nest"]["debug_recordings"]["status"] == "not_applicable"
    assert sorted(event.data["assistant"] for event in events) == ["Kitchen", "Nest"]
    assert hass.states.get("sensor.kitchen_device_last_purge").state == "unknown"
    assert hass.states.get("sensor.nest_last_purge").state == "unknown"


@pytest.mark.usefixtures("pipeline")
async def test_device_folder_swapped_for_a_link_before_counting(
    hass: HomeAssistant, setup_hub: MockConfigEntry, root: Path, devices: Devices
) -> None:
    """The inventory never counts what a link out of the device folder leads to."""
    with _swap_device_on_first_executor_job(hass, root, devices):
        await setup_hub.runtime_data.recordings.async_refresh()
    await hass.async_block_till_done()
    assert hass.states.get("sensor.kitchen_device_stored_recordings").state == "unavailable"


@pytest.mark.usefixtures("pipeline")
async def test_no_file_system_call_on_the_event_loop(
    hass: HomeAssistant, setup_hub: MockConfigEntry, root: Path
) -> None:
    """Counting and purging touch the recordings folder only from the executor."""
    loop_thread = threading.get_ident()
    on_loop: list[tuple[str, str]] = []

    def watched(name: str) -> Callable[..., Any]:
        real = getattr(os, name)

        def call(path: Any, *args: Any, **kwargs: Any) -> Any:
            if (
                threading.get_ident() == loop_thread
                and isinstance(path, (str, Path))
                and os.fspath(path).startswith(str(root))
            ):
                on_loop.append((name, os.fspath(path)))
            return real(path, *args, **kwargs)

        return call

    names = ("lstat", "stat", "scandir", "open", "readlink", "unlink", "rmdir", "listdir")
    with patch.multiple(os, **{name: watched(name) for name in names}):
        await setup_hub.runtime_data.recordings.async_refresh()
        await _purge(hass, KITCHEN, sources=["debug_recordings"], dry_run=True)
        await _purge(hass, KITCHEN, sources=["debug_recordings"])
    assert on_loop == []
    assert hass.states.get("sensor.kitchen_device_stored_recordings").state == "0"


@pytest.mark.usefixtures("pipeline")
async def test_count_the_disk_refuses_leaves_only_that_assistant_unavailable(
    hass: HomeAssistant,
    setup_hub: MockConfigEntry,
    root: Path,
    devices: Devices,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An unreadable device folder makes its count unavailable, says so once, and recovers."""
    refused_path = str(root / devices.kitchen.id)
    real_scandir = os.scandir

    def refusing_scandir(path: Any = ".") -> Any:
        if _where(path) == refused_path:
            raise PermissionError(13, "Permission denied", refused_path)
        return real_scandir(path)

    coordinator = setup_hub.runtime_data.recordings
    with patch(f"{RECORDINGS}.os.scandir", refusing_scandir):
        await coordinator.async_refresh()
        await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert hass.states.get("sensor.kitchen_device_stored_recordings").state == "unavailable"
    assert caplog.text.count("Cannot count the Assist debug recordings") == 1
    assert "Permission denied" in caplog.text

    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert hass.states.get("sensor.kitchen_device_stored_recordings").state == "4"


def _tree(tmp_path: Path) -> tuple[Path, DeviceFolder]:
    """A device folder of two old runs, a loose WAV, a stray file and a link; WAVs outside."""
    root = tmp_path / "debug"
    pipeline = root / "device" / PIPELINE
    _wav(pipeline / "100" / "00_wake.wav", 10)
    _wav(pipeline / "300" / "00_wake.wav", 10)
    _wav(pipeline / "00_loose.wav", 20)
    (root / "device" / "readme.txt").write_text("not a pipeline")
    (pipeline / "notes.txt").write_text("not a recording")
    _wav(tmp_path / "outside" / "00_wake.wav", 10)
    _wav(tmp_path / "outside" / "run" / "00_wake.wav", 10)
    (pipeline / "linked").symlink_to(tmp_path / "outside", target_is_directory=True)
    return pipeline, DeviceFolder(str(root), str(tmp_path / "config"), "device")


def test_unsafe_device_ids_and_folders_are_refused(tmp_path: Path) -> None:
    """A device id that is no plain name, and a device folder linking out, are refused."""
    pipeline, folder = _tree(tmp_path)
    with pytest.raises(UnsafeRecordingsPathError):
        purge(DeviceFolder(folder.recordings_dir, folder.config_dir, ".."), None)
    (pipeline.parent.parent / "linked-device").symlink_to(pipeline.parent)
    with pytest.raises(UnsafeRecordingsPathError):
        Inventory(DeviceFolder(folder.recordings_dir, folder.config_dir, "linked-device")).refresh()
    assert len(list((tmp_path / "outside").rglob("*.wav"))) == 2


def test_config_folder_reached_through_a_swapped_parent_is_refused(tmp_path: Path) -> None:
    """The folder opened is compared with the configuration folder, not only its path."""
    config = tmp_path / "config"
    _wav(config / "device" / PIPELINE / "1" / "00_wake.wav", 10)
    (tmp_path / "up").symlink_to(tmp_path, target_is_directory=True)
    folder = DeviceFolder(str(tmp_path / "up" / "config"), str(config), "device")
    # As if "up" became a link after the path was resolved.
    with (
        patch(f"{RECORDINGS}.os.path.realpath", os.fspath),
        pytest.raises(UnsafeRecordingsPathError),
    ):
        purge(folder, None)
    assert (config / "device" / PIPELINE / "1" / "00_wake.wav").exists()


def test_missing_folders_hold_nothing(tmp_path: Path) -> None:
    """No recordings folder, or no device folder (or a file in its place): nothing stored."""
    nowhere = DeviceFolder(str(tmp_path / "nowhere"), str(tmp_path / "config"), "device")
    assert purge(nowhere, None) == PurgeStats()
    assert Inventory(nowhere).refresh() == InventoryStats(0, 0, None)
    (tmp_path / "nowhere").mkdir()
    (tmp_path / "nowhere" / "device").write_text("a file")
    assert purge(nowhere, None) == PurgeStats()


def test_folders_the_disk_refuses_to_open_are_counted(tmp_path: Path) -> None:
    """A run folder that cannot be opened is skipped; a device folder, fails the whole."""
    pipeline, folder = _tree(tmp_path)
    real_open = os.open

    def refusing_open(name: Any, *args: Any, **kwargs: Any) -> int:
        if name in refused:
            raise PermissionError(13, "Permission denied", name)
        return real_open(name, *args, **kwargs)

    refused = {"device"}
    with patch(f"{RECORDINGS}.os.open", refusing_open):
        stats = purge(folder, None)
        assert (stats.files, stats.errors) == (0, 1)
        with pytest.raises(PermissionError):
            Inventory(folder).refresh()
        refused = {"300"}
        with pytest.raises(PermissionError):
            Inventory(folder).refresh()
        stats = purge(folder, None)
    assert (stats.files, stats.errors) == (2, 1)
    assert stats.error is not None
    assert stats.error.strerror == "Permission denied"
    assert [p.name for p in pipeline.rglob("*.wav")] == ["00_wake.wav"]  # in run 300
    assert len(list((tmp_path / "outside").rglob("*.wav"))) == 2


def test_inventory_counts_by_handle_and_skips_what_moves(tmp_path: Path) -> None:
    """The inventory counts runs and loose WAVs, never a link, nor a run swapped for one."""
    pipeline, folder = _tree(tmp_path)
    inventory = Inventory(folder)
    stats = inventory.refresh()
    assert (stats.files, stats.bytes) == (3, 300)
    assert stats.oldest == pytest.approx(time.time() - 20 * DAY, abs=60)

    _wav(pipeline / "400" / "00_wake.wav", 0)
    scandir = _scandir_then(
        lambda names: "400" in names,
        _swap_for_link(pipeline / "400", tmp_path / "outside" / "run"),
    )
    with patch(f"{RECORDINGS}.os.scandir", scandir):
        assert inventory.refresh().files == 3


def test_folders_nested_too_deep_are_left_alone(tmp_path: Path) -> None:
    """The walk goes MAX_DEPTH folders down and no further."""
    device = tmp_path / "debug" / "device"
    deepest = device.joinpath(*["d"] * MAX_DEPTH)
    _wav(deepest / "00_wake.wav", 10)
    _wav(deepest / "d" / "00_wake.wav", 10)
    stats = purge(DeviceFolder(str(tmp_path / "debug"), str(tmp_path / "config"), "device"), None)
    assert (stats.files, stats.errors) == (1, 0)
    assert [p.relative_to(deepest) for p in device.rglob("*.wav")] == [Path("d/00_wake.wav")]
