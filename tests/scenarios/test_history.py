"""Purging voice history: debug recordings on disk, vendor requests, the audit trail."""

from __future__ import annotations

from datetime import timedelta
import os
from pathlib import Path
import time
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_mock_service,
)

from custom_components.voice_privacy.const import DOMAIN
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError, Unauthorized
from tests.conftest import (
    Devices,
    assistant_subentry,
    collect_events,
    setup_debug_recordings,
    setup_integration,
)

DAY = 86400


def _wav(path: Path, age_days: float, size: int = 100) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\0" * size)
    stamp = time.time() - age_days * DAY
    os.utime(path, (stamp, stamp))
    return path


@pytest.fixture
def recordings(tmp_path: Path, devices: Devices) -> Path:
    """A debug recording tree as assist_pipeline lays it out, with traps around it."""
    root = tmp_path / "debug"
    kitchen = root / devices.kitchen.id / "Home Assistant"
    _wav(kitchen / "100" / "00_wake.wav", 10)
    _wav(kitchen / "100" / "01_stt.wav", 10)
    _wav(kitchen / "200" / "00_wake.wav", 0)
    _wav(kitchen / "300" / "00_wake.wav", 10)
    (kitchen / "300" / "notes.txt").write_text("not a recording")
    _wav(root / "other-device" / "Home Assistant" / "1" / "00_wake.wav", 10)
    _wav(root / "Home Assistant" / "5" / "00_wake.wav", 10)  # a run without a device
    outside = tmp_path / "outside"
    _wav(outside / "00_secret.wav", 10)
    (kitchen / "linked").symlink_to(outside, target_is_directory=True)
    (kitchen / "100" / "link.wav").symlink_to(outside / "00_secret.wav")
    return root


async def _purge(hass: HomeAssistant, target: str | list[str], **data: Any) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN, "purge_history", {"entity_id": target, **data}, blocking=True, return_response=True
    )
    assert response is not None
    return response


