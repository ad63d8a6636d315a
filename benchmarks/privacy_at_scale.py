"""Benchmark: privacy mode, device changes and hub reload with many assistants.

For each size N (default 1, 50 and 200) one in-process Home Assistant is started with:
- N stand-in mute switches, the "devices": a command is answered 50 ms later by a state
  report (the service call returns at once, the state changes only when the device answers,
  as with ESPHome over the network);
- the Voice Privacy hub with N assistants of kind "other", each linked to one mute switch;
- for the baselines, N more stand-in switches nobody watches, N stand-in switches with a
  template sensor each (`{{ states('switch.x') }}`), N stand-in switches with three plain
  entities following each (row 7), and a plain config entry with exactly as many entities
  on as many devices as the hub has (sensors that only hold a value).

Then, --repeat times, each Voice Privacy measure right next to its Home Assistant baseline:
1. the hub's "Privacy mode (all assistants)" switch, switch.turn_on (blocking) until every
   Microphone sensor reads muted, and turn_off until every one reads live;
2. the voice_privacy.set_privacy_mode action (blocking) on every assistant's privacy switch,
   enabled true then false, until every Microphone sensor reads muted, then live;
   the baseline of 1 and 2 is switch.turn_on/turn_off (blocking) on the N unwatched
   switches until all of them report on, then off;
3. switch.turn_on/turn_off straight on the N mute switches Voice Privacy watches, until they
   all report, against the same call on the N switches that a template sensor each watches:
   what watching the switches costs, next to what Home Assistant's own way of following a
   switch costs;
4. every device's mute pressed at once (the N mute switches report on in one go), until
   every Microphone sensor follows; baseline: the same on the switches with template
   sensors, until every template sensor follows; then released;
5. the worst event-loop stall during 1-4: a coroutine sleeps 1 ms in a loop and records
   how late it wakes up (the worst of the Voice Privacy measures against the worst of the
   baselines; the JSON has it per measure, reload included);
6. reload: hass.config_entries.async_reload of the hub plus async_block_till_done, against
   the same for a plain config entry with as many entities on as many devices as the hub
   (at N=200: 2,007 entities on 201 devices). The baseline's entities are sensors of one
   platform that hold a constant; the hub's are spread over six platforms and read its
   coordinator, stores and registries, which is the integration's own work being measured.
7. the floor, not Voice Privacy: switch.turn_on/turn_off on N switches that three plain
   entities each show, written at the switch's every change, until all 3N show it, against
   the baseline of 1 and 2. Any integration that shows a microphone, a privacy switch and a
   score per assistant writes at least that much when the devices answer; rows 1 and 2 can
   come no nearer to Home Assistant's own call than this row.

Times are from the start of the call until the last awaited state is there. The table shows
the median and the max of the repeats (the max includes the first, cold, round) and the
ratio of the medians; the last line of the output is the same figures as JSON.

Only public interfaces of the integration are used: its config entry and subentries,
entities found by unique id in the entity registry, its action, and states.

Run: .venv/bin/python benchmarks/privacy_at_scale.py [--sizes 1,50,200] [--repeat 5]
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, field
import gc
import json
import logging
import os
from pathlib import Path
import platform
import shutil
import statistics
import sys
import tempfile
import time
from typing import Any

# Home Assistant first: it swaps voluptuous for probatio before anything imports it.
from homeassistant import loader
from homeassistant.components.sensor import SensorEntity
from homeassistant.components.switch import SwitchEntity
from homeassistant.config_entries import ConfigEntry, ConfigFlow, ConfigSubentryDataWithId
from homeassistant.const import Platform, __version__ as ha_version
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er, frame, translation
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.setup import async_setup_component

# Custom integrations load from this checkout.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# Shared with purge_recordings.py; this script's own folder is on the path.
from loop_stall import StallWatch
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockModule,
    MockPlatform,
    async_test_home_assistant,
    mock_integration,
    mock_platform,
)

DOMAIN = "voice_privacy"
STAND_IN = "bench_device"  # the stand-in devices' integration, defined below
ANSWER_DELAY = 0.05  # seconds a device takes to answer a command
WAIT_LIMIT = 120.0  # seconds before a measure is given up as hung
# Of the stand-in switches: linked to the hub, nobody watches, a template sensor each, three
# plain entities each (the floor, row 7).
MUTE, PLAIN, TEMPLATED, FLOORED = ROLES = ("mute", "plain", "templated", "floored")
# What the floor's followers stand for: what the hub writes when one device changes.
FOLLOWERS = ("microphone", "privacy_mode", "privacy_score")


# --- The stand-in devices ----------------------------------------------------------------


class StandInSwitch(SwitchEntity):
    """A device's switch: a command returns at once, the device reports 50 ms later."""

    _attr_should_poll = False
    _attr_is_on = False

    def __init__(self, unique_id: str) -> None:
        """Start off."""
        self._attr_unique_id = unique_id
        self._attr_name = unique_id.replace("_", " ").capitalize()

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Send the command; the answer comes later."""
        self.hass.loop.call_later(ANSWER_DELAY, self.report, True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Send the command; the answer comes later."""
        self.hass.loop.call_later(ANSWER_DELAY, self.report, False)

    @callback
    def report(self, is_on: bool) -> None:
        """The device reports its state, after a command or a button press on it."""
        self._attr_is_on = is_on
        self.async_write_ha_state()


