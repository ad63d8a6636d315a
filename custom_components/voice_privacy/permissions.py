"""Who may destroy data: administrators, and automations or scripts nobody started.

Purging voice history cannot be undone, so every path that deletes (the purge buttons, the
purge action, the repair that purges) asks for an administrator, as Home Assistant's own
`recorder.purge` does. A call without a user (an automation's trigger, a script started by
the system) is Home Assistant itself and may purge.
"""

from __future__ import annotations

from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import Unauthorized, UnknownUser


async def async_require_admin(hass: HomeAssistant, context: Context | None) -> None:
    """Raise `Unauthorized` unless the context's user (if any) is an administrator."""
    if context is None or context.user_id is None:
        return
    user = await hass.auth.async_get_user(context.user_id)
    if user is None:
        raise UnknownUser(context=context)
    if not user.is_admin:
        raise Unauthorized(context=context)
