"""Config flow for the Voice Privacy hub and subentry flow for its voice assistants."""

from __future__ import annotations

from typing import Any

import voluptuous as vol

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    ConfigSubentryFlow,
    OptionsFlow,
    SubentryFlowResult,
)
from homeassistant.const import CONF_NAME
from homeassistant.core import callback
from homeassistant.data_entry_flow import section
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.selector import (
    BooleanSelector,
    DeviceSelector,
    EntitySelector,
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
)

from .const import (
    CONF_AUTO_PURGE,
    CONF_AWAY_ASSISTANTS,
    CONF_AWAY_PERSONS,
    CONF_AWAY_PRIVACY,
    CONF_CONFIRM_EVERY_DAYS,
    CONF_CONFIRM_TIMEOUT,
    CONF_DEVICE_ID,
    CONF_DND_ENTITY,
    CONF_KIND,
    CONF_MAX_RETENTION_MONTHS,
    CONF_MICROPHONE_SENSOR,
    CONF_MUTE_ENTITY,
    CONF_PURGE_KEEP_DAYS,
    CONF_PURGE_SOURCES,
    CONF_PURGE_TIME,
    CONF_SCHEDULE_ASSISTANTS,
    CONF_SCHEDULE_ENTITY,
    CONF_VOICE_PURGE,
    DEFAULT_CONFIRM_EVERY_DAYS,
    DEFAULT_CONFIRM_TIMEOUT,
    DEFAULT_MAX_RETENTION_MONTHS,
    DEFAULT_PURGE_KEEP_DAYS,
    DEFAULT_PURGE_TIME,
    DOMAIN,
    SUBENTRY_ASSISTANT,
    AssistantKind,
    HistorySource,
)
from .discovery import (
    candidate_devices,
    device_filter,
    device_name,
    suggest_dnd_entity,
    suggest_microphone_sensor,
    suggest_mute_entity,
    voice_entities,
)
from .kinds import KINDS
from .linking import controls_schema, validate_controls
from .links import AssistantLinks

HUB_TITLE = "Voice Privacy"


def whole_number(minimum: int, maximum: int, unit: str) -> vol.All:
    """A box for a whole number in a range, stored as an int."""
    return vol.All(
        NumberSelector(
            NumberSelectorConfig(
                min=minimum,
                max=maximum,
                step=1,
                mode=NumberSelectorMode.BOX,
                unit_of_measurement=unit,
            )
        ),
        vol.Coerce(int),
    )


HUB_SCHEMA = vol.Schema(
    {vol.Required(CONF_CONFIRM_TIMEOUT, default=DEFAULT_CONFIRM_TIMEOUT): whole_number(1, 120, "s")}
)

# Anything with an on/off state can be a privacy schedule; a `schedule` helper is the usual.
SCHEDULE_DOMAINS = ["schedule", "input_boolean", "binary_sensor", "switch"]


class VoicePrivacyConfigFlow(ConfigFlow, domain=DOMAIN):
    """Create the single Voice Privacy hub."""

    VERSION = 1

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> OptionsFlow:
        """Rules and the automatic purge are the hub's options."""
        return VoicePrivacyOptionsFlow()

    @classmethod
    @callback
    def async_get_supported_subentry_types(
        cls, config_entry: ConfigEntry
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """Voice assistants are added to the hub as subentries."""
        return {SUBENTRY_ASSISTANT: AssistantSubentryFlow}

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Create the hub; assistants are added to it afterwards."""
        if user_input is not None:
            return self.async_create_entry(title=HUB_TITLE, data=user_input)
        return self.async_show_form(step_id="user", data_schema=HUB_SCHEMA)

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the hub's settings."""
        entry = self._get_reconfigure_entry()
        if user_input is not None:
            return self.async_update_and_abort(entry, data=user_input)
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(HUB_SCHEMA, entry.data),
        )


# The options form, in sections; the options are stored flat (as older versions stored them).
SECTION_SCHEDULE = "schedule"
SECTION_AWAY = "away"
SECTION_PURGE = "purge"
SECTION_CHECKS = "checks"
OPTION_SECTIONS: dict[str, tuple[str, ...]] = {
    SECTION_SCHEDULE: (CONF_SCHEDULE_ENTITY, CONF_SCHEDULE_ASSISTANTS),
    SECTION_AWAY: (CONF_AWAY_PRIVACY, CONF_AWAY_PERSONS, CONF_AWAY_ASSISTANTS),
    SECTION_PURGE: (
        CONF_AUTO_PURGE,
        CONF_PURGE_TIME,
        CONF_PURGE_KEEP_DAYS,
        CONF_PURGE_SOURCES,
        CONF_VOICE_PURGE,
    ),
    SECTION_CHECKS: (CONF_MAX_RETENTION_MONTHS, CONF_CONFIRM_EVERY_DAYS),
}