def _wavs(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.wav") if not p.is_symlink())


async def test_purge_removes_only_old_recordings_of_the_assistant(
    hass: HomeAssistant, recordings: Path, setup_hub: MockConfigEntry, devices: Devices
) -> None:
    """Old WAVs of this device go; everything else stays where it is."""
    await setup_debug_recordings(hass, recordings)
    before = _wavs(recordings.parent)
    response = await _purge(
        hass,
        "sensor.kitchen_device_microphone",
        older_than={"days": 1},
        sources=["debug_recordings"],
    )
    result = response["assistants"][0]
    assert result["sources"] == {
        "debug_recordings": {"status": "removed", "files": 3, "bytes": 300}
    }
    kitchen = f"debug/{devices.kitchen.id}/Home Assistant"
    gone = {f"{kitchen}/100/00_wake.wav", f"{kitchen}/100/01_stt.wav", f"{kitchen}/300/00_wake.wav"}
    assert _wavs(recordings.parent) == sorted(set(before) - gone)
    assert not (recordings / devices.kitchen.id / "Home Assistant" / "100" / "01_stt.wav").exists()
    assert (recordings / devices.kitchen.id / "Home Assistant" / "300" / "notes.txt").exists()
    assert (recordings.parent / "outside" / "00_secret.wav").exists()
    # The run whose last file went is gone; the one that kept a non-WAV file stays.
    assert (recordings / devices.kitchen.id / "Home Assistant" / "300").is_dir()


async def test_dry_run_deletes_nothing(
    hass: HomeAssistant, recordings: Path, setup_hub: MockConfigEntry
) -> None:
    """A dry run reports, deletes nothing, and leaves no trail."""
    await setup_debug_recordings(hass, recordings)
    events = collect_events(hass, "voice_privacy_history_purged")
    before = _wavs(recordings.parent)
    response = await _purge(
        hass, "sensor.kitchen_device_microphone", dry_run=True, sources=["debug_recordings"]
    )
    assert response["assistants"][0]["sources"]["debug_recordings"] == {
        "status": "would_remove",
        "files": 4,
        "bytes": 400,
    }
    assert _wavs(recordings.parent) == before
    await hass.async_block_till_done()
    assert events == []
    assert hass.states.get("sensor.kitchen_device_last_purge").state == "unknown"


@pytest.mark.parametrize("where", ["root", "config", "device_link"])
async def test_unsafe_recording_dirs_are_refused(
    hass: HomeAssistant,
    recordings: Path,
    setup_hub: MockConfigEntry,
    devices: Devices,
    tmp_path: Path,
    where: str,
) -> None:
    """The root folder, the config folder and a device folder linking out are never purged."""
    directory: Path | str = {"root": "/", "config": hass.config.config_dir}.get(where, "")
    if where == "device_link":
        directory = tmp_path / "linked_root"
        directory.mkdir()
        (directory / devices.kitchen.id).symlink_to(recordings / devices.kitchen.id)
    await setup_debug_recordings(hass, directory)
    before = _wavs(recordings.parent)
    response = await _purge(hass, "sensor.kitchen_device_microphone", sources=["debug_recordings"])
    assert response["assistants"][0]["sources"]["debug_recordings"]["status"] == "failed"
    assert response["assistants"][0]["sources"]["debug_recordings"]["reason"] == "unsafe_path"
    assert _wavs(recordings.parent) == before


async def test_file_vanishing_mid_purge_is_not_an_error(
    hass: HomeAssistant, recordings: Path, setup_hub: MockConfigEntry
) -> None:
    """Another process deleting a file first is fine: it is gone either way."""
    await setup_debug_recordings(hass, recordings)
    real_unlink = os.unlink

    def racing_unlink(path: str, *args: Any, **kwargs: Any) -> None:
        real_unlink(path, *args, **kwargs)
        if path.endswith("01_stt.wav"):
            real_unlink(path, *args, **kwargs)  # FileNotFoundError, as if someone was faster

    with patch("custom_components.voice_privacy.recordings.os.unlink", racing_unlink):
        response = await _purge(
            hass, "sensor.kitchen_device_microphone", sources=["debug_recordings"]
        )
    assert response["assistants"][0]["sources"]["debug_recordings"] == {
        "status": "removed",
        "files": 3,
        "bytes": 300,
    }


async def test_inventory_sensors_and_button(
    hass: HomeAssistant,
    recordings: Path,
    hub_entry: MockConfigEntry,
    devices: Devices,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The sensors count what is stored, follow new runs, and drop to zero after a purge."""
    await setup_debug_recordings(hass, recordings)
    await setup_integration(hass, hub_entry)
    stored = hass.states.get("sensor.kitchen_device_stored_recordings")
    assert stored.state == "4"
    assert stored.attributes["total_size_bytes"] == 400
    assert stored.attributes["recordings_dir"] == str(recordings)
    assert hass.states.get("sensor.kitchen_device_oldest_recording").state != "unknown"
    assert hass.states.get("sensor.nest_stored_recordings") is None  # not a satellite

    _wav(recordings / devices.kitchen.id / "Home Assistant" / "400" / "00_wake.wav", 0, 50)
    freezer.tick(timedelta(minutes=11))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get("sensor.kitchen_device_stored_recordings").state == "5"

    events = collect_events(hass, "voice_privacy_history_purged")
    await hass.services.async_call(
        "button", "press", {"entity_id": "button.kitchen_device_purge_voice_history"}, blocking=True
    )
    await hass.async_block_till_done()
    assert hass.states.get("sensor.kitchen_device_stored_recordings").state == "0"
    assert hass.states.get("sensor.kitchen_device_oldest_recording").state == "unknown"
    assert hass.states.get("sensor.kitchen_device_last_purge").state != "unknown"
    assert [e.data["assistant"] for e in events] == ["Kitchen"]
    assert events[0].data["sources"]["debug_recordings"]["files"] == 5
    assert events[0].data["entity_id"] == "sensor.kitchen_device_last_purge"


async def test_unsafe_dir_makes_inventory_unavailable(
    hass: HomeAssistant, setup_hub: MockConfigEntry
) -> None:
    """A recordings folder that may not be read leaves the sensors unavailable."""
    await setup_debug_recordings(hass, "/")
    await setup_hub.runtime_data.recordings.async_refresh()
    await hass.async_block_till_done()
    assert hass.states.get("sensor.kitchen_device_stored_recordings").state == "unavailable"


async def test_last_purge_and_log_survive_a_restart(
    hass: HomeAssistant,
    setup_hub: MockConfigEntry,
    hass_storage: dict[str, Any],
    tmp_path: Path,
) -> None:
    """The last purge is restored after a restart; the log keeps the newest first.

    The Nest's purges reached nothing (a plug, no cloud deletion): logged, but no last purge.
    """
    await setup_debug_recordings(hass, tmp_path / "debug")
    await hass.services.async_call(
        "button",
        "press",
        {"entity_id": "button.voice_privacy_purge_all_voice_history"},
        blocking=True,
    )
    await _purge(hass, "sensor.kitchen_device_microphone")
    last = hass.states.get("sensor.kitchen_device_last_purge").state
    assert last != "unknown"
    log = hass_storage[f"{DOMAIN}.{setup_hub.entry_id}.history"]["data"]["log"]
    names = [entry["assistant"] for entry in log]
    assert names[0] == "Kitchen"  # newest first
    assert sorted(names[1:]) == ["Echo", "Kitchen", "Nest"]

    assert await hass.config_entries.async_reload(setup_hub.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get("sensor.kitchen_device_last_purge").state == last
    assert hass.states.get("sensor.nest_last_purge").state == "unknown"


@pytest.fixture
async def vendor_hub(hass: HomeAssistant, devices: Devices) -> MockConfigEntry:
    """A hub whose Echo and Nest users opted in to vendor voice deletion, and an Apple one."""
    echo = assistant_subentry("Echo", "alexa", device_id=devices.echo.id, dnd="switch.echo_dnd")
    nest = assistant_subentry("Nest", "google", power="switch.nest_plug")
    for subentry in (echo, nest):
        subentry["data"] = {**subentry["data"], "cloud_voice_delete": True}
    entry = MockConfigEntry(
        domain=DOMAIN,
        data={"confirm_timeout": 1},
        subentries_data=[
            echo,
            nest,
            assistant_subentry("Pod", "apple", power="switch.stuck_plug"),
            assistant_subentry("Mini", "google", power="switch.slow_a_plug"),
        ],
    )
    await setup_integration(hass, entry)
    return entry


def _vendor(response: dict[str, Any]) -> dict[str, Any]:
    return {r["assistant"]: r["sources"]["vendor_cloud"] for r in response["assistants"]}


@pytest.mark.usefixtures("vendor_hub")
async def test_vendor_deletion_is_only_requested(hass: HomeAssistant, devices: Devices) -> None:
    """Opted-in assistants get the vendor's voice command, reported as requested."""
    alexa = async_mock_service(hass, "alexa_devices", "send_text_command")
    google = async_mock_service(hass, "google_assistant_sdk", "send_text_command")
    targets = [
        "button.echo_device_purge_voice_history",
        "sensor.nest_microphone",
        "sensor.pod_microphone",
        "sensor.mini_microphone",
    ]
    response = await _purge(hass, targets, sources=["vendor_cloud"])
    assert _vendor(response) == {
        "Echo": {"status": "requested", "command": "delete everything I said"},
        "Nest": {"status": "requested", "command": "delete everything I said"},
        "Pod": {"status": "not_applicable", "reason": "vendor_offers_no_deletion"},
        "Mini": {"status": "not_applicable", "reason": "not_enabled"},
    }
    assert [c.data for c in alexa] == [
        {"device_id": devices.echo.id, "text_command": "delete everything I said"}
    ]
    assert [c.data for c in google] == [{"command": "delete everything I said"}]


@pytest.mark.usefixtures("vendor_hub")
async def test_vendor_deletion_limits(hass: HomeAssistant) -> None:
    """No command by age, none in a dry run, and a missing integration is a failure."""
    google = async_mock_service(hass, "google_assistant_sdk", "send_text_command")
    by_age = await _purge(hass, "sensor.nest_microphone", older_than={"days": 3})
    assert _vendor(by_age)["Nest"]["reason"] == "vendor_cannot_delete_by_age"
    dry = await _purge(hass, "sensor.nest_microphone", dry_run=True)
    assert _vendor(dry)["Nest"]["status"] == "would_request"
    assert google == []
    missing = await _purge(hass, "sensor.echo_device_microphone", sources=["vendor_cloud"])
    assert _vendor(missing)["Echo"] == {"status": "failed", "reason": "alexa_devices_not_set_up"}


@pytest.mark.usefixtures("vendor_hub")
async def test_vendor_command_error_is_reported(hass: HomeAssistant) -> None:
    """A vendor integration that raises fails that source, not the whole purge."""

    async def failing(call: Any) -> None:
        raise HomeAssistantError("cloud down")

    hass.services.async_register("google_assistant_sdk", "send_text_command", failing)
    response = await _purge(hass, "sensor.nest_microphone")
    assert _vendor(response)["Nest"] == {"status": "failed", "reason": "cloud down"}
    assert response["assistants"][0]["sources"]["recorder"]["status"] == "not_applicable"


@pytest.mark.usefixtures("setup_hub")
async def test_purge_is_admin_only(hass: HomeAssistant, hass_read_only_user: Any) -> None:
    """Like the recorder's own purge, deleting history needs an administrator."""
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            DOMAIN,
            "purge_history",
            {"entity_id": "sensor.nest_microphone"},
            blocking=True,
            context=Context(user_id=hass_read_only_user.id),
        )


async def test_unsafe_dir_at_start_does_not_stop_the_hub(
    hass: HomeAssistant, hub_entry: MockConfigEntry
) -> None:
    """With the recordings folder refused from the start, everything else still works."""
    await setup_debug_recordings(hass, "/")
    await setup_integration(hass, hub_entry)
    assert hass.states.get("sensor.kitchen_device_stored_recordings").state == "unavailable"
    assert hass.states.get("switch.kitchen_device_privacy_mode").state == "off"