class PlainSensor(SensorEntity):
    """An entity that only holds a value: the reload baseline."""

    _attr_should_poll = False
    _attr_has_entity_name = True
    _attr_native_value = 0

    def __init__(self, device: int, index: int) -> None:
        """Belong to one of the baseline devices."""
        self._attr_unique_id = f"plain_{device}_{index}"
        self._attr_name = f"Value {index}"
        self._attr_device_info = DeviceInfo(
            identifiers={(STAND_IN, str(device))}, name=f"Device {device}"
        )


class Follower(SensorEntity):
    """The floor: an entity that shows its switch's state, written at its every change.

    Three per switch stand for the least any integration showing a microphone, a privacy
    switch and a score per assistant must write when a device changes: one state each.
    """

    _attr_should_poll = False
    _attr_has_entity_name = True

    def __init__(self, switch: str, name: str) -> None:
        """Follow one switch."""
        self._switch = switch
        self._attr_unique_id = f"{switch}_{name}"
        self._attr_name = name

    async def async_added_to_hass(self) -> None:
        """Show the switch now and at every change."""
        self._show(self.hass.states.get(self._switch))
        self.async_on_remove(async_track_state_change_event(self.hass, self._switch, self._changed))

    @callback
    def _changed(self, event: Event[EventStateChangedData]) -> None:
        self._show(event.data["new_state"])
        self.async_write_ha_state()

    def _show(self, state: Any) -> None:
        self._attr_native_value = state.state if state is not None else None


class StandInFlow(ConfigFlow, domain=STAND_IN):
    """Config entries need a flow handler; the stand-in's entries are only ever added here."""


def _platform_of(entry: ConfigEntry) -> Platform:
    return Platform.SENSOR if entry.data["role"] in ("reload", "floor") else Platform.SWITCH


