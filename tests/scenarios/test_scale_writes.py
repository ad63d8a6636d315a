"""Many devices answering at once: the entities follow without holding the event loop.

Entities are written by one task in batches (changes.py); what must not be lost to that: our
own actions return with their entities written, the hub keeps up with a stream of changes,
a short listening is seen, and Home Assistant's stop writes what is left.
"""

from __future__ import annotations

import asyncio
from typing import Any
from unittest.mock import patch

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voice_privacy.const import DOMAIN
from custom_components.voice_privacy.sensor import AssistantSensor
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from tests.conftest import assistant_subentry, collect_events, settle, setup_integration

SIZE = 30


def _microphone(hass: HomeAssistant, index: int) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, f"a{index:02d}_id_microphone"
    )
    assert entity_id is not None
    return entity_id


@pytest.fixture
async def many(hass: HomeAssistant) -> MockConfigEntry:
    """A hub of SIZE assistants, each with a mute switch and a plug, all live.

    The switches are optimistic template switches: they take a command and report at once.
    """
    switches = [
        {"name": name, "unique_id": name, "turn_on": [], "turn_off": []}
        for index in range(SIZE)
        for name in (f"mute_{index}", f"plug_{index}")
    ]
    assert await async_setup_component(hass, "template", {"template": [{"switch": switches}]})
    await settle(hass)
    for index in range(SIZE):
        hass.states.async_set(f"switch.mute_{index}", "off")
        hass.states.async_set(f"switch.plug_{index}", "on")
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Voice Privacy",
        data={"confirm_timeout": 1.0},
        subentries_data=[
            assistant_subentry(
                f"A{index:02d}",
                "other",
                mute=f"switch.mute_{index}",
                power=f"switch.plug_{index}",
            )
            for index in range(SIZE)
        ],
    )
    await setup_integration(hass, entry)
    return entry


def _muted(hass: HomeAssistant) -> int:
    return sum(hass.states.is_state(_microphone(hass, i), "muted") for i in range(SIZE))


async def test_many_devices_answering_at_once_leave_the_loop_room(
    hass: HomeAssistant, many: MockConfigEntry
) -> None:
    """Every mute pressed in one turn: the sensors are written in slices, work runs between.

    With a slice of no time at all, each slice writes one change; something else waiting
    for the event loop runs before the last microphone is written, not after all of them.
    """
    seen: list[int] = []
    with patch("custom_components.voice_privacy.changes.TURN_BUDGET", 0):
        for index in range(SIZE):
            hass.states.async_set(f"switch.mute_{index}", "on")
        hass.loop.call_soon(lambda: seen.append(_muted(hass)))
        await hass.async_block_till_done()
    assert seen[0] < SIZE
    assert _muted(hass) == SIZE
    assert hass.states.get("sensor.voice_privacy_live_microphones").state == "0"
    assert hass.states.is_state("binary_sensor.voice_privacy_all_microphones_private", "on")


async def test_an_assistant_changed_twice_in_a_turn_is_written_once(
    hass: HomeAssistant, many: MockConfigEntry
) -> None:
    """Mute and plug switched in the same turn: its microphone is written once, as it ends."""
    microphone = _microphone(hass, 0)
    changes = collect_events(hass, "state_changed")
    hass.states.async_set("switch.mute_0", "on")
    hass.states.async_set("switch.plug_0", "off")
    await hass.async_block_till_done()
    written = [e for e in changes if e.data["entity_id"] == microphone]
    assert [e.data["new_state"].state for e in written] == ["powered_off"]


