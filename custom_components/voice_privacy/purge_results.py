"""What a purge did, per source and per assistant, typed once and written as JSON three ways.

The same JSON goes to the `purge_history` action's response, the `voice_privacy_history_purged`
event (which the logbook describes, also for events recorded by earlier versions) and the
stored purge log. Its shape is a public contract: automations read the response and the
event, and the store must stay readable by earlier versions. So a field that does not apply
is left out, as it always was, rather than written as null.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import timedelta
from typing import Any, Self

from .const import (
    ATTR_ASSISTANT,
    ATTR_ASSISTANT_ID,
    ATTR_DRY_RUN,
    ATTR_OLDER_THAN,
    ATTR_SOURCES,
    HistorySource,
    PurgeStatus,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class SourcePurge:
    """The outcome of one source: its status, and the detail that status comes with.

    Fields are in the order they are written; `None` ones are not written.
    """

    status: PurgeStatus
    # Why a source did not apply or failed (a word, or the error's text).
    reason: str | None = None
    # A recordings folder that must never be purged.
    path: str | None = None
    # The first error the disk gave, and how many files and folders it refused.
    error: str | None = None
    errors: int | None = None
    # The recorder: the voice entities whose history goes, and the whole days kept.
    entities: list[str] | None = None
    keep_days: int | None = None
    # Debug recordings removed (or that would be).
    files: int | None = None
    bytes: int | None = None
    # The words sent to the vendor's assistant.
    command: str | None = None

    @classmethod
    def failed(cls, reason: str, **detail: Any) -> Self:
        """A source that could not be purged."""
        return cls(status=PurgeStatus.FAILED, reason=reason, **detail)

    @classmethod
    def not_applicable(cls, reason: str) -> Self:
        """A source that has nothing to purge for this assistant, and why."""
        return cls(status=PurgeStatus.NOT_APPLICABLE, reason=reason)

    def as_dict(self) -> dict[str, Any]:
        """The JSON of the response, the event and the log."""
        return {
            field.name: value
            for field in fields(self)
            if (value := getattr(self, field.name)) is not None
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Self:
        """Read it back (an event recorded by this or an earlier version).

        Raises ValueError when it cannot be read.
        """
        if not isinstance(raw, Mapping) or "status" not in raw:
            raise ValueError(raw)
        known = {field.name for field in fields(cls)}
        values = {key: value for key, value in raw.items() if key in known}
        values["status"] = PurgeStatus(raw["status"])
        return cls(**values)

    @property
    def done(self) -> bool:
        """Deleted, or (at the vendor) asked to be deleted."""
        return self.status in (PurgeStatus.REMOVED, PurgeStatus.REQUESTED)

    @property
    def reached(self) -> bool:
        """Done, or files removed before the disk refused the rest: the purge did something."""
        return self.done or bool(self.files)


@dataclass(frozen=True, slots=True, kw_only=True)
class AssistantPurge:
    """What one purge did for one assistant, source by source."""

    assistant_id: str
    name: str
    dry_run: bool
    older_than: timedelta | None
    sources: dict[HistorySource, SourcePurge]

    def as_dict(self) -> dict[str, Any]:
        """The JSON of the response, the event and the log (`older_than` in seconds)."""
        return {
            ATTR_ASSISTANT_ID: self.assistant_id,
            ATTR_ASSISTANT: self.name,
            ATTR_DRY_RUN: self.dry_run,
            ATTR_OLDER_THAN: self.older_than.total_seconds() if self.older_than else None,
            ATTR_SOURCES: {source: outcome.as_dict() for source, outcome in self.sources.items()},
        }


def sources_of(raw: Any) -> dict[str, SourcePurge]:
    """The sources of a purge as recorded in its event, leaving out any that cannot be read."""
    sources: dict[str, SourcePurge] = {}
    for source, outcome in raw.items() if isinstance(raw, Mapping) else ():
        try:
            sources[source] = SourcePurge.from_dict(outcome)
        except ValueError, TypeError:
            continue
    return sources
