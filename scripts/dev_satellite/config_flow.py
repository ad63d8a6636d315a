"""Config flow of the stand-in satellite: one entry, no questions."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult

from . import DOMAIN


class DevSatelliteConfigFlow(ConfigFlow, domain=DOMAIN):
    """Create the stand-in satellite."""

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Create it at once."""
        await self.async_set_unique_id(DOMAIN)
        self._abort_if_unique_id_configured()
        return self.async_create_entry(title="Kitchen Voice PE (stand-in)", data={})

    async_step_import = async_step_user
