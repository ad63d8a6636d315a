"""Declared vendor settings, their repairs and fix flows, and the privacy score."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import os
from pathlib import Path
import time
from typing import Any

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.voice_privacy.const import DOMAIN
from custom_components.voice_privacy.diagnostics import async_get_config_entry_diagnostics
from custom_components.voice_privacy.links import AssistantLinks
from custom_components.voice_privacy.score import (
    ScoreInputs,
    assistant_score,
    home_score,
    purged_within,
)
from custom_components.voice_privacy.settings import DeclaredSettings
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from tests.conftest import Devices, after_first_week, setup_debug_recordings, setup_integration


def _issues(issue_registry: ir.IssueRegistry, assistant: str) -> dict[str, str | None]:
    return {
        issue_id.removesuffix(f"_{assistant}"): issue.translation_key
        for (domain, issue_id), issue in issue_registry.issues.items()
        if domain == DOMAIN and issue_id.endswith(f"_{assistant}")
    }


async def _call(hass: HomeAssistant, domain: str, service: str, data: dict[str, Any]) -> None:
    await hass.services.async_call(domain, service, data, blocking=True)
    await hass.async_block_till_done()


async def test_vendor_options_and_entities(hass: HomeAssistant, setup_hub: MockConfigEntry) -> None:
    """Each kind gets its vendor's own retention options; Assist has no human review."""
    assert hass.states.get("select.nest_retention_at_vendor").attributes["options"] == [
        "not_declared",
        "not_saved",
        "3_months",
        "18_months",
        "36_months",
        "until_deleted",
    ]
    assert hass.states.get("select.echo_device_retention_at_vendor").attributes["options"] == [
        "not_declared",
        "not_saved",
        "3_months",
        "18_months",
        "until_deleted",
    ]
    assert hass.states.get("select.kitchen_device_retention_at_vendor").attributes["options"] == [
        "not_declared",
        "not_saved",
        "until_deleted",
    ]
    assert hass.states.get("select.kitchen_device_human_review_at_vendor") is None
    assert hass.states.get("select.nest_human_review_at_vendor").state == "not_declared"
    assert hass.states.get("date.nest_checked_on").state == "unknown"


