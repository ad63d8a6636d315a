"""LLM tools: the voice intents, offered to LLM agents through the Assist API.

Home Assistant 2026.10 lists an intent as a tool only when its integration's `llm` platform
returns it; the tools call the same handlers as Assist's built-in agent (intent.py).
"""

from __future__ import annotations

from homeassistant.components.llm import LLMTools
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import intent
from homeassistant.helpers.llm import LLM_API_ASSIST, IntentTool, LLMContext, ToolAnnotations

from .const import DOMAIN
from .intent import (
    INTENT_DELETE_RECORDINGS,
    INTENT_LIVE_MICROPHONES,
    INTENT_PRIVACY_OFF,
    INTENT_PRIVACY_ON,
)

# Title and behaviour of each tool. Privacy mode acts only on the home's own switches; a purge
# destroys data and may send the vendor a deletion request (outside Home Assistant).
TOOLS: dict[str, tuple[str, ToolAnnotations]] = {
    INTENT_PRIVACY_ON: (
        "Turn privacy mode on",
        ToolAnnotations(destructive=False, idempotent=True, open_world=False),
    ),
    INTENT_PRIVACY_OFF: (
        "Turn privacy mode off",
        ToolAnnotations(destructive=False, idempotent=True, open_world=False),
    ),
    INTENT_LIVE_MICROPHONES: (
        "List live microphones",
        ToolAnnotations(read_only=True, destructive=False, idempotent=True, open_world=False),
    ),
    INTENT_DELETE_RECORDINGS: (
        "Delete my voice recordings",
        ToolAnnotations(destructive=True, idempotent=False, open_world=True),
    ),
}


@callback
def async_get_tools(hass: HomeAssistant, llm_context: LLMContext, api_id: str) -> LLMTools | None:
    """Offer the voice intents to the Assist API while the hub is loaded."""
    if api_id != LLM_API_ASSIST or not hass.config_entries.async_loaded_entries(DOMAIN):
        return None
    return LLMTools(
        tools=[
            IntentTool(
                f"{DOMAIN}__{handler.intent_type}",
                handler,
                title=TOOLS[handler.intent_type][0],
                integration=DOMAIN,
                annotations=TOOLS[handler.intent_type][1],
            )
            for handler in intent.async_get(hass)
            if handler.intent_type in TOOLS
        ]
    )
