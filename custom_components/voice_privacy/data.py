"""The hub's runtime data: its assistants and the sibling parts that serve them.

Each part has one job and is handed the siblings it needs when the hub is set up
(`__init__.py`); none of them owns or imports another's owner.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from homeassistant.config_entries import ConfigEntry

from .activity import ListeningTracker
from .autopurge import AutoPurge
from .changes import ChangeNotifier
from .coordinator import RecordingsCoordinator
from .history import VoiceHistory
from .models import Assistant
from .policy_store import PolicyKeeper
from .privacy import PrivacyController
from .private_time import PrivateTimeTracker
from .rules import PrivacyRules
from .scoreboard import ScoreBoard
from .settings import SettingsKeeper
from .status import MicrophoneTracker

if TYPE_CHECKING:
    # Home Assistant 2026.9 and newer only; for the type checker alone.
    from homeassistant.helpers.device_registry import AnyDeviceEntry

type VoicePrivacyConfigEntry = ConfigEntry[VoicePrivacyData]


@dataclass(slots=True, kw_only=True)
class VoicePrivacyData:
    """Everything the hub's entities, actions and repairs work with."""

    hub_device_id: str
    # The hub device's identifier, for releases that link a device to its parent by one.
    hub_identifier: tuple[str, str]
    assistants: dict[str, Assistant]
    # The assistants' own devices, where Home Assistant knows them (their entities join them).
    devices: dict[str, AnyDeviceEntry]
    changes: ChangeNotifier
    microphones: MicrophoneTracker
    activity: ListeningTracker
    private_time: PrivateTimeTracker
    policies: PolicyKeeper
    privacy: PrivacyController
    rules: PrivacyRules
    recordings: RecordingsCoordinator
    history: VoiceHistory
    auto_purge: AutoPurge
    settings: SettingsKeeper
    scores: ScoreBoard
    # What the hub was set up with, to tell an addition or an options change from the rest.
    config: dict[str, Any]
    options: dict[str, Any]
    # One per platform: adds the entities of an assistant added to the hub.
    entity_adders: list[Callable[[Assistant], None]] = field(default_factory=list)
    # Changes to a running hub (hub_changes.py) are applied one at a time.
    change_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def confirm_timeout(self) -> float:
        """Seconds to wait for a linked entity to confirm a command."""
        return self.privacy.confirm_timeout
