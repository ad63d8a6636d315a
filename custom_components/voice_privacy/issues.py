"""Every repair issue the integration raises or clears; the fix flows are in repairs.py.

- A linked switch disappeared from Home Assistant (the plug was removed, the satellite
  re-flashed under a new name): privacy mode can no longer work and only the user can say
  what replaces it.
- Declared vendor settings: human review allowed, retention longer than the user's maximum,
  settings never confirmed or not for too long, and copies inside Home Assistant (debug
  recordings, the recorder's history of voice entities) outliving the declared retention.
- An assistant listened while its privacy mode was on: a fact, not a setting to fix. It says
  when, and how the privacy state was known (a device's own report, the vendor's cloud, or
  Home Assistant only), which is usually why. It stays until the user dismisses it; a later
  occurrence replaces it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from homeassistant.core import CoreState, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from homeassistant.helpers.recorder import get_instance as get_recorder
from homeassistant.util import dt as dt_util

from .confirmation import confirmed_by
from .const import (
    ATTR_ASSISTANT_ID,
    CONF_CONFIRM_EVERY_DAYS,
    CONF_MAX_RETENTION_MONTHS,
    DEFAULT_CONFIRM_EVERY_DAYS,
    DEFAULT_MAX_RETENTION_MONTHS,
    DOMAIN,
    HistorySource,
)
from .data import VoicePrivacyConfigEntry, VoicePrivacyData
from .discovery import voice_entities
from .history import RECORDER_DOMAIN
from .kinds import KINDS, RETENTION_MONTHS, retention_days
from .settings import DeclaredSettings

MISSING_LINK = "missing_link"
LISTENED_WHILE_PRIVATE = "listened_while_private"
# A new assistant is not nagged about its vendor settings at once: the entities say "not
# declared yet" and the user gets a few days before a repair asks.
FIRST_ASK_AFTER = timedelta(days=7)
# The issue's kind, kept in its data so a fix flow never has to parse the issue id.
KIND = "kind"


def issue_id(kind: str, assistant_id: str) -> str:
    """The repair issue id of one kind for one assistant."""
    return f"{kind}_{assistant_id}"


@callback
def async_update_missing_link_issues(hass: HomeAssistant, entry: VoicePrivacyConfigEntry) -> None:
    """Raise or clear a repair for every assistant whose linked entities are gone.

    Before Home Assistant has started, other integrations may not have added their
    entities yet, so nothing is raised then; it is checked again once started.
    """
    if hass.state is not CoreState.running:
        return
    registry = er.async_get(hass)
    for assistant_id, assistant in entry.runtime_data.assistants.items():
        missing = [
            entity_id
            for entity_id in assistant.links.entity_ids
            if registry.async_get(entity_id) is None and hass.states.get(entity_id) is None
        ]
        if not missing:
            ir.async_delete_issue(hass, DOMAIN, issue_id(MISSING_LINK, assistant_id))
            continue
        ir.async_create_issue(
            hass,
            DOMAIN,
            issue_id(MISSING_LINK, assistant_id),
            is_fixable=True,
            is_persistent=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key=MISSING_LINK,
            translation_placeholders={
                "assistant": assistant.name,
                "entities": ", ".join(missing),
            },
            data={"entry_id": entry.entry_id, ATTR_ASSISTANT_ID: assistant_id, KIND: MISSING_LINK},
        )


@callback
def async_raise_listened_while_private(
    hass: HomeAssistant, entry: VoicePrivacyConfigEntry, assistant_id: str, at: datetime
) -> None:
    """Say that an assistant listened while its privacy mode was on, and how that was known.

    One repair per assistant: a later occurrence replaces the earlier one. Persistent, so a
    restart does not hide it; the user dismisses it once they have looked.
    """
    data = entry.runtime_data
    status = data.microphones.status(assistant_id)
    local = dt_util.as_local(at)
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id(LISTENED_WHILE_PRIVATE, assistant_id),
        is_fixable=False,
        is_persistent=True,
        severity=ir.IssueSeverity.WARNING,
        # The sentence on how the state was known differs by who confirmed it. Privacy mode on
        # means a linked entity said so, so it is never `unknown` here.
        translation_key=f"{LISTENED_WHILE_PRIVATE}_{confirmed_by(hass, status.decided_by)}",
        translation_placeholders={
            "assistant": data.assistants[assistant_id].name,
            "date": local.date().isoformat(),
            "time": local.strftime("%H:%M"),
            "entity": status.decided_by or "-",
        },
        data={
            "entry_id": entry.entry_id,
            ATTR_ASSISTANT_ID: assistant_id,
            KIND: LISTENED_WHILE_PRIVATE,
        },
    )


@callback
def async_delete_stale_issues(hass: HomeAssistant, assistant_ids: set[str]) -> None:
    """Drop the repairs of assistants that have been removed from the hub, and only those.

    The others stay as they are, so a repair the user chose to ignore stays ignored across
    restarts and reloads; so does a repair of no assistant (privacy by voice being off).
    """
    registry = ir.async_get(hass)
    for (domain, existing), issue in list(registry.issues.items()):
        if domain != DOMAIN or issue.data is None or ATTR_ASSISTANT_ID not in issue.data:
            continue
        if issue.data[ATTR_ASSISTANT_ID] not in assistant_ids:
            ir.async_delete_issue(hass, DOMAIN, existing)


@callback
def async_update_settings_issues(hass: HomeAssistant, entry: VoicePrivacyConfigEntry) -> None:
    """Raise or clear every settings repair of every assistant."""
    data = entry.runtime_data
    options = entry.options
    max_months = options.get(CONF_MAX_RETENTION_MONTHS, DEFAULT_MAX_RETENTION_MONTHS)
    confirm_days = options.get(CONF_CONFIRM_EVERY_DAYS, DEFAULT_CONFIRM_EVERY_DAYS)
    today = dt_util.now().date()
    for assistant_id, assistant in data.assistants.items():
        kind = assistant.links.kind
        vendor = KINDS[kind]
        settings = data.settings.get(assistant_id)
        placeholders = {"assistant": assistant.name, "url": vendor.privacy_url}
        wanted = {
            "human_review": vendor.human_review and settings.human_review is True,
            "retention": settings.retention is not None
            and RETENTION_MONTHS[settings.retention] > max_months,
            "unconfirmed": _unconfirmed(settings, today, confirm_days),
            "kept_too_long": _kept_too_long(hass, data, assistant_id),
        }
        for issue, active in wanted.items():
            if not active:
                ir.async_delete_issue(hass, DOMAIN, issue_id(issue, assistant_id))
                continue
            per_kind = issue in ("human_review", "retention")
            ir.async_create_issue(
                hass,
                DOMAIN,
                issue_id(issue, assistant_id),
                is_fixable=True,
                is_persistent=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key=f"{issue}_{kind}" if per_kind else issue,
                translation_placeholders=placeholders
                | {"max_months": str(max_months), "days": str(confirm_days)},
                learn_more_url=vendor.privacy_url,
                data={"entry_id": entry.entry_id, ATTR_ASSISTANT_ID: assistant_id, KIND: issue},
            )


def _unconfirmed(settings: DeclaredSettings, today: date, confirm_days: int) -> bool:
    """Time to ask about the vendor's settings: some days after adding, then every N days."""
    if settings.confirmed_on is None:
        added = settings.added_on or today
        return today - added >= FIRST_ASK_AFTER
    return today - settings.confirmed_on > timedelta(days=confirm_days)


def _kept_too_long(hass: HomeAssistant, data: VoicePrivacyData, assistant_id: str) -> bool:
    """Whether copies inside Home Assistant outlive the declared retention."""
    days = retention_days(data.settings.get(assistant_id).retention)
    if days is None:
        return False
    recordings = data.recordings.stats(assistant_id)
    if recordings is not None and recordings.oldest is not None:
        age = dt_util.utcnow().timestamp() - recordings.oldest
        if age > days * 86400:
            return True
    links = data.assistants[assistant_id].links
    if RECORDER_DOMAIN not in hass.config.components or not voice_entities(hass, links):
        return False
    if get_recorder(hass).keep_days <= days:
        return False
    # The recorder keeps more days than declared: fine while purges keep it shorter.
    auto = data.auto_purge
    auto_keeps = auto.request.older_than.days if auto.request.older_than else 0
    if auto.enabled and HistorySource.RECORDER in auto.request.sources and auto_keeps <= days:
        return False
    last = data.history.last_purge(assistant_id)
    return last is None or dt_util.utcnow() - last > timedelta(days=1)
