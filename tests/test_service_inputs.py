"""Both actions' inputs at their edges: examples, bounds, empty lists, and anything at all.

Whatever a person or an automation sends, the answer is a validation error Home Assistant
shows next to the field (the schema's own) or a translated one of ours; never a raw
OverflowError, KeyError or TypeError from deep inside.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest
import voluptuous as vol
import yaml

from custom_components.voice_privacy.const import DOMAIN
from custom_components.voice_privacy.services import (
    PURGE_HISTORY_SCHEMA,
    SET_PRIVACY_MODE_SCHEMA,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

SERVICES_YAML = Path(__file__).parents[1] / "custom_components" / DOMAIN / "services.yaml"
TARGET = {"entity_id": "switch.nest_privacy_mode"}


def test_every_example_passes_its_own_schema() -> None:
    """services.yaml shows examples the actions accept."""
    services = yaml.safe_load(SERVICES_YAML.read_text(encoding="utf-8"))
    schemas = {"set_privacy_mode": SET_PRIVACY_MODE_SCHEMA, "purge_history": PURGE_HISTORY_SCHEMA}
    for service, schema in schemas.items():
        fields = services[service]["fields"]
        data = {key: field["example"] for key, field in fields.items() if "example" in field}
        data.setdefault("enabled", True) if service == "set_privacy_mode" else None
        schema({**TARGET, **data})


@pytest.mark.usefixtures("setup_hub")
@pytest.mark.parametrize(
    ("service", "data", "translation_key"),
    [
        (
            "set_privacy_mode",
            {"enabled": True, "duration": {"days": 2_900_000}},
            "duration_too_long",
        ),
        ("set_privacy_mode", {"enabled": True, "duration": {"days": 367}}, "duration_too_long"),
        ("purge_history", {"older_than": {"days": 740_000}}, "older_than_too_long"),
        ("purge_history", {"older_than": {"days": 3651}}, "older_than_too_long"),
    ],
)
async def test_periods_are_bounded(
    hass: HomeAssistant, service: str, data: dict[str, Any], translation_key: str
) -> None:
    """Absurd periods get a translated error instead of an OverflowError."""
    with pytest.raises(ServiceValidationError) as refused:
        await hass.services.async_call(
            DOMAIN, service, {**TARGET, **data}, blocking=True, return_response=True
        )
    assert refused.value.translation_key == translation_key
    assert "days" in str(refused.value)


@pytest.mark.usefixtures("setup_hub")
async def test_empty_sources_mean_all(hass: HomeAssistant) -> None:
    """As the action's description says: empty means every source."""
    response = await hass.services.async_call(
        DOMAIN,
        "purge_history",
        {**TARGET, "sources": [], "dry_run": True},
        blocking=True,
        return_response=True,
    )
    sources = response["assistants"][0]["sources"]
    assert set(sources) == {"recorder", "debug_recordings", "vendor_cloud"}


PERIODS = st.one_of(
    st.none(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.dictionaries(
        st.sampled_from(["days", "hours", "minutes", "seconds", "weeks", "bogus"]),
        st.one_of(st.integers(min_value=-(10**10), max_value=10**10), st.floats()),
        max_size=3,
    ),
    st.timedeltas(min_value=timedelta(days=-5), max_value=timedelta(days=999_999)),
)
ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=8),
    st.lists(st.text(max_size=12), max_size=3),
)


async def _call_and_check(hass: HomeAssistant, service: str, data: dict[str, Any]) -> None:
    """Call; a failure must be the schema's own, or translated by this integration."""
    failure: HomeAssistantError | None = None
    try:
        await hass.services.async_call(
            DOMAIN, service, {**TARGET, **data}, blocking=True, return_response=True
        )
    except vol.Invalid:
        return  # the schema's own error, shown next to the field
    except HomeAssistantError as err:  # ServiceValidationError included
        failure = err
    if failure is not None:
        assert failure.translation_domain == DOMAIN, failure
        assert failure.translation_key, failure


@pytest.mark.usefixtures("setup_hub")
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(enabled=ANYTHING, duration=PERIODS)
async def test_set_privacy_mode_takes_anything(
    hass: HomeAssistant, enabled: Any, duration: Any
) -> None:
    """No input to set_privacy_mode ends in anything but a validation error."""
    data = {"enabled": enabled} if duration is None else {"enabled": enabled, "duration": duration}
    await _call_and_check(hass, "set_privacy_mode", data)


@pytest.mark.usefixtures("setup_hub")
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(older_than=PERIODS, sources=ANYTHING, dry_run=ANYTHING)
async def test_purge_history_takes_anything(
    hass: HomeAssistant, older_than: Any, sources: Any, dry_run: Any
) -> None:
    """No input to purge_history ends in anything but a validation error."""
    data: dict[str, Any] = {"sources": sources, "dry_run": dry_run}
    if older_than is not None:
        data["older_than"] = older_than
    await _call_and_check(hass, "purge_history", data)
