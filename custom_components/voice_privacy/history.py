"""Voice history: purge every copy Home Assistant can reach, and keep an audit trail.

Three sources, each reported for what it really is:
- the recorder's history of the entities on the assistant's device (an Alexa voice event
  entity holds the spoken command in its attributes), purged by `recorder.purge_entities`;
- Assist debug recordings on disk (see recordings.py);
- the vendor's own voice deletion ("Alexa, delete everything I said"), sent through the
  user's `alexa_devices` or `google_assistant_sdk` integration when they opted in. Nothing
  confirms it, so it is "requested", never "deleted". Apple offers nothing of the kind.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
import math
from typing import Any, NotRequired, TypedDict

from homeassistant.const import ATTR_ENTITY_ID, Platform
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.recorder import get_instance as get_recorder
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .changes import ChangeNotifier, Topic
from .const import (
    DOMAIN,
    EVENT_HISTORY_PURGED,
    KEY_LAST_PURGE,
    LOGGER,
    HistorySource,
    PurgeStatus,
    unique_id,
)
from .coordinator import RecordingsCoordinator, recordings_dir
from .discovery import voice_entities
from .kinds import KINDS
from .links import AssistantLinks
from .models import Assistant
from .purge_results import AssistantPurge, SourcePurge
from .recordings import DeviceFolder, UnsafeRecordingsPathError, purge
from .stored import aware_datetime

STORAGE_VERSION = 1
LOG_SIZE = 50
RECORDER_DOMAIN = "recorder"


class HistoryData(TypedDict):
    """What is stored: the last real purge of each assistant and a bounded log."""

    last_purge: dict[str, str]
    log: list[dict[str, Any]]
    last_auto_purge: NotRequired[str]


@dataclass(frozen=True, slots=True)
class PurgeRequest:
    """What to purge: age, sources, and whether only to report."""

    older_than: timedelta | None
    sources: frozenset[HistorySource]
    dry_run: bool = False


class VoiceHistory:
    """Run purges for assistants and remember them."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        recordings: RecordingsCoordinator,
        changes: ChangeNotifier,
    ) -> None:
        """Keep the purge log in a store of the hub's config entry."""
        self._hass = hass
        self._store = _store(hass, entry_id)
        self._recordings = recordings
        self._changes = changes
        self.data = HistoryData(last_purge={}, log=[])

    async def async_load(self) -> None:
        """Read back the log and the last purges, keeping only what can be read.

        A piece of the wrong shape (written by a broken version, edited by hand) is dropped
        with a warning; the rest, and the sensors built on it, keep working.
        """
        stored: Any = await self._store.async_load()
        if not stored:
            return
        if not isinstance(stored, dict):
            LOGGER.warning("Ignoring the purge log, which cannot be read: %r", stored)
            return
        last_purge = stored.get("last_purge")
        self.data["last_purge"] = {
            assistant_id: at
            for assistant_id, at in (last_purge.items() if isinstance(last_purge, dict) else ())
            if aware_datetime(at) is not None
        }
        log = stored.get("log")
        self.data["log"] = [e for e in log if isinstance(e, dict)] if isinstance(log, list) else []
        last_auto = stored.get("last_auto_purge")
        if (last_auto_at := aware_datetime(last_auto)) is not None:
            self.data["last_auto_purge"] = last_auto_at.isoformat()
        kept = (len(self.data["last_purge"]), len(self.data["log"]))
        if kept != (
            len(last_purge) if isinstance(last_purge, dict) else 0,
            len(log) if isinstance(log, list) else 0,
        ) or (last_auto is not None and "last_auto_purge" not in self.data):
            LOGGER.warning("Dropped parts of the purge log that could not be read")

    @staticmethod
    async def async_remove_store(hass: HomeAssistant, entry_id: str) -> None:
        """Delete the store of a hub that was removed."""
        await _store(hass, entry_id).async_remove()

    def last_purge(self, assistant_id: str) -> datetime | None:
        """When this assistant's history was last purged for real."""
        return aware_datetime(self.data["last_purge"].get(assistant_id))

    def last_auto_purge(self) -> datetime | None:
        """When the automatic purge last ran (or was first switched on)."""
        return aware_datetime(self.data.get("last_auto_purge"))

    async def async_set_last_auto_purge(self, at: datetime) -> None:
        """Remember a run of the automatic purge."""
        self.data["last_auto_purge"] = at.isoformat()
        await self._store.async_save(self.data)
        self._changes.async_hub_changed()

    async def async_purge(
        self,
        assistants: Mapping[str, Assistant],
        assistant_ids: list[str],
        request: PurgeRequest,
        context: Context | None,
    ) -> list[AssistantPurge]:
        """Purge the voice history of many assistants concurrently, then count again."""
        results = await asyncio.gather(
            *(
                self.async_purge_one(assistants[assistant_id], request, context)
                for assistant_id in assistant_ids
            )
        )
        if not request.dry_run:
            for assistant_id in assistant_ids:
                self._changes.async_changed(assistant_id, Topic.RECORDS)
            await self._recordings.async_refresh()
        return list(results)

    async def async_purge_one(
        self, assistant: Assistant, request: PurgeRequest, context: Context | None
    ) -> AssistantPurge:
        """Purge one assistant's sources and return what each did."""
        links = assistant.links
        sources: dict[HistorySource, SourcePurge] = {}
        for source in HistorySource:
            if source not in request.sources:
                continue
            try:
                if source is HistorySource.RECORDER:
                    sources[source] = await self._async_recorder(links, request)
                elif source is HistorySource.DEBUG_RECORDINGS:
                    sources[source] = await self._async_recordings(links, request)
                else:
                    sources[source] = await self._async_vendor(
                        links, assistant.cloud_voice_delete, request
                    )
            except HomeAssistantError as err:
                sources[source] = SourcePurge.failed(str(err))
        result = AssistantPurge(
            assistant_id=assistant.assistant_id,
            name=assistant.name,
            dry_run=request.dry_run,
            older_than=request.older_than,
            sources=sources,
        )
        if not request.dry_run:
            await self._async_record(result, context)
        return result

    async def _async_record(self, result: AssistantPurge, context: Context | None) -> None:
        """Log the purge (the log keeps its JSON, as every version wrote it) and announce it.

        *Last purge* (and the score's points for it) moves only when a purge reached a
        source: removed what it held (an empty folder too: nothing is left), or asked the
        vendor to. One that failed everywhere, or found no source to reach, is logged and
        announced, but is no proof that anything went.
        """
        now = dt_util.utcnow().isoformat()
        written = result.as_dict()
        self.data["log"] = [{"at": now, **written}, *self.data["log"]][:LOG_SIZE]
        if any(outcome.reached for outcome in result.sources.values()):
            self.data["last_purge"][result.assistant_id] = now
        await self._store.async_save(self.data)
        entity_id = er.async_get(self._hass).async_get_entity_id(
            Platform.SENSOR, DOMAIN, unique_id(result.assistant_id, KEY_LAST_PURGE)
        )
        self._hass.bus.async_fire(
            EVENT_HISTORY_PURGED, {**written, ATTR_ENTITY_ID: entity_id}, context=context
        )

    async def _async_recorder(self, links: AssistantLinks, request: PurgeRequest) -> SourcePurge:
        entities = voice_entities(self._hass, links)
        if not entities:
            return SourcePurge.not_applicable("no_voice_entities")
        if RECORDER_DOMAIN not in self._hass.config.components:
            return SourcePurge.not_applicable("recorder_not_running")
        # The recorder keeps whole days; round up so nothing newer than asked is removed.
        keep_days = (
            math.ceil(request.older_than.total_seconds() / 86400) if request.older_than else 0
        )
        if request.dry_run:
            return SourcePurge(
                status=PurgeStatus.WOULD_REMOVE, entities=entities, keep_days=keep_days
            )
        await self._hass.services.async_call(
            RECORDER_DOMAIN,
            "purge_entities",
            {ATTR_ENTITY_ID: entities, "keep_days": keep_days},
            blocking=True,
        )
        await get_recorder(self._hass).async_block_till_done()
        return SourcePurge(status=PurgeStatus.REMOVED, entities=entities, keep_days=keep_days)

    async def _async_recordings(self, links: AssistantLinks, request: PurgeRequest) -> SourcePurge:
        if not KINDS[links.kind].debug_recordings or not links.device_id:
            return SourcePurge.not_applicable("not_an_assist_satellite")
        if (directory := recordings_dir(self._hass)) is None:
            return SourcePurge.not_applicable("debug_recording_not_set")
        folder = DeviceFolder(directory, self._hass.config.config_dir, links.device_id)
        cutoff = (dt_util.utcnow() - request.older_than).timestamp() if request.older_than else None
        try:
            # Checked and purged in one executor job: nothing touches the disk on the loop.
            stats = await self._hass.async_add_executor_job(
                lambda: purge(folder, cutoff, dry_run=request.dry_run)
            )
        except UnsafeRecordingsPathError as err:
            return SourcePurge.failed("unsafe_path", path=str(err))
        if stats.error is not None:
            # What the disk refused was skipped; the rest was purged all the same.
            return SourcePurge.failed(
                "os_error",
                error=stats.error.strerror or str(stats.error),
                errors=stats.errors,
                files=stats.files,
                bytes=stats.bytes,
            )
        status = PurgeStatus.WOULD_REMOVE if request.dry_run else PurgeStatus.REMOVED
        return SourcePurge(status=status, files=stats.files, bytes=stats.bytes)

    async def _async_vendor(
        self, links: AssistantLinks, cloud_opt_in: bool, request: PurgeRequest
    ) -> SourcePurge:
        if (deletion := KINDS[links.kind].deletion) is None:
            return SourcePurge.not_applicable("vendor_offers_no_deletion")
        if not cloud_opt_in:
            return SourcePurge.not_applicable("not_enabled")
        if request.older_than is not None:
            return SourcePurge.not_applicable("vendor_cannot_delete_by_age")
        domain, service, text = deletion.domain, deletion.service, deletion.text
        if not self._hass.services.has_service(domain, service):
            return SourcePurge.failed(f"{domain}_not_set_up")
        if request.dry_run:
            return SourcePurge(status=PurgeStatus.WOULD_REQUEST, command=text)
        await self._hass.services.async_call(
            domain, service, deletion.data_fn(links.device_id), blocking=True
        )
        return SourcePurge(status=PurgeStatus.REQUESTED, command=text)


def _store(hass: HomeAssistant, entry_id: str) -> Store[HistoryData]:
    return Store(hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}.history")
