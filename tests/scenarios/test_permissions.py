"""Who may destroy data: every path that purges refuses an ordinary, non-admin user.

An ordinary user (not read-only: they may switch things) must not purge voice history; an
administrator may, and so may automations and scripts that run without a user.
"""

from __future__ import annotations

from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.voice_privacy.const import DOMAIN
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import Unauthorized
from homeassistant.setup import async_setup_component
from tests.conftest import collect_events

PURGE_BUTTONS = [
    "button.nest_purge_voice_history",
    "button.voice_privacy_purge_all_voice_history",
]


@pytest.fixture
def purges(hass: HomeAssistant) -> list[Any]:
    """Collect voice_privacy_history_purged events."""
    return collect_events(hass, "voice_privacy_history_purged")


@pytest.mark.usefixtures("setup_hub")
@pytest.mark.parametrize("button", PURGE_BUTTONS)
async def test_an_ordinary_user_cannot_press_purge(
    hass: HomeAssistant, hass_ordinary_user: MockUser, purges: list[Any], button: str
) -> None:
    """The purge buttons refuse a non-admin user; nothing is purged."""
    assert not hass_ordinary_user.is_admin
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            "button",
            "press",
            {"entity_id": button},
            blocking=True,
            context=Context(user_id=hass_ordinary_user.id),
        )
    await hass.async_block_till_done()
    assert purges == []
    assert hass.states.get("sensor.nest_last_purge").state == "unknown"


@pytest.mark.usefixtures("setup_hub")
@pytest.mark.parametrize("button", PURGE_BUTTONS)
async def test_an_admin_or_an_automation_can_press_purge(
    hass: HomeAssistant, hass_admin_user: MockUser, purges: list[Any], button: str
) -> None:
    """An administrator, and a call without a user, purge."""
    for context in (Context(user_id=hass_admin_user.id), Context()):
        await hass.services.async_call(
            "button", "press", {"entity_id": button}, blocking=True, context=context
        )
    await hass.async_block_till_done()
    assert {event.context.user_id for event in purges} == {hass_admin_user.id, None}


@pytest.mark.usefixtures("setup_hub")
async def test_an_ordinary_user_cannot_call_purge_history(
    hass: HomeAssistant, hass_ordinary_user: MockUser, purges: list[Any]
) -> None:
    """The action refuses a non-admin user, as the recorder's own purge does."""
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            DOMAIN,
            "purge_history",
            {"entity_id": "sensor.nest_microphone"},
            blocking=True,
            context=Context(user_id=hass_ordinary_user.id),
        )
    assert purges == []


async def test_an_ordinary_user_cannot_run_a_repair_that_purges(
    hass: HomeAssistant,
    setup_hub: MockConfigEntry,
    hass_ordinary_user: MockUser,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    """Repair fix flows (one of them purges) are for administrators only."""
    assert await async_setup_component(hass, "repairs", {})
    refresh = await hass.auth.async_create_refresh_token(hass_ordinary_user, "https://example")
    token = hass.auth.async_create_access_token(refresh)
    client = await hass_client_no_auth()
    response = await client.post(
        "/api/repairs/issues/fix",
        json={"handler": DOMAIN, "issue_id": "kept_too_long_nest_id"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status == 401