def purge_time_selector(current: str | None) -> SelectSelector:
    """Times of day every half hour, without seconds; a stored time in between is kept."""
    times = [f"{hour:02d}:{minute:02d}:00" for hour in range(24) for minute in (0, 30)]
    if current and current not in times:
        times = sorted([*times, current])
    return SelectSelector(
        SelectSelectorConfig(
            options=[SelectOptionDict(value=time, label=time[:5]) for time in times],
            mode=SelectSelectorMode.DROPDOWN,
        )
    )


class VoicePrivacyOptionsFlow(OptionsFlow):
    """The privacy schedule, away privacy, the automatic purge and the settings checks."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """One form in four sections; an empty assistant list means every assistant."""
        errors: dict[str, str] = {}
        flat: dict[str, Any] = dict(self.config_entry.options)
        if user_input is not None:
            flat = {
                key: value
                for name, section_input in user_input.items()
                for key, value in (
                    section_input.items() if name in OPTION_SECTIONS else [(name, section_input)]
                )
            }
            schedule = flat.get(CONF_SCHEDULE_ENTITY)
            if schedule and self.hass.states.get(schedule) is None:
                errors["base"] = "schedule_not_found"
            else:
                return self.async_create_entry(data=flat)
        assistants = [
            SelectOptionDict(value=subentry_id, label=subentry.title)
            for subentry_id, subentry in self.config_entry.subentries.items()
        ]
        pick_assistants = SelectSelector(SelectSelectorConfig(options=assistants, multiple=True))
        fields: dict[str, dict[vol.Marker, Any]] = {
            SECTION_SCHEDULE: {
                vol.Optional(CONF_SCHEDULE_ENTITY): EntitySelector(
                    EntitySelectorConfig(domain=SCHEDULE_DOMAINS)
                ),
                vol.Optional(CONF_SCHEDULE_ASSISTANTS): pick_assistants,
            },
            SECTION_AWAY: {
                vol.Required(CONF_AWAY_PRIVACY, default=False): BooleanSelector(),
                vol.Optional(CONF_AWAY_PERSONS): EntitySelector(
                    EntitySelectorConfig(domain="person", multiple=True)
                ),
                vol.Optional(CONF_AWAY_ASSISTANTS): pick_assistants,
            },
            SECTION_PURGE: {
                vol.Required(CONF_AUTO_PURGE, default=False): BooleanSelector(),
                vol.Required(CONF_PURGE_TIME, default=DEFAULT_PURGE_TIME): purge_time_selector(
                    flat.get(CONF_PURGE_TIME)
                ),
                vol.Required(CONF_PURGE_KEEP_DAYS, default=DEFAULT_PURGE_KEEP_DAYS): whole_number(
                    0, 3650, "d"
                ),
                vol.Optional(CONF_PURGE_SOURCES): SelectSelector(
                    SelectSelectorConfig(
                        options=[source.value for source in HistorySource],
                        multiple=True,
                        translation_key="history_source",
                    )
                ),
                vol.Required(CONF_VOICE_PURGE, default=False): BooleanSelector(),
            },
            SECTION_CHECKS: {
                vol.Required(
                    CONF_MAX_RETENTION_MONTHS, default=DEFAULT_MAX_RETENTION_MONTHS
                ): whole_number(0, 120, "months"),
                vol.Required(
                    CONF_CONFIRM_EVERY_DAYS, default=DEFAULT_CONFIRM_EVERY_DAYS
                ): whole_number(1, 3650, "d"),
            },
        }
        schema = vol.Schema(
            {
                vol.Required(name): section(
                    self.add_suggested_values_to_schema(vol.Schema(section_fields), flat),
                    {"collapsed": name != SECTION_SCHEDULE},
                )
                for name, section_fields in fields.items()
            }
        )
        return self.async_show_form(step_id="init", data_schema=schema, errors=errors)


class AssistantSubentryFlow(ConfigSubentryFlow):
    """Add or change one voice assistant: its kind, its device, its controls."""

    def __init__(self) -> None:
        """Collect the answers of the steps."""
        self._data: dict[str, Any] = {}
        self._name = ""

    @property
    def _kind(self) -> AssistantKind:
        return AssistantKind(self._data[CONF_KIND])

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Ask which kind of assistant it is."""
        if user_input is not None:
            self._data[CONF_KIND] = user_input[CONF_KIND]
            return await self.async_step_device()
        return self.async_show_form(
            step_id="user",
            data_schema=vol.Schema(
                {
                    vol.Required(CONF_KIND): SelectSelector(
                        SelectSelectorConfig(
                            options=[kind.value for kind in AssistantKind],
                            translation_key=CONF_KIND,
                            mode=SelectSelectorMode.LIST,
                        )
                    )
                }
            ),
        )

    async def async_step_device(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Pick the assistant's device among those Home Assistant knows, and name it."""
        kind = self._kind
        candidates = candidate_devices(self.hass, kind)
        device_required = KINDS[kind].device_required
        if device_required and not candidates:
            return self.async_abort(reason=f"no_{kind}_devices")
        errors: dict[str, str] = {}
        if user_input is not None:
            device_id: str | None = user_input.get(CONF_DEVICE_ID)
            name = (user_input.get(CONF_NAME) or "").strip() or device_name(self.hass, device_id)
            if device_id and self._device_in_use(device_id):
                return self.async_abort(reason="already_configured")
            if device_required and not device_id:
                errors[CONF_DEVICE_ID] = "device_required"
            elif (device_required and device_id not in candidates) or (
                device_id and dr.async_get(self.hass).async_get(device_id) is None
            ):
                errors[CONF_DEVICE_ID] = "invalid_device"
            elif not name:
                errors[CONF_NAME] = "name_required"
            else:
                self._data[CONF_DEVICE_ID] = device_id
                self._name = name
                return await self.async_step_controls()
        # Optional in the form even where required, so an empty submit gets our own error
        # saying why, not a generic "required fields".
        schema = vol.Schema(
            {
                vol.Optional(CONF_DEVICE_ID): DeviceSelector(device_filter(kind)),
                vol.Optional(CONF_NAME): TextSelector(),
            }
        )
        return self.async_show_form(
            step_id="device",
            data_schema=self.add_suggested_values_to_schema(schema, user_input or {}),
            errors=errors,
        )

    async def async_step_controls(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Choose the switches that mute, silence or power-cut the assistant."""
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        entry = self._get_entry()
        if user_input is not None:
            errors, placeholders, resolved = validate_controls(
                self.hass, entry, self._kind, user_input
            )
            if not errors:
                return self.async_create_entry(
                    title=self._name,
                    data=self._data | resolved,
                    unique_id=self._data[CONF_DEVICE_ID],
                )
        device_id = self._data[CONF_DEVICE_ID]
        suggested = user_input or {
            CONF_MUTE_ENTITY: suggest_mute_entity(self.hass, device_id),
            CONF_DND_ENTITY: suggest_dnd_entity(self.hass, device_id),
            CONF_MICROPHONE_SENSOR: suggest_microphone_sensor(self.hass, device_id),
        }
        # What a history purge would clear in the recorder, so the user sees it is only that.
        links = AssistantLinks.from_data(self._data)
        purged = ", ".join(voice_entities(self.hass, links)) or "-"
        return self.async_show_form(
            step_id="controls",
            data_schema=self.add_suggested_values_to_schema(
                controls_schema(self.hass, entry, self._kind), suggested
            ),
            errors=errors,
            description_placeholders={"name": self._name, "voice_entities": purged} | placeholders,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Change the name and the linked switches of an assistant."""
        subentry = self._get_reconfigure_subentry()
        entry = self._get_entry()
        self._data = {
            CONF_KIND: subentry.data[CONF_KIND],
            CONF_DEVICE_ID: subentry.data.get(CONF_DEVICE_ID),
        }
        schema = controls_schema(self.hass, entry, self._kind, subentry.subentry_id).extend(
            {vol.Required(CONF_NAME): TextSelector()}
        )
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            name = user_input.pop(CONF_NAME).strip()
            errors, placeholders, resolved = validate_controls(
                self.hass, entry, self._kind, user_input, subentry.subentry_id
            )
            if not name:
                errors[CONF_NAME] = "name_required"
            if not errors:
                return self.async_update_and_abort(
                    self._get_entry(), subentry, title=name, data=self._data | resolved
                )
            user_input[CONF_NAME] = name
        current = user_input or {CONF_NAME: subentry.title, **subentry.data}
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(schema, current),
            errors=errors,
            description_placeholders=placeholders,
        )

    def _device_in_use(self, device_id: str) -> bool:
        return any(
            subentry.unique_id == device_id for subentry in self._get_entry().subentries.values()
        )
