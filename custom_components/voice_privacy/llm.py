"""LLM tools: the voice intents, offered to LLM agents through the Assist API.

Home Assistant 2026.10 lists an intent as a tool only when its integration's `llm` platform
returns it; the tools call the same handlers as Assist's built-in agent (intent.py).

Older releases differ, and each still gets the tools: 2026.6 and 2026.7 have no `llm`
integration (this platform is never loaded) and offer every registered intent to LLM agents
on their own, named by intent type; 2026.8 and 2026.9 load this platform but know neither tool
titles, integrations nor annotations, so the tools are offered without them. 2026.8 also calls
the intent named like the tool, so there a tool is named by its intent type, unprefixed.
"""

from __future__ import annotations

import importlib
import inspect
from typing import TYPE_CHECKING, Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import intent, llm

from .const import DOMAIN
from .intent import (
    INTENT_DELETE_RECORDINGS,
    INTENT_LIVE_MICROPHONES,
    INTENT_PRIVACY_OFF,
    INTENT_PRIVACY_ON,
)

if TYPE_CHECKING:
    # 2026.8 and newer; this module itself imports on every release.
    from homeassistant.components.llm import LLMTools

# Title and behaviour of each tool. Privacy mode acts only on the home's own switches; a purge
# destroys data and may send the vendor a deletion request (outside Home Assistant).
TOOLS: dict[str, tuple[str, dict[str, bool]]] = {
    INTENT_PRIVACY_ON: (
        "Turn privacy mode on",
        {"destructive": False, "idempotent": True, "open_world": False},
    ),
    INTENT_PRIVACY_OFF: (
        "Turn privacy mode off",
        {"destructive": False, "idempotent": True, "open_world": False},
    ),
    INTENT_LIVE_MICROPHONES: (
        "List live microphones",
        {"read_only": True, "destructive": False, "idempotent": True, "open_world": False},
    ),
    INTENT_DELETE_RECORDINGS: (
        "Delete my voice recordings",
        {"destructive": True, "idempotent": False, "open_world": True},
    ),
}

# What this release's IntentTool accepts beyond a name and a handler.
_ACCEPTS = frozenset(inspect.signature(llm.IntentTool).parameters)
# Tool annotations exist from 2026.10 on.
_ANNOTATIONS: type[Any] | None = getattr(llm, "ToolAnnotations", None)


def _tool(handler: intent.IntentHandler) -> llm.IntentTool:
    title, annotations = TOOLS[handler.intent_type]
    options: dict[str, Any] = {}
    if "title" in _ACCEPTS:
        options["title"] = title
    if "integration" in _ACCEPTS:
        options["integration"] = DOMAIN
    if "annotations" in _ACCEPTS and _ANNOTATIONS is not None:
        options["annotations"] = _ANNOTATIONS(**annotations)
    tool = llm.IntentTool(f"{DOMAIN}__{handler.intent_type}", handler, **options)
    if getattr(tool, "intent_type", None) != handler.intent_type:
        # 2026.8 handles the intent named like the tool: named otherwise, every call of it
        # would fail as an unknown intent.
        tool.name = handler.intent_type
    return tool


@callback
def async_get_tools(
    hass: HomeAssistant, llm_context: llm.LLMContext, api_id: str
) -> LLMTools | None:
    """Offer the voice intents to the Assist API while the hub is loaded."""
    if api_id != llm.LLM_API_ASSIST or not hass.config_entries.async_loaded_entries(DOMAIN):
        return None
    tools = [_tool(handler) for handler in intent.async_get(hass) if handler.intent_type in TOOLS]
    # Only ever called by the `llm` integration, so it is there.
    result: LLMTools = importlib.import_module("homeassistant.components.llm").LLMTools(tools=tools)
    return result
