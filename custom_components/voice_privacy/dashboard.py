"""The dashboard strategy and card, served by the integration itself (no separate install).

`frontend/voice-privacy.js` is a plain ES module. It defines the dashboard strategy
`custom:voice-privacy` and the card `custom:voice-privacy-card`. Home Assistant's frontend
loads it on every page once it is registered as an extra module, so "Add dashboard" lists the
strategy and the card picker lists the card.

Registered once in `async_setup`, not per entry, and only where the frontend runs: a Home
Assistant without `http` (tests, a headless install) sets the integration up as before. The
URL carries a hash of the file, so a browser never keeps an old card after an update.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from homeassistant.components.frontend import add_extra_js_url

# Where every release from 2026.6 has it (2026.8 moved it to http.server, importing it back).
from homeassistant.components.http import StaticPathConfig  # type: ignore[attr-defined]
from homeassistant.core import HomeAssistant
from homeassistant.loader import async_get_integration

from .const import DOMAIN

FRONTEND_DIR = Path(__file__).parent / "frontend"
SCRIPT = "voice-privacy.js"
URL_BASE = f"/{DOMAIN}/frontend"


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


async def async_register_dashboard(hass: HomeAssistant) -> str | None:
    """Serve the frontend folder and load the module on every page; return its URL.

    Nothing happens (None) when the frontend is not loaded: the manifest's
    `after_dependencies` make sure it is set up first whenever it is configured.
    """
    if "frontend" not in hass.config.components or "http" not in hass.config.components:
        return None
    file_hash = await hass.async_add_executor_job(_file_hash, FRONTEND_DIR / SCRIPT)
    version = (await async_get_integration(hass, DOMAIN)).version
    await hass.http.async_register_static_paths(
        [StaticPathConfig(URL_BASE, str(FRONTEND_DIR), cache_headers=True)]
    )
    url = f"{URL_BASE}/{SCRIPT}?v={version}-{file_hash}"
    add_extra_js_url(hass, url)
    return url
