"""Repair issues for links the user has to mend.

When an entity an assistant is linked to disappears from Home Assistant (the plug was removed,
the satellite re-flashed under a new name), privacy mode can no longer work and only the user
can say what replaces it, so a repair issue points them to the assistant's reconfigure flow.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CoreState, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er, issue_registry as ir

from .const import DOMAIN

if TYPE_CHECKING:
    from .models import Assistant


def missing_link_issue_id(assistant_id: str) -> str:
    """Return the repair issue id for an assistant with missing linked entities."""
    return f"missing_link_{assistant_id}"


@callback
def async_update_missing_link_issues(
    hass: HomeAssistant, entry: ConfigEntry, assistants: Mapping[str, Assistant]
) -> None:
    """Raise or clear a repair for every assistant whose linked entities are gone.

    Before Home Assistant has started, other integrations may not have added their
    entities yet, so nothing is raised then; it is checked again once started.
    """
    if hass.state is not CoreState.running:
        return
    registry = er.async_get(hass)
    for assistant_id, assistant in assistants.items():
        missing = [
            entity_id
            for entity_id in assistant.links.entity_ids
            if registry.async_get(entity_id) is None and hass.states.get(entity_id) is None
        ]
        issue_id = missing_link_issue_id(assistant_id)
        if not missing:
            ir.async_delete_issue(hass, DOMAIN, issue_id)
            continue
        ir.async_create_issue(
            hass,
            DOMAIN,
            issue_id,
            is_fixable=False,
            is_persistent=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key="missing_link",
            translation_placeholders={
                "assistant": assistant.name,
                "entities": ", ".join(missing),
            },
            data={"entry_id": entry.entry_id, "assistant_id": assistant_id},
        )


@callback
def async_delete_stale_issues(hass: HomeAssistant, assistant_ids: set[str]) -> None:
    """Drop the repairs of assistants that have been removed from the hub."""
    keep = {missing_link_issue_id(a) for a in assistant_ids}
    for domain, issue_id in list(ir.async_get(hass).issues):
        if domain == DOMAIN and issue_id not in keep:
            ir.async_delete_issue(hass, DOMAIN, issue_id)
