"""What the user declared about each assistant's vendor settings, kept in a Store.

These are the user's own statements of what they set at the vendor ("human review: off",
"keep recordings 3 months") and when they last checked; nothing here is read from a vendor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
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
    if (
        (human_review is not None and not isinstance(human_review, bool))
        or (retention is not None and retention not in RETENTION_MONTHS)
        or (confirmed is not None and not isinstance(confirmed, str))
    ):
        return None
    try:
        confirmed_on = date.fromisoformat(confirmed) if confirmed else None
    except ValueError:
        return None
    return DeclaredSettings(human_review, retention, confirmed_on)


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
        dropped with a warning: that assistant is simply "not declared yet" again.
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
        await self._store.async_save(
            {
                assistant_id: {
                    **asdict(settings),
                    "confirmed_on": settings.confirmed_on.isoformat()
                    if settings.confirmed_on
                    else None,
                }
                for assistant_id, settings in self.settings.items()
            }
        )
        self._on_declared(assistant_id)
