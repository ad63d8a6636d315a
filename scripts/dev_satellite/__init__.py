"""A stand-in Assist satellite for trying Voice Privacy offline (scripts/develop only).

It gives Home Assistant what an ESPHome Voice PE gives it: a device with an
`assist_satellite` entity and a "Mute" switch. With `assist_pipeline: debug_recording_dir`
set, it also leaves a few debug recordings in its device folder at start-up, laid out as
`assist_pipeline` writes them, so the history purge has something real to delete.

Action `dev_satellite.replay_day` writes a made-up past into the recorder for screenshots: see
`async_replay_day`. Nothing of it happened; it is for a Home Assistant that started a minute ago.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
import os
from pathlib import Path
import time
from typing import Any

import voluptuous as vol

from homeassistant.components.recorder import Recorder, get_instance as get_recorder
from homeassistant.components.recorder.history import state_changes_during_period
from homeassistant.components.recorder.tasks import RecorderTask
from homeassistant.config_entries import SOURCE_IMPORT, ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.recorder import session_scope
from homeassistant.helpers.typing import ConfigType
from homeassistant.util import dt as dt_util

DOMAIN = "dev_satellite"
PLATFORMS = [Platform.ASSIST_SATELLITE, Platform.SWITCH]
DEVICE_INFO = dr.DeviceInfo(
    identifiers={(DOMAIN, "kitchen")},
    name="Kitchen Voice PE",
    manufacturer="Stand-in",
    model="Voice PE (development)",
)


# `history`: entity id -> [[state, hours ago], ...]; at most a week back.
REPLAY_SCHEMA = vol.Schema(
    {
        vol.Required("history"): {
            cv.entity_id: vol.All(
                cv.ensure_list,
                vol.Length(min=1),
                [
                    vol.ExactSequence(
                        [cv.string, vol.All(vol.Coerce(float), vol.Range(min=0, max=24 * 7))]
                    )
                ],
            )
        }
    }
)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Create the one config entry from `dev_satellite:` in configuration.yaml."""

    async def replay_day(call: ServiceCall) -> ServiceResponse:
        return await async_replay_day(hass, call.data["history"])

    hass.services.async_register(
        DOMAIN,
        "replay_day",
        replay_day,
        schema=REPLAY_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    if DOMAIN in config and not hass.config_entries.async_entries(DOMAIN):
        hass.async_create_task(
            hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_IMPORT})
        )
    return True


async def async_setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Add the satellite and its mute switch; seed debug recordings."""
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    device = dr.async_get(hass).async_get_device_by_identifier((DOMAIN, "kitchen"), entry.entry_id)
    directory = (hass.data.get("assist_pipeline.config") or {}).get("debug_recording_dir")
    if device and directory:
        # Relative to the working directory, as assist_pipeline takes it.
        folder = Path(directory) / device.id / "Home Assistant"
        await hass.async_add_executor_job(_seed_recordings, folder)
    return True


def _seed_recordings(folder: Path) -> None:
    if folder.exists():
        return
    now = time.time()
    for run, age_days in ((1, 10), (2, 3), (3, 0)):
        run_dir = folder / str(run)
        run_dir.mkdir(parents=True)
        for name in ("00_wake.wav", "01_stt.wav"):
            path = run_dir / name
            path.write_bytes(b"RIFF" + bytes(40))
            stamp = now - age_days * 86400
            os.utime(path, (stamp, stamp))


async def async_unload_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Unload the platforms."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_replay_day(
    hass: HomeAssistant, history: dict[str, list[tuple[str, float]]]
) -> dict[str, Any]:
    """REPLAYED, NOT REAL: write made-up past states of entities into the recorder.

    Development only, for the README's screenshots: a Home Assistant started a minute ago has a
    minute of history, and a 24-hour timeline of it is an empty strip. For each entity id,
    `history` lists (state, hours ago) points; each is set with its past time as its
    `last_changed`/`last_updated`, oldest first, with the entity's current attributes, and the
    recorder stores it as it stores any state. Nothing of it happened: no device did anything,
    and no counter of Voice Privacy (activations, private time) hears of it.

    Real history is never overwritten nor interleaved: every point must be older than the
    entity's earliest recorded state in the replayed hours (and its current state). After the
    points, each entity gets its current state and attributes back, written now, so nothing
    visible changes; the whole replay runs in one go on the event loop, so no other code sees
    a replayed state as the current one. Returns when the recorder has committed it all and
    has reloaded its oldest state's time from the database, as after a purge: history takes
    nothing older than that time as the state a window opens with.
    """
    now = time.time()
    plans: dict[str, list[tuple[str, float]]] = {}
    for entity_id, points in history.items():
        if (current := hass.states.get(entity_id)) is None:
            msg = f"replay_day: {entity_id} has no state to come back to"
            raise ServiceValidationError(msg)
        stamps = sorted(((now - hours * 3600, state) for state, hours in points))
        oldest = dt_util.utc_from_timestamp(stamps[0][0])
        recorded = await get_recorder(hass).async_add_executor_job(
            lambda e=entity_id, t=oldest: state_changes_during_period(
                hass, t, entity_id=e, limit=1, include_start_time_state=False
            )
        )
        real = [s.last_updated_timestamp for s in recorded.get(entity_id, [])]
        first_real = min([*real, current.last_changed_timestamp, current.last_updated_timestamp])
        if stamps[-1][0] >= first_real:
            msg = (
                f"replay_day: {entity_id} has real history from "
                f"{dt_util.utc_from_timestamp(first_real).isoformat()}; "
                "replayed points must be older"
            )
            raise ServiceValidationError(msg)
        plans[entity_id] = [(state, stamp) for stamp, state in stamps]
    _write_replay(hass, plans)
    recorder = get_recorder(hass)
    await recorder.async_block_till_done()
    reloaded = hass.loop.create_future()
    recorder.queue_task(_ReloadOldestState(hass, reloaded))
    await reloaded
    return {
        "replayed": {
            entity_id: [
                [state, dt_util.utc_from_timestamp(stamp).isoformat()] for state, stamp in plan
            ]
            for entity_id, plan in plans.items()
        }
    }


@callback
def _write_replay(hass: HomeAssistant, plans: dict[str, list[tuple[str, float]]]) -> None:
    """Set the replayed states, then the current ones again; no await in between."""
    for entity_id, plan in plans.items():
        current = hass.states.get(entity_id)
        assert current is not None
        for state, stamp in plan:
            # Forced: a point of the current value is a change too, not a mere report.
            hass.states.async_set(
                entity_id, state, current.attributes, force_update=True, timestamp=stamp
            )
        # The current value again, written now: a state change after the replayed past, so
        # the recorder's latest row and the state machine both hold what the entity says.
        hass.states.async_set(
            entity_id, current.state, current.attributes, force_update=True, context=current.context
        )


@dataclass(slots=True)
class _ReloadOldestState(RecorderTask):
    """In the recorder's thread: read its oldest state's time again, as a purge does."""

    hass: HomeAssistant
    done: asyncio.Future[None]

    def run(self, instance: Recorder) -> None:
        """Reload it; tell the event loop."""
        with session_scope(session=instance.get_session()) as session:
            instance.states_manager.load_from_db(session)
        self.hass.loop.call_soon_threadsafe(self.done.set_result, None)
