"""From the words of a sentence to the slots of an intent, and the times they mean.

Pure: no Home Assistant, no language. The lists of a language's file give each word its value
(words.py); this module adds them up:
- a duration is any of `duration_words` (minutes), `days`, `hours` (with `extra_minutes`,
  "and a half") and `minutes`, in whole minutes;
- a time of day is `time_words` (minutes after midnight), or `hour` with `minute`,
  `minute_offset` ("half past" is +30, "quarter to" -15) and `meridiem` (am / pm);
- the end of "until 7" is the next 7:00 on the local clock, whatever the offset does meanwhile
  (the night the clocks go back is an hour longer).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
import re
from typing import Any

HALF_DAY = 12
MINUTES_PER_HOUR = 60
MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR
DURATION_LISTS = frozenset({"duration_words", "days", "hours", "extra_minutes", "minutes"})
TIME_LISTS = frozenset({"time_words", "hour", "minute", "minute_offset", "meridiem"})
# A name longer than this is not repeated whole in an answer.
LONGEST_ECHO = 60


@dataclass(frozen=True, slots=True)
class Unclear:
    """A spoken value that could not be understood: which kind, and the words as said."""

    key: str
    said: str


def said(texts: Mapping[str, str], lists: frozenset[str]) -> str:
    """The words that filled some lists, in the order they were said."""
    return " ".join(text for name, text in texts.items() if name in lists and text)


def minutes_of(values: Mapping[str, Any]) -> int | None:
    """The duration the values say, in minutes; None when they say none."""
    if not DURATION_LISTS & values.keys():
        return None
    total = int(values.get("duration_words", 0)) + int(values.get("days", 0)) * MINUTES_PER_DAY
    total += int(values.get("hours", 0)) * MINUTES_PER_HOUR + int(values.get("extra_minutes", 0))
    total += int(values.get("minutes", 0))
    return total


def time_of(values: Mapping[str, Any]) -> time | None:
    """The time of day the values say; None when they say none or an impossible one."""
    if "time_words" in values:
        minutes = int(values["time_words"])
    elif "hour" in values:
        hour = int(values["hour"])
        if (meridiem := values.get("meridiem")) is not None:
            if not 1 <= hour <= HALF_DAY:
                return None
            hour = hour % HALF_DAY + (HALF_DAY if meridiem == "pm" else 0)
        minutes = hour * MINUTES_PER_HOUR + int(values.get("minute", 0))
        minutes += int(values.get("minute_offset", 0))
    else:
        return None
    minutes %= MINUTES_PER_DAY
    return time(minutes // MINUTES_PER_HOUR, minutes % MINUTES_PER_HOUR)


def next_local(at: time, now: datetime) -> datetime:
    """The next moment after `now` (aware, local) that the local clock shows `at`.

    Compared in UTC: on the night the clocks go back, 01:30 comes twice, and a wall-clock
    difference would be an hour off.
    """
    tz = now.tzinfo
    day = now.date()
    while True:
        candidate = datetime.combine(day, at, tzinfo=tz)
        if candidate.astimezone(UTC) > now.astimezone(UTC):
            return candidate
        day += timedelta(days=1)


def until(at: time, now: datetime) -> timedelta:
    """How long from `now` until the local clock next shows `at`, in real time."""
    return next_local(at, now).astimezone(UTC) - now.astimezone(UTC)


def shorten(text: str, limit: int = LONGEST_ECHO) -> str:
    """A name as it may be repeated in an answer: cut short with an ellipsis when long."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def too_long(text: str, longest_minutes: int) -> bool:
    """Whether the words hold a number of minutes, hours or days beyond the longest allowed.

    Said as digits, such a number is too long whatever its unit (even counted as minutes).
    """
    return any(int(digits) > longest_minutes for digits in re.findall(r"\d+", text))
