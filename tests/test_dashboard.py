"""The dashboard strategy and card: served by the integration, loaded on every page."""

from __future__ import annotations

from http import HTTPStatus
import json
import re
import shutil
import subprocess
from typing import Any

import pytest
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.voice_privacy.const import DOMAIN, HistorySource
from custom_components.voice_privacy.dashboard import FRONTEND_DIR, SCRIPT, URL_BASE
from custom_components.voice_privacy.score import MAXIMUM
from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component


def _module_urls(hass: HomeAssistant) -> list[str]:
    return [url for url in hass.data[DATA_EXTRA_MODULE_URL].urls if url.startswith(URL_BASE)]


async def test_served_and_loaded_with_the_frontend(
    hass: HomeAssistant, hass_client: ClientSessionGenerator
) -> None:
    """With the frontend, the module is served and every page loads it, once."""
    assert await async_setup_component(hass, "frontend", {})
    assert await async_setup_component(hass, DOMAIN, {})
    await hass.async_block_till_done()

    urls = _module_urls(hass)
    assert len(urls) == 1
    url = urls[0]
    # A version and a hash of the file: a new card is never hidden by a cached one.
    assert url.startswith(f"{URL_BASE}/{SCRIPT}?v=0.1.0-")

    client = await hass_client()
    response = await client.get(url)
    assert response.status == HTTPStatus.OK
    assert "javascript" in response.headers["Content-Type"]
    body = await response.text()
    expected = await hass.async_add_executor_job((FRONTEND_DIR / SCRIPT).read_text, "utf-8")
    assert body == expected
    # The names Home Assistant's frontend looks up.
    assert "window.customElements.define(STRATEGY, " in body
    assert 'const STRATEGY = "ll-strategy-dashboard-voice-privacy"' in body
    assert 'const CARD = "voice-privacy-card"' in body

    # Only the frontend folder is served.
    response = await client.get(f"{URL_BASE}/../manifest.json")
    assert response.status == HTTPStatus.NOT_FOUND


async def test_setup_without_http(hass: HomeAssistant) -> None:
    """Without http and frontend (a headless install, most tests), nothing is registered."""
    assert await async_setup_component(hass, DOMAIN, {})
    assert "http" not in hass.config.components
    assert DATA_EXTRA_MODULE_URL not in hass.data
    assert hass.services.has_service(DOMAIN, "set_privacy_mode")


# ---------------------------------------------------------------------------------------------
# The card's words: all in translations/*.json, none in the JavaScript.

CARD_KEY = re.compile(r"\b(card_[a-z_]+)")
# Words of the card's old table of its own, which disagreed with the entities' translations.
OLD_TABLE_WORDS = [
    "Stummgeschaltet",
    "Coupé",
    "Nicht stören (hört weiter zu)",
    "Sprachprivatsphäre",
]


def _card_source() -> str:
    return (FRONTEND_DIR / SCRIPT).read_text(encoding="utf-8")


def _translations(language: str) -> dict[str, Any]:
    path = FRONTEND_DIR.parent / "translations" / f"{language}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _leaves(tree: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for value in tree.values():
        found.extend(_leaves(value) if isinstance(value, dict) else [value])
    return found


def test_card_holds_no_language_table() -> None:
    """No table of words per language, no copy of the score's maxima, no unique id parsing."""
    source = _card_source()
    for word in OLD_TABLE_WORDS:
        assert word not in source
    assert not re.search(r"\bTEXTS\s*=", source)
    assert not re.search(r"\b(en|de|fr|es|nl)\s*:\s*\{", source)
    assert "SCORE_MAXIMUM" not in source
    assert "entity_registry/list" not in source
    assert "unique_id" not in source
    # Which entity is which comes from the integration itself.
    assert "`${DOMAIN}/model`" in source


def test_card_shows_no_translated_word_of_its_own() -> None:
    """No word of any translation file is written in the card as a string or as HTML text.

    The one exception is the brand name in the card picker, read before any translation can be.
    """
    source = _card_source()
    words = {
        word
        for language in ("en", "de", "fr", "es", "nl")
        for word in _leaves(_translations(language))
        if len(word) > 2
    }
    written = {
        word
        for word in words
        if any(f"{q}{word}{e}" in source for q, e in ('""', "''", "``", "><"))
    }
    assert written == {"Voice Privacy"}
    assert 'const PICKER_NAME = "Voice Privacy";' in source


def test_card_words_exist_in_english() -> None:
    """Every card_* key the card reads is in en.json's `common`, and every one there is read."""
    source = _card_source()
    common = _translations("en")["common"]
    read = set(CARD_KEY.findall(source))
    # Keys built from a prefix: one per factor of the score, as the model names them.
    prefixes = {key for key in read if key.endswith("_")}
    assert prefixes == {"card_reason_"}
    read -= prefixes
    read |= {f"card_reason_{factor}" for factor in MAXIMUM}
    assert read - common.keys() == set()
    assert {key for key in common if key.startswith("card_")} - read == set()
    # Read through Home Assistant, by their full key, with the key itself as the only fallback.
    for key in read - {f"card_reason_{factor}" for factor in MAXIMUM}:
        assert f'"component.voice_privacy.common.{key}"' in source


