"""Privacy mode: a person's decisions, the rules' decisions, and the end of temporary ones.

Every decision about one assistant is taken in turn, under that assistant's own lock, so a
decision sees what the one before it did to the device. Different assistants never wait for
each other: privacy for many assistants runs concurrently.

When two decisions race (a rule starts or ends while a manual change to the same assistant is
still in flight), the later one still acts, except that a rule giving a microphone back is not
taken when a person asked for privacy while it waited: privacy wins.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import timedelta

from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import dt as dt_util

from .const import DOMAIN, LOGGER, Cause
from .control import SwitchCommands, async_set_microphone_cut
from .models import Assistant, AssistantStatus, PrivacyResult
from .policy_store import PolicyKeeper
from .status import MicrophoneTracker


class PrivacyController:
    """Set privacy mode on assistants and record who decided it."""

    def __init__(
        self,
        hass: HomeAssistant,
        assistants: Mapping[str, Assistant],
        microphones: MicrophoneTracker,
        policies: PolicyKeeper,
        confirm_timeout: float,
    ) -> None:
        """Work on the hub's assistants through their linked switches."""
        self._hass = hass
        self._assistants = assistants
        self._microphones = microphones
        self._policies = policies
        self.confirm_timeout = confirm_timeout
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._commands = SwitchCommands(hass)

    async def async_decide(
        self,
        assistant_ids: list[str],
        enabled: bool,
        cause: Cause,
        context: Context | None,
        duration: timedelta | None = None,
    ) -> list[PrivacyResult]:
        """Carry out a person's decision on many assistants at once, collecting each outcome.

        Each success is recorded in the assistant's policy (see policy.py); with a duration
        it is temporary and ends by itself.
        """
        until = dt_util.utcnow() + duration if duration is not None else None

        async def _async_one(assistant_id: str) -> PrivacyResult:
            assistant = self._assistants[assistant_id]
            async with self._locks[assistant_id]:
                before = self._microphones.status(assistant_id).private
                try:
                    status = await self._async_set(assistant_id, enabled, cause, context)
                except HomeAssistantError as err:
                    return PrivacyResult(
                        assistant, self._microphones.status(assistant_id), error=err
                    )
                self._policies.async_manual(assistant_id, enabled, before, until)
                # The timer as it now stands: the truth, even when this call's duration
                # replaced, or was replaced by, another one.
                override = self._policies.policy(assistant_id).override
                restore_at = (
                    override.until.isoformat()
                    if override is not None and override.until is not None
                    else None
                )
            return PrivacyResult(assistant, status, restore_at=restore_at)

        return list(await asyncio.gather(*(_async_one(a) for a in assistant_ids)))

    async def async_rules_changed(
        self,
        assistant_id: str,
        rules_now: Callable[[], frozenset[str]],
        cause_of: Callable[[frozenset[str], frozenset[str]], Cause],
        *,
        enforce: bool = False,
    ) -> None:
        """Hand the rules in force to the assistant's policy and set what it decides.

        The rules are read once the assistant's earlier decisions are done, so the latest
        state of the rules acts last. With `enforce` (at start-up) an assistant the rules
        should hold private is made private even when the rules did not change, in case the
        device lost its state while Home Assistant was down.
        """
        override_seen = self._policies.policy(assistant_id).override
        async with self._locks[assistant_id]:
            policy = self._policies.policy(assistant_id)
            # A person asked for privacy while this rule change waited for its turn.
            raced_by_privacy = (
                policy.override is not override_seen
                and policy.override is not None
                and policy.override.enabled
            )
            before = policy.rules
            rules = rules_now()
            current = self._microphones.status(assistant_id).private
            target = self._policies.async_rules_changed(assistant_id, rules, current)
            if target is None and enforce and policy.wanted() is True and not current:
                target = True
            if raced_by_privacy and current and target is False:
                # Two decisions raced and disagree: privacy wins (fail closed).
                target = None
            if target is None or target == current:
                return
            cause = cause_of(before, rules)
            try:
                await self._async_set(assistant_id, target, cause, None)
            except HomeAssistantError as err:
                name = self._assistants[assistant_id].name
                LOGGER.warning("Could not set %s (cause: %s): %s", name, cause, err)

    async def async_end_temporary(self, assistant_id: str) -> None:
        """Go back to what the policy wants when a temporary change ends."""
        async with self._locks[assistant_id]:
            target = self._policies.async_temporary_ended(assistant_id)
            if target is None:
                return
            try:
                await self._async_set(assistant_id, target, Cause.DURATION_ENDED, None)
            except HomeAssistantError as err:
                LOGGER.warning(
                    "Could not end temporary privacy change for %s: %s", assistant_id, err
                )

    async def _async_set(
        self, assistant_id: str, enabled: bool, cause: Cause, context: Context | None
    ) -> AssistantStatus:
        """Cut or restore one assistant's microphone, confirmed by the linked entities."""
        assistant = self._assistants[assistant_id]
        if not assistant.links.has_privacy_control:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="no_privacy_control",
                translation_placeholders={"assistant": assistant.name},
            )
        with self._microphones.command_context(cause, context) as command_context:
            await async_set_microphone_cut(
                self._commands, assistant.links, enabled, self.confirm_timeout, command_context
            )
        return self._microphones.status(assistant_id)
