"""Every language says everything English says, with the same placeholders, and is loaded."""

from __future__ import annotations

import json
from pathlib import Path
import re
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voice_privacy.const import DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.helpers.translation import async_get_translations

INTEGRATION = Path(__file__).parent.parent / "custom_components" / DOMAIN
TRANSLATIONS = INTEGRATION / "translations"
LANGUAGES = ["de", "fr", "es", "nl"]
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Map each leaf's dotted key path to its string."""
    leaves: dict[str, str] = {}
    for key, value in tree.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            leaves.update(_flatten(value, path))
        else:
            leaves[path] = value
    return leaves


def test_strings_json_is_english() -> None:
    """strings.json and translations/en.json say the same."""
    assert _load(INTEGRATION / "strings.json") == _load(TRANSLATIONS / "en.json")


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_has_exactly_the_english_keys(language: str) -> None:
    """No key is missing and none is extra, at any depth."""
    english = _flatten(_load(TRANSLATIONS / "en.json"))
    translated = _flatten(_load(TRANSLATIONS / f"{language}.json"))
    missing = sorted(english.keys() - translated.keys())
    extra = sorted(translated.keys() - english.keys())
    assert (missing, extra) == ([], [])


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_keeps_every_placeholder(language: str) -> None:
    """Each string has the same {placeholders} as the English one, no more, no fewer."""
    english = _flatten(_load(TRANSLATIONS / "en.json"))
    translated = _flatten(_load(TRANSLATIONS / f"{language}.json"))
    differing = {
        key: (sorted(set(PLACEHOLDER.findall(text))), sorted(set(PLACEHOLDER.findall(other))))
        for key, text in english.items()
        if (other := translated.get(key)) is not None
        and set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(other))
    }
    assert differing == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_is_formatted_like_english(language: str) -> None:
    """Two-space indent, sorted keys, characters not escaped, a trailing newline."""
    text = (TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


async def test_home_assistant_loads_german(hass: HomeAssistant, setup_hub: MockConfigEntry) -> None:
    """Home Assistant serves the German entity names of the integration."""
    translations = await async_get_translations(hass, "de", "entity", {DOMAIN})
    assert translations[f"component.{DOMAIN}.entity.switch.privacy_mode.name"] == (
        "Privatsphäre-Modus"
    )
    assert translations[f"component.{DOMAIN}.entity.sensor.microphone.state.powered_off"] == (
        "Ausgeschaltet"
    )


# Card words that name an entity or its attribute: the entity's word, in every language, so the
# card and the entity's own page never say it differently.
CARD_WORDS_OF_ENTITIES = {
    "card_all_private": "entity.binary_sensor.all_private.name",
    "card_improve": "entity.sensor.privacy_score.state_attributes.reasons.name",
    "card_last_purge": "entity.sensor.last_purge.name",
    "card_live_microphones": "entity.sensor.live_microphones.name",
    "card_next_auto_purge": "entity.sensor.next_auto_purge.name",
    "card_privacy_mode": "entity.switch.privacy_mode.name",
    "card_purge": "entity.button.purge_history.name",
    "card_purge_all": "entity.button.purge_history_all.name",
    "card_recordings": "entity.sensor.stored_recordings.name",
    "card_schedule_active": "entity.binary_sensor.schedule_active.name",
    "card_score": "entity.sensor.privacy_score.name",
}
# The logbook's words (logbook.py) and the placeholders each is given.
LOGBOOK_WORDS = {
    "logbook_purged": {"details"},
    "logbook_purge_recorder": {"count"},
    "logbook_purge_debug_recordings": {"files", "bytes"},
    "logbook_purge_vendor_cloud": set(),
    "logbook_failed": {"sources"},
    "logbook_nothing_found": set(),
    "logbook_partly_deleted": {"files"},
    "logbook_one_entity": {"count"},
    "logbook_entities": {"count"},
    "logbook_listened": set(),
    "logbook_listened_while_private": set(),
}


@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_card_says_what_the_entities_say(language: str) -> None:
    """Where the card names an entity, it uses the entity's own translated name."""
    leaves = _flatten(_load(TRANSLATIONS / f"{language}.json"))
    differing = {
        card: (leaves[f"common.{card}"], leaves[entity])
        for card, entity in CARD_WORDS_OF_ENTITIES.items()
        if leaves[f"common.{card}"] != leaves[entity]
    }
    assert differing == {}


def test_common_is_flat_and_holds_the_logbook() -> None:
    """`common` is one flat level of slugs (hassfest), with every logbook line and placeholder."""
    common = _load(TRANSLATIONS / "en.json")["common"]
    assert all(isinstance(text, str) for text in common.values())
    assert all(re.fullmatch(r"[a-z0-9_]+", key) for key in common)
    assert {
        key: set(PLACEHOLDER.findall(text)) for key, text in common.items() if key in LOGBOOK_WORDS
    } == LOGBOOK_WORDS


async def test_home_assistant_serves_the_card_words(
    hass: HomeAssistant, setup_hub: MockConfigEntry
) -> None:
    """The frontend's `loadBackendTranslation("common", ...)` gets the card's words."""
    translations = await async_get_translations(hass, "fr", "common", {DOMAIN})
    assert translations[f"component.{DOMAIN}.common.card_title"] == "Confidentialité vocale"
    entity = await async_get_translations(hass, "fr", "entity", {DOMAIN})
    assert entity[f"component.{DOMAIN}.entity.sensor.microphone.state.muted"] == "En sourdine"