async def _async_setup_stand_in(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    entry.runtime_data = []
    await hass.config_entries.async_forward_entry_setups(entry, [_platform_of(entry)])
    return True


async def _async_unload_stand_in(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    return await hass.config_entries.async_unload_platforms(entry, [_platform_of(entry)])


async def _async_setup_switches(
    hass: HomeAssistant, entry: ConfigEntry, add: AddConfigEntryEntitiesCallback
) -> None:
    role = entry.data["role"]
    switches = [StandInSwitch(f"{role}_{i:03d}") for i in range(entry.data["count"])]
    entry.runtime_data.extend(switches)
    add(switches)


async def _async_setup_sensors(
    hass: HomeAssistant, entry: ConfigEntry, add: AddConfigEntryEntitiesCallback
) -> None:
    if entry.data["role"] == "floor":
        add(Follower(switch, name) for switch in entry.data["switches"] for name in FOLLOWERS)
        return
    add(
        PlainSensor(device, index)
        for device, size in enumerate(entry.data["devices"])
        for index in range(size)
    )


def register_stand_in(hass: HomeAssistant) -> None:
    """Make the stand-in integration and its switch and sensor platforms known."""
    mock_integration(
        hass,
        MockModule(
            STAND_IN,
            async_setup_entry=_async_setup_stand_in,
            async_unload_entry=_async_unload_stand_in,
        ),
    )
    mock_platform(hass, f"{STAND_IN}.config_flow")
    mock_platform(hass, f"{STAND_IN}.switch", MockPlatform(async_setup_entry=_async_setup_switches))
    mock_platform(hass, f"{STAND_IN}.sensor", MockPlatform(async_setup_entry=_async_setup_sensors))


# --- Measuring -----------------------------------------------------------------------------


async def until_states(
    hass: HomeAssistant, entity_ids: list[str], expected: str, start: Callable[[], Awaitable[Any]]
) -> None:
    """Run start(), then wait until every entity reads expected (none may read it before)."""
    pending = {e for e in entity_ids if not hass.states.is_state(e, expected)}
    assert len(pending) == len(entity_ids), f"{len(entity_ids) - len(pending)} already {expected}"
    reached = hass.loop.create_future()

    @callback
    def _changed(event: Event[EventStateChangedData]) -> None:
        new_state = event.data["new_state"]
        if new_state is not None and new_state.state == expected:
            pending.discard(event.data["entity_id"])
        else:
            pending.add(event.data["entity_id"])
        if not pending and not reached.done():
            reached.set_result(None)

    unsubscribe = async_track_state_change_event(hass, entity_ids, _changed)
    try:
        await start()
        if pending:
            async with asyncio.timeout(WAIT_LIMIT):
                await reached
    finally:
        unsubscribe()


OLDEST_GENERATION = len(gc.get_threshold()) - 1


class FullCollections:
    """Python's full (oldest-generation) garbage collections: when they run and how long.

    A full collection walks the whole heap of Home Assistant, whoever allocated; on this
    machine it holds the event loop for about a quarter of a second. Which measure it lands in
    is chance (who allocates the last object before the threshold), so stalls are reported
    both with and without the rounds a full collection fell into.
    """

    def __init__(self) -> None:
        """Start counting."""
        self.pauses_ms: list[float] = []
        self._started = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != OLDEST_GENERATION:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses_ms.append((time.perf_counter() - self._started) * 1000)


FULL_GC = FullCollections()


@dataclass
class Sample:
    """One timed run: how long it took, the worst event-loop stall and full GCs meanwhile."""

    ms: float
    stall_ms: float
    full_gc_ms: float = 0.0


async def timed(work: Callable[[], Awaitable[None]]) -> Sample:
    """Time one run of work while watching the event loop and the garbage collector."""
    collections_before = len(FULL_GC.pauses_ms)
    async with StallWatch() as watch:
        start = time.perf_counter()
        await work()
        elapsed = time.perf_counter() - start
    full_gc = sum(FULL_GC.pauses_ms[collections_before:])
    return Sample(elapsed * 1000, watch.worst * 1000, full_gc)


# --- One home of N assistants ------------------------------------------------------------


@dataclass
class Home:
    """The entities of one Home Assistant with N assistants and the baselines."""

    hass: HomeAssistant
    hub_id: str
    reload_id: str
    home_switch: str
    privacy_switches: list[str]
    microphones: list[str]
    switches: dict[str, list[str]]  # role -> entity ids
    devices: dict[str, list[StandInSwitch]]  # role -> entities, to press their buttons
    followers: list[str]  # template sensors over the TEMPLATED switches
    floor: list[str]  # the three plain followers of each FLOORED switch

    async def reload(self, entry_id: str) -> None:
        """Reload a config entry and wait for everything it started."""
        assert await self.hass.config_entries.async_reload(entry_id)
        await self.hass.async_block_till_done()


def entity_id(hass: HomeAssistant, domain: str, platform_name: str, unique_id: str) -> str:
    """Look an entity up by its unique id."""
    found = er.async_get(hass).async_get_entity_id(domain, platform_name, unique_id)
    assert found is not None, unique_id
    return found


async def add_entry(hass: HomeAssistant, entry: MockConfigEntry) -> MockConfigEntry:
    """Add and set up a config entry."""
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def add_stand_in_switches(hass: HomeAssistant, role: str, size: int) -> list[str]:
    """Add N stand-in switches of one role; return their entity ids."""
    await add_entry(hass, MockConfigEntry(domain=STAND_IN, data={"role": role, "count": size}))
    return [entity_id(hass, "switch", STAND_IN, f"{role}_{i:03d}") for i in range(size)]


async def add_followers(hass: HomeAssistant, switches: list[str]) -> list[str]:
    """Add a template sensor per switch that shows the switch's state."""
    sensors = [
        {"name": f"Follows {i}", "unique_id": f"follows_{i}", "state": f"{{{{ states('{s}') }}}}"}
        for i, s in enumerate(switches)
    ]
    assert await async_setup_component(hass, "template", {"template": [{"sensor": sensors}]})
    await hass.async_block_till_done()
    return [entity_id(hass, "sensor", "template", f"follows_{i}") for i in range(len(switches))]


def hub_entry(mute_switches: list[str]) -> MockConfigEntry:
    """The hub, with one assistant of kind "other" per mute switch."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Voice Privacy",
        data={"confirm_timeout": 10},
        subentries_data=[
            ConfigSubentryDataWithId(
                data={"kind": "other", "device_id": None, "mute_entity": switch},
                subentry_id=f"a{i:03d}",
                subentry_type="assistant",
                title=f"Assistant {i}",
                unique_id=None,
            )
            for i, switch in enumerate(mute_switches)
        ],
    )


def entities_per_device(hass: HomeAssistant, entry_id: str) -> list[int]:
    """How many entities a config entry has on each of its devices."""
    sizes: dict[str | None, int] = {}
    for entry in er.async_entries_for_config_entry(er.async_get(hass), entry_id):
        sizes[entry.device_id] = sizes.get(entry.device_id, 0) + 1
    return list(sizes.values())


async def build_home(hass: HomeAssistant, size: int) -> Home:
    """Set up the devices, the hub and the baselines in one Home Assistant."""
    register_stand_in(hass)
    switches = {role: await add_stand_in_switches(hass, role, size) for role in ROLES}
    devices = {
        entry.data["role"]: entry.runtime_data
        for entry in hass.config_entries.async_entries(STAND_IN)
    }
    followers = await add_followers(hass, switches[TEMPLATED])
    floor_entry = MockConfigEntry(
        domain=STAND_IN, data={"role": "floor", "switches": switches[FLOORED]}
    )
    await add_entry(hass, floor_entry)
    floor = [
        entity_id(hass, "sensor", STAND_IN, f"{switch}_{name}")
        for switch in switches[FLOORED]
        for name in FOLLOWERS
    ]
    hub = await add_entry(hass, hub_entry(switches[MUTE]))
    groups = entities_per_device(hass, hub.entry_id)
    mirror = await add_entry(
        hass, MockConfigEntry(domain=STAND_IN, data={"role": "reload", "devices": groups})
    )
    assert sorted(entities_per_device(hass, mirror.entry_id)) == sorted(groups)
    assistants = list(hub.subentries)
    assert len(assistants) == size
    return Home(
        hass=hass,
        hub_id=hub.entry_id,
        reload_id=mirror.entry_id,
        home_switch=entity_id(hass, "switch", DOMAIN, f"{hub.entry_id}_privacy_mode_all"),
        privacy_switches=[
            entity_id(hass, "switch", DOMAIN, f"{a}_privacy_mode") for a in assistants
        ],
        microphones=[entity_id(hass, "sensor", DOMAIN, f"{a}_microphone") for a in assistants],
        switches=switches,
        devices=devices,
        followers=followers,
        floor=floor,
    )


# --- The measures ------------------------------------------------------------------------


type Work = Callable[[], Awaitable[None]]


@dataclass
class Measure:
    """One row of the table: Voice Privacy's work and the baseline's."""

    name: str
    ours: Work
    baseline: Work


def switch_call(hass: HomeAssistant, service: str, entity_ids: list[str]) -> Work:
    """A blocking switch.turn_on / turn_off."""

    async def _call() -> None:
        await hass.services.async_call("switch", service, {"entity_id": entity_ids}, blocking=True)

    return _call


def privacy_action(hass: HomeAssistant, enabled: bool, entity_ids: list[str]) -> Work:
    """A blocking voice_privacy.set_privacy_mode on the given privacy switches."""

    async def _call() -> None:
        await hass.services.async_call(
            DOMAIN, "set_privacy_mode", {"enabled": enabled, "entity_id": entity_ids}, blocking=True
        )

    return _call


def press_all(devices: list[StandInSwitch], is_on: bool) -> Work:
    """Every device reports a mute pressed (or released) on it, all in one go."""

    async def _press() -> None:
        for device in devices:
            device.report(is_on)

    return _press


def until(home: Home, entity_ids: list[str], expected: str, start: Work) -> Work:
    """Work that runs start and lasts until every entity reads expected."""
    return lambda: until_states(home.hass, entity_ids, expected, start)


@dataclass(frozen=True)
class Direction:
    """Privacy on or off: the switch service, and what the switches and microphones read."""

    enabled: bool
    service: str
    switch: str
    microphone: str


ON = Direction(True, "turn_on", "on", "muted")
OFF = Direction(False, "turn_off", "off", "live")


def baseline_switching(home: Home, way: Direction) -> Work:
    """Home Assistant's own switch call on the unwatched switches, until they all answer."""
    plain = home.switches[PLAIN]
    return until(home, plain, way.switch, switch_call(home.hass, way.service, plain))


def home_switch(home: Home, way: Direction) -> Measure:
    """1: the hub's home-wide privacy switch."""
    call = switch_call(home.hass, way.service, [home.home_switch])
    return Measure(
        f"1 home switch {way.switch}",
        until(home, home.microphones, way.microphone, call),
        baseline_switching(home, way),
    )


def action(home: Home, way: Direction) -> Measure:
    """2: the set_privacy_mode action on every assistant's privacy switch."""
    call = privacy_action(home.hass, way.enabled, home.privacy_switches)
    return Measure(
        f"2 set_privacy_mode {way.switch}",
        until(home, home.microphones, way.microphone, call),
        baseline_switching(home, way),
    )


def direct(home: Home, way: Direction) -> Measure:
    """3: switch calls straight on the mute switches, which Voice Privacy watches.

    The baseline is the same call on the switches that template sensors watch.
    """
    mutes = home.switches[MUTE]
    templated = home.switches[TEMPLATED]
    return Measure(
        f"3 switch.{way.service} watched",
        until(home, mutes, way.switch, switch_call(home.hass, way.service, mutes)),
        until(home, templated, way.switch, switch_call(home.hass, way.service, templated)),
    )


def pressed(home: Home, way: Direction) -> Measure:
    """4: mute pressed on every device at once."""
    templated = home.devices[TEMPLATED]
    return Measure(
        f"4 device mute {way.switch}",
        until(home, home.microphones, way.microphone, press_all(home.devices[MUTE], way.enabled)),
        until(home, home.followers, way.switch, press_all(templated, way.enabled)),
    )


def floor(home: Home, way: Direction) -> Measure:
    """7: the floor; not Voice Privacy, what any integration like it must at least cost.

    switch.turn_on/turn_off on N switches of which each is shown by three plain entities,
    written at its every change (a microphone, a privacy switch and a score per assistant),
    until every one of them shows it; against the same call on the unwatched switches.
    """
    floored = home.switches[FLOORED]
    return Measure(
        f"7 floor: 3 entities {way.switch}",
        until(home, home.floor, way.switch, switch_call(home.hass, way.service, floored)),
        baseline_switching(home, way),
    )


def measures(home: Home) -> list[Measure]:
    """Rows 1-4, 6 and 7, in running order: each leaves the states the next one needs."""
    rows = [row(home, way) for row in (home_switch, action, direct, pressed) for way in (ON, OFF)]
    rows.extend(floor(home, way) for way in (ON, OFF))
    rows.append(
        Measure("6 reload", lambda: home.reload(home.hub_id), lambda: home.reload(home.reload_id))
    )
    return rows


STALL = "5 worst loop stall"
STALL_NO_GC = "5 ... without a full GC"


@dataclass
class Results:
    """Every sample of one size, by measure name."""

    ours: dict[str, list[Sample]] = field(default_factory=dict)
    baseline: dict[str, list[Sample]] = field(default_factory=dict)

    def add(self, name: str, ours: Sample, baseline: Sample) -> None:
        """Keep one round of a measure."""
        self.ours.setdefault(name, []).append(ours)
        self.baseline.setdefault(name, []).append(baseline)

    def add_stalls(self, names: list[str]) -> None:
        """Row 5: the worst stall of this round's measures 1-4, each side, and without GCs.

        The second row leaves out the measures a full garbage collection fell into.
        """
        ours, baseline = (
            max(side[name][-1].stall_ms for name in names) for side in (self.ours, self.baseline)
        )
        self.add(STALL, Sample(ours, ours), Sample(baseline, baseline))
        ours, baseline = (
            max((s.stall_ms for name in names if not (s := side[name][-1]).full_gc_ms), default=0)
            for side in (self.ours, self.baseline)
        )
        self.add(STALL_NO_GC, Sample(ours, ours), Sample(baseline, baseline))

    def summary(self) -> dict[str, dict[str, float]]:
        """Median and max per measure and side, and the ratio of the medians."""
        rows: dict[str, dict[str, float]] = {}
        for name, ours in sorted(self.ours.items(), key=lambda item: item[0][0]):
            ours_ms = [s.ms for s in ours]
            base_ms = [s.ms for s in self.baseline[name]]
            ours_median = statistics.median(ours_ms)
            base_median = statistics.median(base_ms)
            figures = {
                "voice_privacy_median_ms": ours_median,
                "voice_privacy_max_ms": max(ours_ms),
                "baseline_median_ms": base_median,
                "baseline_max_ms": max(base_ms),
                "ratio": ours_median / max(base_median, 1e-3),
                "voice_privacy_worst_stall_ms": max(s.stall_ms for s in ours),
                "baseline_worst_stall_ms": max(s.stall_ms for s in self.baseline[name]),
                "voice_privacy_full_gc_ms": sum(s.full_gc_ms for s in ours),
                "baseline_full_gc_ms": sum(s.full_gc_ms for s in self.baseline[name]),
            }
            rows[name] = {key: round(value, 2) for key, value in figures.items()}
        return rows


async def settled(hass: HomeAssistant, work: Work) -> Sample:
    """Time work, then let what it left behind finish, so the next timing starts clean."""
    sample = await timed(work)
    await hass.async_block_till_done()
    return sample


async def run_size(size: int, repeat: int) -> dict[str, dict[str, float]]:
    """Start a Home Assistant with N assistants, measure every row repeat times."""
    config_dir = tempfile.mkdtemp(prefix="vp_scale_")
    try:
        async with async_test_home_assistant(config_dir=config_dir) as hass:
            await prepare(hass)
            start = time.perf_counter()
            home = await build_home(hass, size)
            print(f"N={size}: set up in {time.perf_counter() - start:.1f} s", flush=True)
            results = Results()
            for _ in range(repeat):
                rows = measures(home)
                for row in rows:
                    ours = await settled(hass, row.ours)
                    results.add(row.name, ours, await settled(hass, row.baseline))
                results.add_stalls([row.name for row in rows if row.name[0] in "1234"])
            await hass.async_block_till_done()
            await hass.async_stop(force=True)
    finally:
        shutil.rmtree(config_dir, ignore_errors=True)
    return results.summary()


async def prepare(hass: HomeAssistant) -> None:
    """What the test plugin's hass fixture adds: custom integrations, frame, translations."""
    hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
    frame.async_setup(hass)
    await translation.async_load_integrations(hass, {"homeassistant"})


# --- Output ---------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """CPU model, cores, Python and Home Assistant versions."""
    cpu = "unknown"
    with suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.partition(":")[2].strip()
                break
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "home_assistant": ha_version,
    }


def print_table(size: int, rows: dict[str, dict[str, float]]) -> None:
    """One line per measure: Voice Privacy, baseline, ratio of the medians, full GC time."""
    print(f"\nN = {size} assistants (ms; median / max of the rounds)")
    print(f"{'measure':<28} {'Voice Privacy':>19} {'HA baseline':>19} {'ratio':>8} {'full GC':>8}")
    for name, row in rows.items():
        ours = f"{row['voice_privacy_median_ms']:8.1f} / {row['voice_privacy_max_ms']:8.1f}"
        base = f"{row['baseline_median_ms']:8.1f} / {row['baseline_max_ms']:8.1f}"
        collected = row["voice_privacy_full_gc_ms"] + row["baseline_full_gc_ms"]
        print(f"{name:<28} {ours:>19} {base:>19} {row['ratio']:8.1f} {collected:8.0f}")
    pauses = FULL_GC.pauses_ms
    if pauses:
        print(
            f"full garbage collections so far: {len(pauses)}, longest {max(pauses):.0f} ms"
            " (heap-wide, whoever allocated)"
        )


def main() -> None:
    """Measure every size, print a table per size, then everything as one JSON line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,50,200")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    logging.basicConfig(level=logging.WARNING)
    # Not the "custom integration not tested by Home Assistant" warning at every size.
    logging.getLogger("homeassistant.loader").setLevel(logging.ERROR)
    about = machine()
    print(
        f"machine: {about['cpu']}, {about['cores']} cores;"
        f" Python {about['python']}, Home Assistant {about['home_assistant']}"
    )
    figures: dict[str, Any] = {"machine": about, "repeat": args.repeat, "sizes": {}}
    for size in sizes:
        rows = asyncio.run(run_size(size, args.repeat))
        print_table(size, rows)
        figures["sizes"][str(size)] = rows
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
