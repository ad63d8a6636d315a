"""Privacy scores of the assistants and the home, each computed once per change of its inputs.

Reading a score gathers its inputs (a few lookups) and reuses the last score while they are
equal, so entities may read scores as often as they are written without recomputing them.
"""

from __future__ import annotations

from collections.abc import Mapping

from homeassistant.util import dt as dt_util

from .autopurge import AutoPurge
from .history import VoiceHistory
from .models import Assistant
from .rules import PrivacyRules
from .score import Score, ScoreInputs, assistant_score, home_score, purged_within
from .settings import SettingsKeeper
from .status import MicrophoneTracker


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
        # What each assistant's entity last read; the home keeps its own, so reading the home
        # score never hides an assistant's change from `changed()`.
        self._scores: dict[str, tuple[ScoreInputs, Score]] = {}
        self._home_parts: dict[str, tuple[ScoreInputs, Score]] = {}
        self._home: tuple[tuple[Score, ...], Score] | None = None

    def use(self, rules: PrivacyRules, auto_purge: AutoPurge) -> None:
        """Read the rules and purge that replaced the old ones (the options changed)."""
        self._rules = rules
        self._auto_purge = auto_purge

    def _inputs(self, assistant_id: str) -> ScoreInputs:
        return ScoreInputs(
            links=self._assistants[assistant_id].links,
            settings=self._settings.get(assistant_id),
            covered_by_rule=self._rules.covers(assistant_id),
            private_now=self._microphones.status(assistant_id).private,
            auto_purge=self._auto_purge.enabled,
            purged_within=purged_within(self._history.last_purge(assistant_id), dt_util.utcnow()),
        )

    def score(self, assistant_id: str) -> Score:
        """The privacy score of one assistant (see score.py), as its entity shows it."""
        return self._cached(self._scores, assistant_id)

    def _cached(self, cache: dict[str, tuple[ScoreInputs, Score]], assistant_id: str) -> Score:
        inputs = self._inputs(assistant_id)
        cached = cache.get(assistant_id)
        if cached is not None and cached[0] == inputs:
            return cached[1]
        score = assistant_score(inputs)
        cache[assistant_id] = (inputs, score)
        return score

    def changed(self) -> list[str]:
        """The assistants whose score changed since it was last read (time moved on)."""
        before = {assistant_id: cached[1] for assistant_id, cached in self._scores.items()}
        return [
            assistant_id
            for assistant_id in self._assistants
            if self.score(assistant_id) != before.get(assistant_id)
        ]

    def home(self) -> Score:
        """The privacy score of the home: the mean of its assistants."""
        scores = tuple(self._cached(self._home_parts, a) for a in self._assistants)
        if self._home is not None and self._home[0] == scores:
            return self._home[1]
        home = home_score(list(scores))
        self._home = (scores, home)
        return home
