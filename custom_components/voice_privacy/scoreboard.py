"""Privacy scores of the assistants and the home, each computed once per change of its inputs.

Reading a score gathers its inputs (a few lookups) and reuses the last score while they are
equal, so entities may read scores as often as they are written without recomputing them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from homeassistant.util import dt as dt_util

from .autopurge import AutoPurge
from .history import VoiceHistory
from .links import AssistantLinks
from .models import Assistant
from .rules import PrivacyRules
from .score import Score, ScoreInputs, assistant_score, home_score, purged_within
from .settings import DeclaredSettings, SettingsKeeper
from .status import MicrophoneTracker

# links, the stored declaration, covered by a rule, private now, auto purge, purged within.
type _Key = tuple[AssistantLinks, DeclaredSettings | None, bool, bool, bool, int | None]


class ScoreBoard:
    """Compute and cache the scores of the hub's assistants and of the home."""

    def __init__(
        self,
        *,
        assistants: Mapping[str, Assistant],
        microphones: MicrophoneTracker,
        settings: SettingsKeeper,
        rules: PrivacyRules,
        auto_purge: AutoPurge,
        history: VoiceHistory,
    ) -> None:
        """Read the inputs from the hub's other parts."""
        self._assistants = assistants
        self._microphones = microphones
        self._settings = settings
        self._rules = rules
        self._auto_purge = auto_purge
        self._history = history
        # Each assistant's last score with its inputs: computed once per change of them, for
        # its entity and the home alike.
        self._scores: dict[str, tuple[_Key, Score]] = {}
        # What each assistant's entity was last given, so `changed()` sees what time moved.
        self._shown: dict[str, Score] = {}
        self._home: tuple[tuple[Score, ...], Score] | None = None

    def use(self, rules: PrivacyRules, auto_purge: AutoPurge) -> None:
        """Read the rules and purge that replaced the old ones (the options changed)."""
        self._rules = rules
        self._auto_purge = auto_purge

    def _key(self, assistant_id: str, now: datetime) -> _Key:
        """The score's inputs, as plain values and the stored objects themselves.

        Equal keys mean equal inputs; comparing them is mostly comparing identities, so a
        score that did not change costs a few lookups, whoever reads it and how often.
        """
        return (
            self._assistants[assistant_id].links,
            # The stored declaration itself, None when nothing is declared (the defaults).
            self._settings.settings.get(assistant_id),
            self._rules.covers(assistant_id),
            self._microphones.statuses[assistant_id].private,
            self._auto_purge.enabled,
            purged_within(self._history.last_purge(assistant_id), now),
        )

    def _inputs(self, assistant_id: str, key: _Key) -> ScoreInputs:
        links, _, covered_by_rule, private_now, auto_purge, within = key
        return ScoreInputs(
            links=links,
            settings=self._settings.get(assistant_id),
            covered_by_rule=covered_by_rule,
            private_now=private_now,
            auto_purge=auto_purge,
            purged_within=within,
        )

    def score(self, assistant_id: str) -> Score:
        """The privacy score of one assistant now (see score.py)."""
        return self._cached(assistant_id, dt_util.utcnow())

    def show(self, assistant_id: str) -> Score:
        """The score as the assistant's entity is given it, remembered for `changed()`.

        Only the entity reads through here: a score read elsewhere (diagnostics) must not
        hide from `changed()` that the entity still shows an older one.
        """
        score = self._shown[assistant_id] = self.score(assistant_id)
        return score

    def _cached(self, assistant_id: str, now: datetime) -> Score:
        key = self._key(assistant_id, now)
        cached = self._scores.get(assistant_id)
        if cached is not None and cached[0] == key:
            return cached[1]
        score = assistant_score(self._inputs(assistant_id, key))
        self._scores[assistant_id] = (key, score)
        return score

    def changed(self) -> list[str]:
        """The assistants whose score moved since their entity was last given it (time moved).

        They count as given it now: their entities are written next.
        """
        now = dt_util.utcnow()
        moved: list[str] = []
        for assistant_id in self._assistants:
            score = self._cached(assistant_id, now)
            if score != self._shown.get(assistant_id):
                self._shown[assistant_id] = score
                moved.append(assistant_id)
        return moved

    def home(self) -> Score:
        """The privacy score of the home: the mean of its assistants.

        Read once per batch of changes (by the hub's entity, for its value and attributes):
        the assistants that did not change cost a few lookups each, and the mean is only
        computed again when one of their scores changed.
        """
        now = dt_util.utcnow()
        scores = tuple(self._cached(a, now) for a in self._assistants)
        if self._home is not None and self._home[0] == scores:
            return self._home[1]
        home = home_score(list(scores))
        self._home = (scores, home)
        return home
