"""Privacy score, 0-100, from a documented formula, with what to fix next.

Five factors, each with a maximum (the sum is 100):

| factor | max | full points | partial |
| --- | --- | --- | --- |
| microphone_control | 25 | own mute switch | power cut only: 20; none: 0 |
| privacy_mode | 15 | covered by a rule (schedule or away) | private right now: 8 |
| human_review | 20 | declared off, or no vendor staff (Assist) | not declared: 5; allowed: 0 |
| retention | 20 | not saved | months <=3: 15, <=6: 12, <=18: 8, <=36: 4, else 0; undeclared: 2 |
| history_purge | 20 | automatic purge on | last purge <=7 days 15, <=30 days 8, else 0 |

The reasons are the factors short of full points, biggest loss first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .kinds import KINDS, RETENTION_MONTHS
from .links import AssistantLinks
from .settings import DeclaredSettings

MAXIMUM = {
    "microphone_control": 25,
    "privacy_mode": 15,
    "human_review": 20,
    "retention": 20,
    "history_purge": 20,
}
RETENTION_POINTS = ((0, 20), (3, 15), (6, 12), (18, 8), (36, 4))
# Points for a last purge within this many days, when the automatic purge is off.
PURGE_POINTS: dict[int | None, int] = {7: 15, 30: 8}


@dataclass(frozen=True, slots=True)
class Score:
    """A score with its points per factor and what to fix next."""

    value: int
    points: dict[str, int]
    reasons: list[str]


@dataclass(frozen=True, slots=True)
class ScoreInputs:
    """What the score of one assistant is computed from; equal inputs, equal score."""

    links: AssistantLinks
    settings: DeclaredSettings
    covered_by_rule: bool
    private_now: bool
    auto_purge: bool
    # Days since the last purge, by the limits that score: 7, 30, or None (longer, never).
    purged_within: int | None


def purged_within(last_purge: datetime | None, now: datetime) -> int | None:
    """The smallest scoring limit (7 or 30 days) the last purge is within, else None."""
    if last_purge is None:
        return None
    return next(
        (days for days in PURGE_POINTS if days and now - last_purge <= timedelta(days=days)),
        None,
    )


def _retention_points(option: str | None) -> int:
    if option is None:
        return 2
    months = RETENTION_MONTHS[option]
    return next((points for limit, points in RETENTION_POINTS if months <= limit), 0)


def assistant_score(inputs: ScoreInputs) -> Score:
    """Score one assistant."""
    links, settings = inputs.links, inputs.settings
    points = {
        "microphone_control": 25 if links.mute_entity else 20 if links.power_entity else 0,
        "privacy_mode": 15 if inputs.covered_by_rule else 8 if inputs.private_now else 0,
        "human_review": 20
        if not KINDS[links.kind].human_review or settings.human_review is False
        else 5
        if settings.human_review is None
        else 0,
        "retention": _retention_points(settings.retention),
        "history_purge": 20 if inputs.auto_purge else PURGE_POINTS.get(inputs.purged_within, 0),
    }
    return Score(sum(points.values()), points, _reasons(points))


def home_score(scores: list[Score]) -> Score:
    """The home's score: the mean of its assistants, with their reasons."""
    if not scores:
        return Score(0, {}, [])
    points = {
        factor: round(sum(s.points[factor] for s in scores) / len(scores)) for factor in MAXIMUM
    }
    return Score(round(sum(s.value for s in scores) / len(scores)), points, _reasons(points))


def _reasons(points: dict[str, int]) -> list[str]:
    lost = {factor: MAXIMUM[factor] - value for factor, value in points.items()}
    return [factor for factor in sorted(lost, key=lambda f: -lost[f]) if lost[factor] > 0]
