"""What the user declared about each assistant's vendor settings, kept in a Store.

These are the user's own statements of what they set at the vendor ("human review: off",
"keep recordings 3 months") and when they last checked; nothing here is read from a vendor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .const import DOMAIN, LOGGER
from .kinds import RETENTION_MONTHS

STORAGE_VERSION = 1


@dataclass(frozen=True, slots=True)
class DeclaredSettings:
    """One assistant's declared vendor settings; None means not declared yet."""

    human_review: bool | None = None
    retention: str | None = None
    confirmed_on: date | None = None
    # When Voice Privacy first saw the assistant: the user is asked to declare only after a
    # few days, not the moment the assistant is added.
    added_on: date | None = None


NOT_SAVED = "not_saved"
# The answers a user can give about the vendor's settings, beside the retention options.
NOT_DECLARED = "not_declared"
ALLOWED = "allowed"
NOT_ALLOWED = "not_allowed"


def _declared_from_store(raw: Any) -> DeclaredSettings | None:
    """Read one stored entry; None for one of the wrong shape."""
    if not isinstance(raw, dict):
        return None
    human_review = raw.get("human_review")
    retention = raw.get("retention")
    confirmed = raw.get("confirmed_on")
    added = raw.get("added_on")
    if (
        (human_review is not None and not isinstance(human_review, bool))
        or (
            retention is not None
            and (not isinstance(retention, str) or retention not in RETENTION_MONTHS)
        )
        or not isinstance(confirmed, str | None)
        or not isinstance(added, str | None)
    ):
        return None
    try:
        confirmed_on = date.fromisoformat(confirmed) if confirmed else None
        added_on = date.fromisoformat(added) if added else None
    except ValueError:
        return None
    return DeclaredSettings(human_review, retention, confirmed_on, added_on)


def contradicts_disk(retention: str | None, stored_recordings: int) -> bool:
    """Whether declaring this retention would contradict recordings measured on disk.

    "Not saved" is false while Home Assistant itself keeps recordings of the assistant.
    """
    return retention == NOT_SAVED and stored_recordings > 0


def _store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, dict[str, Any]]]:
    return Store(hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}.settings")


class SettingsKeeper:
    """Hold and persist the declared settings of the hub's assistants."""

    def __init__(
        self, hass: HomeAssistant, entry_id: str, on_declared: Callable[[str], None]
    ) -> None:
        """Keep the settings in a store of the hub's config entry.

        `on_declared` is told which assistant's declarations changed.
        """
        self._store = _store(hass, entry_id)
        self._on_declared = on_declared
        self.settings: dict[str, DeclaredSettings] = {}

    async def async_load(self, assistant_ids: set[str]) -> None:
        """Read the settings of known assistants back; removed ones are forgotten.

        An entry that cannot be read (written by a broken version, edited by hand) is
        dropped with a warning: that assistant is simply "not declared yet" again. An
        assistant seen for the first time is noted as added today.
        """
        stored = await self._store.async_load()
        for assistant_id, raw in (stored if isinstance(stored, dict) else {}).items():
            if assistant_id not in assistant_ids:
                continue
            if (declared := _declared_from_store(raw)) is None:
                LOGGER.warning(
                    "Ignoring the declared settings of %s, which cannot be read: %r",
                    assistant_id,
                    raw,
                )
                continue
            self.settings[assistant_id] = declared
        today = dt_util.now().date()
        new = [a for a in assistant_ids if self.get(a).added_on is None]
        for assistant_id in new:
            self.settings[assistant_id] = replace(self.get(assistant_id), added_on=today)
        if new:
            await self._async_save()

    async def async_note_added(self, assistant_id: str) -> None:
        """Remember the day an assistant was added to a running hub."""
        self.settings[assistant_id] = replace(self.get(assistant_id), added_on=dt_util.now().date())
        await self._async_save()

    @staticmethod
    async def async_remove_store(hass: HomeAssistant, entry_id: str) -> None:
        """Delete the store of a hub that was removed."""
        await _store(hass, entry_id).async_remove()

    def get(self, assistant_id: str) -> DeclaredSettings:
        """The declared settings of one assistant."""
        return self.settings.get(assistant_id, DeclaredSettings())

    async def async_declare(self, assistant_id: str, **changes: Any) -> None:
        """Record what the user set at the vendor; declaring anything confirms it today."""
        changes.setdefault("confirmed_on", dt_util.now().date())
        self.settings[assistant_id] = replace(self.get(assistant_id), **changes)
        await self._async_save()
        self._on_declared(assistant_id)

    async def _async_save(self) -> None:
        await self._store.async_save(
            {
                assistant_id: {
                    "human_review": settings.human_review,
                    "retention": settings.retention,
                    "confirmed_on": _iso(settings.confirmed_on),
                    "added_on": _iso(settings.added_on),
                }
                for assistant_id, settings in self.settings.items()
            }
        )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
