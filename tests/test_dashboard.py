"""The dashboard strategy and card: served by the integration, loaded on every page."""

from __future__ import annotations

from http import HTTPStatus

from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.voice_privacy.const import DOMAIN
from custom_components.voice_privacy.dashboard import FRONTEND_DIR, SCRIPT, URL_BASE
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
