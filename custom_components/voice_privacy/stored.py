"""Reading values back from stores that any version, or a hand, may have written.

A value of the wrong shape is None here, never an exception later: a time that is not a real
date ("2026-02-30"), or one without a time zone (which could not be compared with now).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from homeassistant.util import dt as dt_util


def aware_datetime(value: Any) -> datetime | None:
    """A stored ISO time with its time zone, else None."""
    if not isinstance(value, str):
        return None
    try:
        parsed = dt_util.parse_datetime(value)
    except ValueError:
        return None
    if parsed is None or parsed.tzinfo is None:
        return None
    return parsed