async def test_an_entity_failing_to_write_leaves_the_others_written(
    hass: HomeAssistant, many: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    """One entity raising while it is written is logged; every other entity is still written."""
    real = AssistantSensor.native_value

    def _value(self: AssistantSensor) -> Any:
        if self.assistant_id == "a00_id" and self.entity_description.key == "privacy_score":
            raise RuntimeError("broken score")
        return real.fget(self)  # type: ignore[attr-defined]

    with patch.object(AssistantSensor, "native_value", property(_value)):
        for index in (0, 1):
            hass.states.async_set(f"switch.mute_{index}", "on")
        await hass.async_block_till_done()
    assert "broken score" in caplog.text
    assert hass.states.is_state(_microphone(hass, 0), "muted")
    assert hass.states.is_state(_microphone(hass, 1), "muted")
    assert hass.states.is_state("switch.a00_privacy_mode", "on")


async def test_the_home_switch_returns_with_every_entity_written(
    hass: HomeAssistant, many: MockConfigEntry
) -> None:
    """A blocking call returns once the entities show it, however many slices they take."""
    with patch("custom_components.voice_privacy.changes.TURN_BUDGET", 0):
        await hass.services.async_call(
            "switch",
            "turn_on",
            {"entity_id": "switch.voice_privacy_all_assistants"},
            blocking=True,
        )
        assert _muted(hass) == SIZE
        assert hass.states.is_state("switch.voice_privacy_all_assistants", "on")
        assert hass.states.get("sensor.voice_privacy_live_microphones").state == "0"
        response = await hass.services.async_call(
            DOMAIN,
            "set_privacy_mode",
            {
                "entity_id": [f"switch.a{index:02d}_privacy_mode" for index in range(SIZE)],
                "enabled": False,
            },
            blocking=True,
            return_response=True,
        )
        assert response is not None
        # What the response says is what the entities show when it comes.
        assert not any(a["privacy_mode"] for a in response["assistants"])  # type: ignore[index,union-attr]
        assert _muted(hass) == 0
        assert hass.states.is_state("switch.a00_privacy_mode", "off")


async def test_the_hub_keeps_up_with_a_stream_of_changes(
    hass: HomeAssistant, many: MockConfigEntry
) -> None:
    """Devices answering one per turn: the live count moves with them, not only at the end."""
    for index in range(SIZE):
        hass.states.async_set(f"switch.mute_{index}", "on")
    await hass.async_block_till_done()
    live = "sensor.voice_privacy_live_microphones"
    assert hass.states.get(live).state == "0"
    changes = collect_events(hass, "state_changed")
    for index in range(SIZE):
        hass.states.async_set(f"switch.mute_{index}", "off")
        await asyncio.sleep(0)
    during = [e for e in changes if e.data["entity_id"] == live]
    await hass.async_block_till_done()
    assert len(during) > 1
    assert hass.states.get(live).state == str(SIZE)


async def test_home_assistant_stopping_writes_what_is_left(
    hass: HomeAssistant, many: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    """Every device answers just as Home Assistant stops: nothing is left running or unwritten.

    Home Assistant waits at its stop only for tasks started after it began, and cancels the
    others at its close; the entities are written at the stop instead.
    """
    with patch("custom_components.voice_privacy.changes.TURN_BUDGET", 0):
        for index in range(SIZE):
            hass.states.async_set(f"switch.mute_{index}", "on")
        await asyncio.sleep(0)
        await hass.async_stop(force=True)
    assert "still running" not in caplog.text
    assert _muted(hass) == SIZE


async def test_an_action_waits_for_its_own_change_not_a_batch_already_running(
    hass: HomeAssistant, many: MockConfigEntry
) -> None:
    """A privacy switch turned on while other devices' answers are written returns shown.

    The batch being written began before the switch's change: it is not the one the switch
    waits for.
    """
    microphone = _microphone(hass, 0)
    with patch("custom_components.voice_privacy.changes.TURN_BUDGET", 0):
        for index in range(1, SIZE):
            hass.states.async_set(f"switch.mute_{index}", "on")
        for _ in range(3):
            await asyncio.sleep(0)
        await hass.services.async_call(
            "switch", "turn_on", {"entity_id": "switch.a00_privacy_mode"}, blocking=True
        )
        assert hass.states.is_state(microphone, "muted")
        assert hass.states.is_state("switch.a00_privacy_mode", "on")