async def test_repairs_follow_the_declared_settings(
    hass: HomeAssistant,
    setup_hub: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Each repair appears and disappears with the declaration that causes it."""
    await after_first_week(hass, freezer)
    assert _issues(issue_registry, "nest_id") == {"unconfirmed": "unconfirmed"}

    await _call(
        hass,
        "select",
        "select_option",
        {"entity_id": "select.nest_human_review_at_vendor", "option": "allowed"},
    )
    await _call(
        hass,
        "select",
        "select_option",
        {"entity_id": "select.nest_retention_at_vendor", "option": "18_months"},
    )
    assert _issues(issue_registry, "nest_id") == {
        "human_review": "human_review_google",
        "retention": "retention_google",
    }
    today = dt_util.now().date().isoformat()
    assert hass.states.get("date.nest_checked_on").state == today

    await _call(
        hass,
        "select",
        "select_option",
        {"entity_id": "select.nest_human_review_at_vendor", "option": "not_allowed"},
    )
    await _call(
        hass,
        "select",
        "select_option",
        {"entity_id": "select.nest_retention_at_vendor", "option": "3_months"},
    )
    assert _issues(issue_registry, "nest_id") == {}

    freezer.tick(timedelta(days=181))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert _issues(issue_registry, "nest_id") == {"unconfirmed": "unconfirmed"}
    await _call(
        hass,
        "date",
        "set_value",
        {
            "entity_id": "date.nest_checked_on",
            "date": dt_util.now().date().isoformat(),
        },
    )
    assert _issues(issue_registry, "nest_id") == {}


async def _fix(
    hass: HomeAssistant, client: Any, issue_id: str, answer: dict[str, Any]
) -> dict[str, Any]:
    response = await client.post(
        "/api/repairs/issues/fix", json={"handler": DOMAIN, "issue_id": issue_id}
    )
    form = await response.json()
    assert form["step_id"] == "confirm", form
    response = await client.post(f"/api/repairs/issues/fix/{form['flow_id']}", json=answer)
    result = await response.json()
    await hass.async_block_till_done()
    return form | {"result": result}


async def test_fix_flows(
    hass: HomeAssistant,
    month_old_hub: MockConfigEntry,
    hass_client: ClientSessionGenerator,
    issue_registry: ir.IssueRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Fix flows confirm a change at the vendor or declare the settings."""
    assert await async_setup_component(hass, "repairs", {})
    client = await hass_client()
    await _call(
        hass,
        "select",
        "select_option",
        {"entity_id": "select.echo_device_human_review_at_vendor", "option": "allowed"},
    )
    await _call(
        hass,
        "select",
        "select_option",
        {
            "entity_id": "select.echo_device_retention_at_vendor",
            "option": "until_deleted",
        },
    )
    fixed = await _fix(hass, client, "human_review_echo_id", {})
    assert fixed["description_placeholders"]["url"] == "https://www.amazon.com/alexaprivacysettings"
    assert fixed["result"]["type"] == "create_entry"
    assert hass.states.get("select.echo_device_human_review_at_vendor").state == "not_allowed"

    fixed = await _fix(hass, client, "retention_echo_id", {"retention": "3_months"})
    assert [f["name"] for f in fixed["data_schema"]] == ["retention"]
    assert hass.states.get("select.echo_device_retention_at_vendor").state == "3_months"

    fixed = await _fix(
        hass,
        client,
        "unconfirmed_nest_id",
        {"human_review": "not_allowed", "retention": "not_saved"},
    )
    assert [f["name"] for f in fixed["data_schema"]] == ["human_review", "retention"]
    # Nothing was pre-selected: the Nest had declared nothing.
    assert all("default" not in f for f in fixed["data_schema"]), fixed["data_schema"]
    assert hass.states.get("select.nest_human_review_at_vendor").state == "not_allowed"
    assert hass.states.get("select.nest_retention_at_vendor").state == "not_saved"
    assert _issues(issue_registry, "echo_id") == {}
    assert _issues(issue_registry, "nest_id") == {}


async def test_an_undeclared_setting_is_not_answered_for_the_user(
    hass: HomeAssistant,
    month_old_hub: MockConfigEntry,
    hass_client: ClientSessionGenerator,
    issue_registry: ir.IssueRegistry,
) -> None:
    """The frontend pre-selects the first option of a required select ("Not saved").

    So an undeclared question is optional in the form, and an empty Submit is refused with
    a translated error and declares nothing; a declared answer is offered as the default.
    """
    assert await async_setup_component(hass, "repairs", {})
    client = await hass_client()
    empty = await _fix(hass, client, "unconfirmed_nest_id", {})
    assert [(f["name"], f.get("required", False)) for f in empty["data_schema"]] == [
        ("human_review", False),
        ("retention", False),
    ]
    assert all("default" not in f for f in empty["data_schema"])
    assert empty["result"]["errors"] == {
        "human_review": "not_answered",
        "retention": "not_answered",
    }
    assert hass.states.get("select.nest_retention_at_vendor").state == "not_declared"
    assert "unconfirmed" in _issues(issue_registry, "nest_id")

    await _call(
        hass,
        "select",
        "select_option",
        {"entity_id": "select.echo_device_retention_at_vendor", "option": "until_deleted"},
    )
    declared = await _fix(hass, client, "retention_echo_id", {})
    assert [(f["name"], f.get("default")) for f in declared["data_schema"]] == [
        ("retention", "until_deleted")
    ]
    # The declared answer stands; the repair goes only when it is changed.
    assert declared["result"]["type"] == "create_entry"


async def test_recordings_kept_too_long(
    hass: HomeAssistant,
    setup_hub: MockConfigEntry,
    hass_client: ClientSessionGenerator,
    issue_registry: ir.IssueRegistry,
    devices: Devices,
    tmp_path: Path,
) -> None:
    """Recordings older than the declared retention raise a repair that purges them.

    "Not saved" was declared before the recordings appeared on disk (debug recording was
    switched on later); the disk now says otherwise.
    """
    await _call(
        hass,
        "select",
        "select_option",
        {
            "entity_id": "select.kitchen_device_retention_at_vendor",
            "option": "not_saved",
        },
    )
    run = tmp_path / "debug" / devices.kitchen.id / "Home Assistant" / "1"
    run.mkdir(parents=True)
    old = run / "00_wake.wav"
    old.write_bytes(b"RIFF")
    stamp = time.time() - 100 * 86400
    os.utime(old, (stamp, stamp))
    await setup_debug_recordings(hass, tmp_path / "debug")
    assert await async_setup_component(hass, "repairs", {})
    await setup_hub.runtime_data.recordings.async_refresh()
    assert "kept_too_long" in _issues(issue_registry, "kitchen_id")

    await _fix(hass, await hass_client(), "kept_too_long_kitchen_id", {})
    assert not old.exists()
    assert "kept_too_long" not in _issues(issue_registry, "kitchen_id")


async def test_privacy_scores(hass: HomeAssistant, setup_hub: MockConfigEntry) -> None:
    """The score rises as the user fixes what its reasons list."""
    nest = hass.states.get("sensor.nest_privacy_score")
    assert nest.state == "27"  # plug 20 + human review undeclared 5 + retention undeclared 2
    assert nest.attributes["reasons"] == [
        "history_purge",  # lost 20
        "retention",  # lost 18
        "privacy_mode",  # lost 15 (ties keep the table's order)
        "human_review",  # lost 15
        "microphone_control",  # lost 5
    ]
    assert hass.states.get("sensor.kitchen_device_privacy_score").state == "47"
    assert hass.states.get("sensor.voice_privacy_score").state == "34"

    await _call(
        hass,
        "select",
        "select_option",
        {"entity_id": "select.nest_human_review_at_vendor", "option": "not_allowed"},
    )
    await _call(
        hass,
        "select",
        "select_option",
        {"entity_id": "select.nest_retention_at_vendor", "option": "not_saved"},
    )
    await _call(hass, "switch", "turn_on", {"entity_id": "switch.nest_privacy_mode"})
    # Nothing of a Nest behind a plug is within reach (no cloud deletion asked for): its
    # purge removes nothing, so it earns no points; the automatic purge would.
    await _call(hass, "button", "press", {"entity_id": "button.nest_purge_voice_history"})
    nest = hass.states.get("sensor.nest_privacy_score")
    assert nest.state == str(20 + 8 + 20 + 20 + 0)
    assert nest.attributes["reasons"] == ["history_purge", "privacy_mode", "microphone_control"]


NOW = datetime(2026, 11, 26, tzinfo=UTC)


def _score(factor: str, **kwargs: Any) -> int:
    inputs = {
        "links": AssistantLinks(kind="google", power_entity="switch.plug"),  # type: ignore[arg-type]
        "settings": DeclaredSettings(),
        "covered_by_rule": False,
        "private_now": False,
        "auto_purge": False,
        "purged_within": purged_within(kwargs.pop("last_purge", None), NOW),
    } | kwargs
    return assistant_score(ScoreInputs(**inputs)).points[factor]


@pytest.mark.parametrize(
    ("retention", "points"),
    [
        (None, 2),
        ("not_saved", 20),
        ("3_months", 15),
        ("6_months", 12),
        ("18_months", 8),
        ("36_months", 4),
        ("until_deleted", 0),
    ],
)
def test_retention_points(retention: str | None, points: int) -> None:
    """Retention points by the vendor's option."""
    assert _score(factor="retention", settings=DeclaredSettings(retention=retention)) == points


@pytest.mark.parametrize(
    ("age", "points"),
    [
        (timedelta(days=7), 15),
        (timedelta(days=7, seconds=1), 8),
        (timedelta(days=30), 8),
        (timedelta(days=30, seconds=1), 0),
    ],
)
def test_history_purge_boundaries(age: timedelta, points: int) -> None:
    """Recent purges count, at 7 and 30 days."""
    assert _score(factor="history_purge", last_purge=NOW - age) == points
    assert _score(factor="history_purge", auto_purge=True) == 20


def test_home_score_without_assistants() -> None:
    """An empty home scores 0 with nothing to say."""
    assert home_score([]).value == 0


async def test_scores_age_with_the_last_purge(
    hass: HomeAssistant,
    setup_hub: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    tmp_path: Path,
) -> None:
    """A purge counts less as it ages; the hourly check writes the score that changed."""
    await setup_debug_recordings(hass, tmp_path / "debug")
    await hass.services.async_call(
        "button", "press", {"entity_id": "button.kitchen_device_purge_voice_history"}, blocking=True
    )
    await hass.async_block_till_done()
    assert _points(hass, "sensor.kitchen_device_privacy_score") == 15
    echo_before = hass.states.get("sensor.echo_device_privacy_score")
    assert echo_before is not None

    freezer.tick(timedelta(days=8))
    # Something else in the home changes first: the home score is read, not the Nest's.
    await hass.services.async_call(
        "input_boolean", "turn_on", {"entity_id": "input_boolean.kitchen_mute_state"}
    )
    await hass.async_block_till_done()
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert _points(hass, "sensor.kitchen_device_privacy_score") == 8
    echo_after = hass.states.get("sensor.echo_device_privacy_score")
    assert echo_after is not None
    # The Echo's score did not change, so it was not written again.
    assert echo_after.last_reported == echo_before.last_reported


async def test_diagnostics_do_not_hide_a_score_that_aged(
    hass: HomeAssistant,
    setup_hub: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    tmp_path: Path,
) -> None:
    """Diagnostics downloaded after the purge aged: the hourly check still writes the score.

    Asked of the integration's diagnostics directly: eight days on, the test's login expired.
    """
    await setup_debug_recordings(hass, tmp_path / "debug")
    await hass.services.async_call(
        "button", "press", {"entity_id": "button.kitchen_device_purge_voice_history"}, blocking=True
    )
    assert _points(hass, "sensor.kitchen_device_privacy_score") == 15
    freezer.tick(timedelta(days=8))
    await async_get_config_entry_diagnostics(hass, setup_hub)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert _points(hass, "sensor.kitchen_device_privacy_score") == 8


def _points(hass: HomeAssistant, entity_id: str) -> int:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    points: int = state.attributes["points"]["history_purge"]
    return points


async def test_declarations_never_contradict_the_disk(
    hass: HomeAssistant,
    month_old_hub: MockConfigEntry,
    hass_client: ClientSessionGenerator,
    devices: Devices,
    tmp_path: Path,
    freezer: FrozenDateTimeFactory,
) -> None:
    """With debug recordings of the satellite on disk, "Not saved" is refused everywhere.

    The settings repair pre-selects nothing the user has not declared, so one Submit cannot
    raise the score with answers nobody gave.
    """
    run = tmp_path / "debug" / devices.kitchen.id / "Home Assistant" / "1"
    run.mkdir(parents=True)
    (run / "00_wake.wav").write_bytes(b"RIFF")
    await setup_debug_recordings(hass, tmp_path / "debug")
    assert await async_setup_component(hass, "repairs", {})
    await month_old_hub.runtime_data.recordings.async_refresh()

    with pytest.raises(ServiceValidationError) as refused:
        await _call(
            hass,
            "select",
            "select_option",
            {
                "entity_id": "select.kitchen_device_retention_at_vendor",
                "option": "not_saved",
            },
        )
    assert refused.value.translation_key == "recordings_on_disk"
    assert "1 debug recordings" in str(refused.value)

    client = await hass_client()
    response = await client.post(
        "/api/repairs/issues/fix", json={"handler": DOMAIN, "issue_id": "unconfirmed_kitchen_id"}
    )
    form = await response.json()
    assert [f["name"] for f in form["data_schema"]] == ["retention"]
    assert all("default" not in f for f in form["data_schema"])
    url = f"/api/repairs/issues/fix/{form['flow_id']}"
    result = await (await client.post(url, json={"retention": "not_saved"})).json()
    assert result["errors"] == {"retention": "recordings_on_disk"}
    result = await (await client.post(url, json={"retention": "until_deleted"})).json()
    assert result["type"] == "create_entry"
    await hass.async_block_till_done()
    state = hass.states.get("select.kitchen_device_retention_at_vendor")
    assert state.state == "until_deleted"


async def test_human_review_switch_of_an_older_version_is_replaced(
    hass: HomeAssistant, hub_entry: MockConfigEntry, devices: Devices
) -> None:
    """Human review was a switch (an undeclared one showed two buttons); now it is a select.

    The old switch's registry entry goes, the declaration behind it stays.
    """
    registry = er.async_get(hass)
    hub_entry.add_to_hass(hass)
    old = registry.async_get_or_create(
        "switch",
        DOMAIN,
        "nest_id_human_review",
        config_entry=hub_entry,
        suggested_object_id="nest_human_review_allowed_at_the_vendor",
    )
    await setup_integration(hass, hub_entry)
    assert registry.async_get(old.entity_id) is None
    assert hass.states.get("select.nest_human_review_at_vendor").state == "not_declared"


async def test_a_declaration_can_be_withdrawn(
    hass: HomeAssistant, setup_hub: MockConfigEntry
) -> None:
    """Choosing "Not declared yet" again withdraws an answer without confirming anything."""
    entity_id = "select.nest_human_review_at_vendor"
    await _call(hass, "select", "select_option", {"entity_id": entity_id, "option": "allowed"})
    assert hass.states.get(entity_id).state == "allowed"
    await _call(
        hass,
        "date",
        "set_value",
        {"entity_id": "date.nest_checked_on", "date": "2026-01-02"},
    )
    for select in (entity_id, "select.nest_retention_at_vendor"):
        await _call(
            hass, "select", "select_option", {"entity_id": select, "option": "not_declared"}
        )
        assert hass.states.get(select).state == "not_declared"
    assert hass.states.get("date.nest_checked_on").state == "2026-01-02"


async def test_a_new_assistant_is_asked_only_after_a_week(
    hass: HomeAssistant,
    setup_hub: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Adding an assistant lights up no repair; a week later it kindly asks, once."""
    assert "unconfirmed" not in _issues(issue_registry, "nest_id")
    freezer.tick(timedelta(days=6))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert "unconfirmed" not in _issues(issue_registry, "nest_id")
    freezer.tick(timedelta(days=1, hours=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert _issues(issue_registry, "nest_id") == {"unconfirmed": "unconfirmed"}
    # A reload does not start the week again: the day it was added is kept.
    assert await hass.config_entries.async_reload(setup_hub.entry_id)
    await hass.async_block_till_done()
    assert _issues(issue_registry, "nest_id") == {"unconfirmed": "unconfirmed"}
