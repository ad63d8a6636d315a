"""Repairs for declared vendor settings, and for voice data kept longer than declared.

Raised when human review is allowed, when the declared retention is longer than the user's
maximum, when the settings were never confirmed or not for too long, and when copies inside
Home Assistant (debug recordings, the recorder's history of voice entities) outlive the
declared retention. Each fix flow is in repairs.py.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.recorder import get_instance as get_recorder
from homeassistant.util import dt as dt_util

from .const import (
    CONF_CONFIRM_EVERY_DAYS,
    CONF_MAX_RETENTION_MONTHS,
    DEFAULT_CONFIRM_EVERY_DAYS,
    DEFAULT_MAX_RETENTION_MONTHS,
    DOMAIN,
    HistorySource,
)
from .history import RECORDER_DOMAIN, voice_entities
from .vendors import RETENTION_MONTHS, VENDORS, retention_days

if TYPE_CHECKING:
    from .coordinator import VoicePrivacyCoordinator

SETTINGS_ISSUES = ("human_review", "retention", "unconfirmed", "kept_too_long")


def issue_id(kind: str, assistant_id: str) -> str:
    """The repair issue id of one kind for one assistant."""
    return f"{kind}_{assistant_id}"


@callback
def async_update_settings_issues(coordinator: VoicePrivacyCoordinator) -> None:
    """Raise or clear every settings repair of every assistant."""
    hass = coordinator.hass
    options = coordinator.config_entry.options
    max_months = options.get(CONF_MAX_RETENTION_MONTHS, DEFAULT_MAX_RETENTION_MONTHS)
    confirm_days = options.get(CONF_CONFIRM_EVERY_DAYS, DEFAULT_CONFIRM_EVERY_DAYS)
    today = dt_util.now().date()
    for assistant_id, assistant in coordinator.assistants.items():
        kind = assistant.links.kind
        vendor = VENDORS[kind]
        settings = coordinator.settings.get(assistant_id)
        placeholders = {"assistant": assistant.name, "url": vendor.url}
        wanted = {
            "human_review": vendor.human_review and settings.human_review is True,
            "retention": settings.retention is not None
            and RETENTION_MONTHS[settings.retention] > max_months,
            "unconfirmed": settings.confirmed_on is None
            or today - settings.confirmed_on > timedelta(days=confirm_days),
            "kept_too_long": _kept_too_long(hass, coordinator, assistant_id),
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
                learn_more_url=vendor.url,
                data={"entry_id": coordinator.config_entry.entry_id, "assistant_id": assistant_id},
            )


def _kept_too_long(
    hass: HomeAssistant, coordinator: VoicePrivacyCoordinator, assistant_id: str
) -> bool:
    """Whether copies inside Home Assistant outlive the declared retention."""
    days = retention_days(coordinator.settings.get(assistant_id).retention)
    if days is None:
        return False
    recordings = (coordinator.recordings.data or {}).get(assistant_id)
    if recordings is not None and recordings.oldest is not None:
        age = dt_util.utcnow().timestamp() - recordings.oldest
        if age > days * 86400:
            return True
    links = coordinator.assistants[assistant_id].links
    if RECORDER_DOMAIN not in hass.config.components or not voice_entities(hass, links):
        return False
    if get_recorder(hass).keep_days <= days:
        return False
    # The recorder keeps more days than declared: fine while purges keep it shorter.
    auto = coordinator.auto_purge
    auto_keeps = auto.request.older_than.days if auto.request.older_than else 0
    if auto.enabled and HistorySource.RECORDER in auto.request.sources and auto_keeps <= days:
        return False
    last = coordinator.history.last_purge(assistant_id)
    return last is None or dt_util.utcnow() - last > timedelta(days=1)