def test_card_words_states_through_home_assistant() -> None:
    """States and attribute values are worded by Home Assistant from the entities' translations.

    The card has no state word of its own: the microphone's states and how they are known are
    the Microphone sensor's translations, the hub's answers the binary sensors'.
    """
    source = _card_source()
    assert "hass.formatEntityState(state)" in source
    assert "hass.formatEntityAttributeValue(state, attribute)" in source
    assert '_formatAttribute(microphone, "confirmed_by")' in source
    assert 'hass.loadBackendTranslation("common", DOMAIN)' in source
    assert 'hass.loadBackendTranslation("entity", DOMAIN)' in source
    for language in ("en", "de", "fr", "es", "nl"):
        entity = _translations(language)["entity"]
        microphone = entity["sensor"]["microphone"]
        for word in (
            *microphone["state"].values(),
            *microphone["state_attributes"]["confirmed_by"]["state"].values(),
            *entity["binary_sensor"]["all_private"]["state"].values(),
        ):
            if len(word) > 2:
                assert word not in source, (language, word)


def test_card_words_a_purge_as_the_logbook_does() -> None:
    """After Delete, the card says what each source did in the logbook's words (logbook.py).

    The card builds `logbook_purge_<source>` from the action's answer, so every source a purge
    can report has that word, with the placeholders the card fills, in every language.
    """
    source = _card_source()
    assert "`component.voice_privacy.common.logbook_${key}`" in source
    assert "say(`purge_${source}`, {" in source
    assert 'service: "purge_history"' in source
    assert "return_response: true" in source
    for language in ("en", "de", "fr", "es", "nl"):
        common = _translations(language)["common"]
        for history_source in HistorySource:
            assert f"logbook_purge_{history_source}" in common, (language, history_source)
        for key in ("failed", "partly_deleted", "nothing_found", "one_entity", "entities"):
            assert f"logbook_{key}" in common, (language, key)


# ---------------------------------------------------------------------------------------------
# The card's JavaScript itself, run in Node where it is installed (the browser check runs it in
# Chromium against a real Home Assistant).

NODE = shutil.which("node")
# Loads the card in a bare context (no DOM: only what the module needs to load) and runs one
# async function of the test's in it; prints what that function returns, as JSON.
NODE_DRIVER = r"""
const vm = require("vm");
const fs = require("fs");
const [, file, body] = process.argv;
const context = vm.createContext({
  HTMLElement: class {},
  window: { customElements: { whenDefined: () => new Promise(() => {}), get: () => undefined } },
  console,
});
vm.runInContext(fs.readFileSync(file, "utf8"), context);
vm.runInContext(`(async () => { ${body} })()`, context).then(
  (result) => console.log(JSON.stringify(result)),
  (err) => { console.error(err); process.exit(1); },
);
"""


def _run_card(body: str) -> Any:
    """Run `body` (the statements of an async function) beside the card's code in Node."""
    assert NODE is not None
    done = subprocess.run(  # noqa: S603  (Node found on PATH, our own script)
        [NODE, "-e", NODE_DRIVER, "--", str(FRONTEND_DIR / SCRIPT), body],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return json.loads(done.stdout)


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
def test_timeline_reads_home_assistants_history_stream() -> None:
    """The bands follow `history/stream` messages as core sends them (seconds; `lc` or `lu`).

    The first message opens with the state at the window's start (changed before it); a live
    update extends it; the same history sent again after a reconnect adds nothing; the
    frontend's state now ends the last band.
    """
    bands = _run_card(
        """
        const known = new Map();
        const first = {
          start_time: 1000, end_time: 2000,
          states: {"sensor.mic": [{s: "live", lu: 1000, lc: 800}, {s: "muted", lu: 2000}]},
        };
        mergeHistory(known, first, 1000e3);
        mergeHistory(known, {states: {"sensor.mic": [{s: "do_not_disturb", lu: 3000}]}}, 1000e3);
        mergeHistory(known, first, 1000e3);
        const now = {state: "live", last_changed: new Date(3500e3).toISOString()};
        return microphoneBands(known.get("sensor.mic"), now, 1000e3, 4000e3);
        """
    )
    assert bands == [
        {"from": 1000e3, "to": 2000e3, "state": "live"},
        {"from": 2000e3, "to": 3000e3, "state": "muted"},
        {"from": 3000e3, "to": 3500e3, "state": "do_not_disturb"},
        {"from": 3500e3, "to": 4000e3, "state": "live"},
    ]


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
def test_strategy_names_its_badges_and_suggests_a_title() -> None:
    """Badges say what their number is; the home score is no badge; "Add dashboard" is filled."""
    answer = _run_card(
        """
        const words = (key) => key.endsWith("card_title") ? "Sprachprivatsphäre"
          : key.endsWith("_badge") ? "word:" + key.split(".").pop() : "";
        const hass = {
          language: "de",
          entities: {},
          localize: () => "",
          loadBackendTranslation: async () => words,
          callWS: async () => ({
            loaded: true,
            hub: {live_microphones: "sensor.live", all_private: "binary_sensor.all",
                  privacy_score: "sensor.score"},
            assistants: [{id: "a1", name: "Kitchen", entities: {}}],
          }),
        };
        const dashboard = await VoicePrivacyDashboardStrategy.generate({}, hass);
        const suggested = await VoicePrivacyDashboardStrategy.getCreateSuggestions(hass);
        return {badges: dashboard.views[0].badges, suggested};
        """
    )
    assert answer["badges"] == [
        {
            "type": "entity",
            "entity": "sensor.live",
            "show_name": True,
            "name": "word:card_live_badge",
        },
        {
            "type": "entity",
            "entity": "binary_sensor.all",
            "show_name": True,
            "name": "word:card_private_badge",
        },
    ]
    assert answer["suggested"] == {"title": "Sprachprivatsphäre", "icon": "mdi:shield-lock-outline"}
