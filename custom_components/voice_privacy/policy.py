"""Who decides an assistant's privacy mode: one small state machine.

Precedence, newest decision first:
1. A manual change (privacy switch, home-wide switch, `set_privacy_mode`, or the mute pressed
   on the device itself) holds until the next rule change. With a `duration` it also ends by
   itself, and the assistant goes back to what the rules want then, or, with no rule active,
   to what it was before the change.
2. Rules (the privacy schedule is on; everyone tracked is away) keep the assistant private
   while any of them is active.
3. When the last rule ends, the assistant goes back to what it was before the rules took over.

A rule change (a rule turning on or off) always acts, and replaces a manual change made
before it. So a manual unmute during the night window lasts until the window ends (or until
someone leaves home), and never past it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from .stored import aware_datetime


@dataclass(frozen=True, slots=True)
class Override:
    """A manual decision; `until` set for a temporary one."""

    enabled: bool
    restore_to: bool
    until: datetime | None = None


@dataclass(slots=True)
class AssistantPolicy:
    """The rules that hold one assistant, and the decisions made since they changed."""

    rules: frozenset[str] = frozenset()
    baseline: bool | None = None
    override: Override | None = None

    def wanted(self) -> bool | None:
        """Return the privacy mode the assistant should have, or None when nothing decides."""
        if self.override is not None:
            return self.override.enabled
        if self.rules:
            return True
        return None

    def rules_changed(self, rules: frozenset[str], current: bool) -> bool | None:
        """Apply a rule change; return the privacy mode to set (None: leave as is)."""
        if rules == self.rules:
            return None
        if rules and not self.rules:
            # Remember what to go back to: what a temporary change would have gone back
            # to, else the state right now.
            override = self.override
            temporary = override is not None and override.until is not None
            self.baseline = override.restore_to if override and temporary else current
        self.rules = rules
        self.override = None
        if rules:
            return True
        target, self.baseline = self.baseline, None
        return target

    def manual(self, enabled: bool, current: bool, until: datetime | None = None) -> None:
        """Record a manual decision; a temporary one keeps the oldest state to go back to."""
        restore_to = current
        if until is not None and self.override is not None and self.override.until is not None:
            restore_to = self.override.restore_to
        self.override = Override(enabled, restore_to, until)

    def temporary_ended(self) -> bool | None:
        """End a temporary decision; return the privacy mode to set."""
        if self.override is None or self.override.until is None:
            return None
        restore_to = self.override.restore_to
        self.override = None
        return True if self.rules else restore_to

    def as_dict(self) -> dict[str, Any]:
        """Store form."""
        data = asdict(self)
        data["rules"] = sorted(self.rules)
        if self.override is not None and self.override.until is not None:
            data["override"]["until"] = self.override.until.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AssistantPolicy:
        """Read the store form back."""
        override = None
        if (raw := data.get("override")) is not None:
            until = aware_datetime(raw["until"]) if raw.get("until") else None
            if raw.get("until") and until is None:
                raise ValueError(raw["until"])  # the keeper drops this entry with a warning
            override = Override(raw["enabled"], raw["restore_to"], until)
        return cls(frozenset(data.get("rules", [])), data.get("baseline"), override)
