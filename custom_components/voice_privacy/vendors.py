"""What each vendor lets users set about voice recordings, and where they set it.

No vendor offers an API for these settings; Voice Privacy only records what the user says
they set, and points to the vendor's own page. Retention options are the vendor's own.
"""

from __future__ import annotations

from dataclasses import dataclass
import math

from .const import AssistantKind

# Months a retention option keeps recordings; inf for "until deleted".
RETENTION_MONTHS: dict[str, float] = {
    "not_saved": 0,
    "3_months": 3,
    "6_months": 6,
    "18_months": 18,
    "36_months": 36,
    "until_deleted": math.inf,
}


@dataclass(frozen=True, slots=True)
class VendorPrivacy:
    """One vendor's privacy settings: retention options, whether humans may listen, where."""

    retention_options: tuple[str, ...]
    human_review: bool  # whether the vendor has a human-review setting at all
    url: str


VENDORS: dict[AssistantKind, VendorPrivacy] = {
    # Alexa app: More > Alexa Privacy > Manage Your Alexa Data / Manage How Your Data Improves Alexa
    AssistantKind.ALEXA: VendorPrivacy(
        ("not_saved", "3_months", "18_months", "until_deleted"),
        human_review=True,
        url="https://www.amazon.com/alexaprivacysettings",
    ),
    # Google: Web & App Activity, "Include voice and audio activity", auto-delete
    AssistantKind.GOOGLE: VendorPrivacy(
        ("not_saved", "3_months", "18_months", "36_months", "until_deleted"),
        human_review=True,
        url="https://myactivity.google.com/activitycontrols",
    ),
    # Apple: Settings > Privacy & Security > Analytics & Improvements > Improve Siri & Dictation
    AssistantKind.APPLE: VendorPrivacy(
        ("not_saved", "6_months"),
        human_review=True,
        url="https://www.apple.com/legal/privacy/data/en/ask-siri-dictation/",
    ),
    # Assist keeps audio only in debug recordings, on your own disk, until deleted.
    AssistantKind.ASSIST_SATELLITE: VendorPrivacy(
        ("not_saved", "until_deleted"),
        human_review=False,
        url="https://www.home-assistant.io/integrations/assist_pipeline/",
    ),
    AssistantKind.OTHER: VendorPrivacy(
        ("not_saved", "3_months", "18_months", "until_deleted"),
        human_review=True,
        url="https://www.home-assistant.io/voice_control/",
    ),
}


def retention_days(option: str | None) -> float | None:
    """Days a retention option keeps recordings (30-day months), None when not declared."""
    if option is None:
        return None
    return RETENTION_MONTHS[option] * 30
