"""The `voice_privacy.set_privacy_mode` action.

It is a service of the integration rather than an entity service because it must reach every
targeted assistant even when one fails: assistants are switched concurrently, each result is
collected, and failures are reported together once all have been tried.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, cast

import voluptuous as vol

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv, entity_registry as er
from homeassistant.helpers.service import (
    async_extract_entity_ids,
    async_register_admin_service,
)
from homeassistant.helpers.target import (
    TargetSelection,
    async_extract_referenced_entity_ids,
)
from homeassistant.util.json import JsonValueType

from .const import (
    ATTR_DRY_RUN,
    ATTR_DURATION,
    ATTR_ENABLED,
    ATTR_OLDER_THAN,
    ATTR_SOURCES,
    DOMAIN,
    SERVICE_PURGE_HISTORY,
    SERVICE_SET_PRIVACY_MODE,
    Cause,
    HistorySource,
)
from .data import VoicePrivacyConfigEntry
from .history import PurgeRequest
from .models import failures_error

# Longest temporary change and oldest age to purge by: beyond them dates overflow, and no
# person means them. Refused with a translated error, not a raw OverflowError.
MAX_DURATION = timedelta(days=366)
MAX_OLDER_THAN = timedelta(days=3650)


def _period_at_most(limit: timedelta, translation_key: str) -> Callable[[Any], timedelta]:
    """A positive period no longer than `limit`; too long gets a translated error.

    Periods so long that Python's dates overflow (even while parsing) count as too long.
    """

    def _too_long() -> ServiceValidationError:
        return ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key=translation_key,
            translation_placeholders={"days": str(limit.days)},
        )

    def _check(value: Any) -> timedelta:
        try:
            period: timedelta = cv.positive_timedelta(cv.time_period(value))
        except OverflowError as err:
            raise _too_long() from err
        if period > limit:
            raise _too_long()
        return period

    return _check


SET_PRIVACY_MODE_SCHEMA = vol.Schema(
    {
        **cv.TARGET_SERVICE_FIELDS,
        vol.Required(ATTR_ENABLED): cv.boolean,
        vol.Optional(ATTR_DURATION): vol.All(
            _period_at_most(MAX_DURATION, "duration_too_long"),
            vol.Range(min=timedelta(seconds=1)),
        ),
    }
)


PURGE_HISTORY_SCHEMA = vol.Schema(
    {
        **cv.TARGET_SERVICE_FIELDS,
        vol.Optional(ATTR_OLDER_THAN): _period_at_most(MAX_OLDER_THAN, "older_than_too_long"),
        # Empty (or left out) means every source.
        vol.Optional(ATTR_SOURCES, default=list): vol.All(
            cv.ensure_list, [vol.Coerce(HistorySource)]
        ),
        vol.Optional(ATTR_DRY_RUN, default=False): cv.boolean,
    }
)


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the integration's actions (once, in async_setup)."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_SET_PRIVACY_MODE,
        _async_set_privacy_mode,
        schema=SET_PRIVACY_MODE_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    # Deleting history is for administrators only, like the recorder's own purge.
    async_register_admin_service(
        hass,
        DOMAIN,
        SERVICE_PURGE_HISTORY,
        _async_purge_history,
        schema=PURGE_HISTORY_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )


def _loaded_entry(hass: HomeAssistant) -> VoicePrivacyConfigEntry:
    entries: list[VoicePrivacyConfigEntry] = hass.config_entries.async_loaded_entries(DOMAIN)
    if not entries:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="not_loaded")
    assert entries[0].state is ConfigEntryState.LOADED
    return entries[0]


async def _async_targeted_assistants(
    call: ServiceCall, entry: VoicePrivacyConfigEntry
) -> list[str]:
    """Map the call's entity/device/area target to assistants of the hub.

    An assistant is reached through its own entities, and through its own device (the
    satellite, the Echo) or that device's area, which is where automations point.
    """
    registry = er.async_get(call.hass)
    assistants = entry.runtime_data.assistants
    assistant_ids: list[str] = []
    for entity_id in sorted(await async_extract_entity_ids(call)):
        entity = registry.async_get(entity_id)
        if (
            entity is not None
            and entity.config_entry_id == entry.entry_id
            and (assistant_id := entity.config_subentry_id) in assistants
            and assistant_id not in assistant_ids
        ):
            assistant_ids.append(assistant_id)
    devices = async_extract_referenced_entity_ids(
        call.hass, TargetSelection(call.data)
    ).referenced_devices
    assistant_ids.extend(
        assistant_id
        for assistant_id, assistant in assistants.items()
        if assistant.links.device_id in devices and assistant_id not in assistant_ids
    )
    if not assistant_ids:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="no_assistants_targeted"
        )
    return assistant_ids


async def _async_set_privacy_mode(call: ServiceCall) -> ServiceResponse:
    entry = _loaded_entry(call.hass)
    # Kept: the hub may unload while the devices confirm, and its runtime data goes with it.
    changes = entry.runtime_data.changes
    targeted = await _async_targeted_assistants(call, entry)
    try:
        results = await entry.runtime_data.privacy.async_decide(
            targeted,
            call.data[ATTR_ENABLED],
            Cause.ACTION,
            call.context,
            call.data.get(ATTR_DURATION),
        )
    finally:
        # The caller's next step reads the new states (a script's condition, the response).
        await changes.async_written()
    if not call.return_response and (error := failures_error(results)):
        raise error
    return {"assistants": [result.as_dict() for result in results]}


async def _async_purge_history(call: ServiceCall) -> ServiceResponse:
    entry = _loaded_entry(call.hass)
    data = entry.runtime_data
    request = PurgeRequest(
        older_than=call.data.get(ATTR_OLDER_THAN),
        sources=frozenset(call.data[ATTR_SOURCES] or HistorySource),
        dry_run=call.data[ATTR_DRY_RUN],
    )
    targeted = await _async_targeted_assistants(call, entry)
    try:
        results = await data.history.async_purge(data.assistants, targeted, request, call.context)
    finally:
        await data.changes.async_written()
    return {"assistants": cast("list[JsonValueType]", [result.as_dict() for result in results])}
