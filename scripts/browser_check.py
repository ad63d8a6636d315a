"""Check Voice Privacy in a real Home Assistant and a real browser (run by `scripts/browser_check`).

1. Starts Home Assistant with `config/configuration.yaml` (the one `scripts/develop` uses) in a
   throwaway copy of the config folder, on a free port of 127.0.0.1; `config/` stays untouched.
2. Onboards an owner over REST and adds the Voice Privacy hub through its config flow; checks
   in the browser that the hub alone shows nothing unknown. Then adds two assistants through the
   subentry flows (the stand-in "Kitchen Voice PE" satellite with its Mute switch, a Google
   speaker behind `switch.nest_smart_plug`) and turns the automatic purge on in the options.
3. Drives Debian's Chromium with Playwright (no browser is downloaded): the options dialog, the
   satellite's device page, "Add dashboard" with the Voice Privacy strategy (which creates the
   dashboard), then the dashboard: names, microphone states, badges, what to improve, the
   24-hour timeline, the privacy toggle (checked over REST), the purge question and its answer,
   dark, phone width, a user who is not an administrator, German; and saves the screenshots in
   docs/screenshots/.
   Before the screenshots, after the checks of the timeline, it replays a made-up past day
   into the recorder with the stand-in's dev-only action `dev_satellite.replay_day` (Kitchen
   muted at night and off an hour, the Nest off for a while, a few listening moments), so the
   timelines are not an empty strip: in the screenshots, the hours before Home Assistant
   started are replayed, not real; the counters (activations, private time) are real.
4. Fails when Home Assistant logged a warning or error of Voice Privacy.

Exits 0 when everything holds, 1 when a check fails, and 0 with a SKIP message when Chromium
is not installed. Home Assistant and Chromium are stopped in every case.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
import contextlib
from dataclasses import dataclass, field
from datetime import datetime
import itertools
import json
import os
from pathlib import Path
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from typing import Any

import aiohttp
from playwright.async_api import (
    Browser,
    BrowserContext,
    Error as PlaywrightError,
    Locator,
    Page,
    TimeoutError as PlaywrightTimeoutError,
    async_playwright,
    expect as see,
)

ROOT = Path(__file__).resolve().parent.parent
KITCHEN = "Kitchen Voice PE"
NEST = "Living room Nest"
GUEST_PASSWORD = secrets.token_urlsafe(16)  # a throwaway user of a throwaway Home Assistant
TRANSLATIONS = ROOT / "custom_components" / "voice_privacy" / "translations"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
]
DESKTOP = {"width": 1280, "height": 1100}
PHONE = {"width": 390, "height": 1500}
PURGE = '[data-action="purge"]'
# How long a navigation waits for a dialog that just closed to go back in the history.
DIALOG_GONE_MS = 10_000
# The made-up day the screenshots' timelines show before Home Assistant started (server time,
# UTC): each microphone state's stretches as (from, to) clock times; live otherwise.
KITCHEN_DAY = {"muted": [("22:00", "07:00")], "powered_off": [("14:10", "15:10")]}
NEST_DAY = {"powered_off": [("18:20", "20:40")]}
KITCHEN_LISTENED = ["07:42", "08:13", "12:37", "13:05", "17:56", "19:24", "21:07"]
REPLAY_HOURS = 24.5  # a little more than the timeline's window, so it opens with a state
MICROSECONDS, CALL_SECONDS = 1e-3, 5  # how far replayed times may be from written, from asked


class CheckFailedError(Exception):
    """A check did not hold."""


def log(message: str) -> None:
    """Progress on stderr."""
    print(f"==> {message}", file=sys.stderr, flush=True)


def expect(condition: object, message: str) -> None:
    """Fail with `message` unless `condition` holds; log it when it does."""
    if not condition:
        raise CheckFailedError(message)
    log(f"ok: {message}")


async def holds(message: str, assertion: Awaitable[None]) -> None:
    """A Playwright assertion (it waits and retries) as one check with `message`."""
    try:
        await assertion
    except AssertionError as err:
        detail = " ".join(str(err).strip().splitlines()[0:3])
        msg = f"{message}: {detail}"
        raise CheckFailedError(msg) from None
    log(f"ok: {message}")


def words(language: str) -> dict[str, Any]:
    """The integration's translations in one language: the card shows these words."""
    data: dict[str, Any] = json.loads((TRANSLATIONS / f"{language}.json").read_text("utf-8"))
    return data


def entity_name(platform: str, key: str) -> str:
    """An entity's name in English, as Home Assistant shows it."""
    return str(words("en")["entity"][platform][key]["name"])


CHECKED_ON = entity_name("date", "settings_confirmed")  # "Checked on": a date field beside it


def card_word(key: str, language: str = "en") -> str:
    """One of the card's words (`common.card_<key>`)."""
    return str(words(language)["common"][f"card_{key}"])


async def wait_for[T](
    what: str, probe: Callable[[], Awaitable[T | None]], timeout: float = 60
) -> T:
    """Poll until `probe` returns something truthy; fail with `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            if result := await probe():
                return result
            last = result
        except (CheckFailedError, aiohttp.ClientError, OSError, KeyError) as err:
            last = err
        await asyncio.sleep(0.3)
    msg = f"timed out after {timeout:.0f} s waiting for {what} (last: {last!r})"
    raise CheckFailedError(msg)


# ---------------------------------------------------------------------------------------------
# Home Assistant in a throwaway config folder.


def prepare_config(config: Path, port: int) -> None:
    """Copy the development configuration; link the integration and the stand-in satellite."""
    shutil.copy(ROOT / "config" / "configuration.yaml", config / "configuration.yaml")
    for name in ("automations.yaml", "scripts.yaml", "scenes.yaml"):
        (config / name).touch()
    components = config / "custom_components"
    components.mkdir()
    (components / "voice_privacy").symlink_to(ROOT / "custom_components" / "voice_privacy")
    (components / "dev_satellite").symlink_to(ROOT / "scripts" / "dev_satellite")
    storage = config / ".storage"
    storage.mkdir()
    # The port lives in .storage/http: an `http:` block in YAML would become a trial that
    # reverts after five minutes.
    http = {
        "server_host": ["127.0.0.1"],
        "server_port": port,
        "cors_allowed_origins": [],
        "login_attempts_threshold": -1,
        "ip_ban_enabled": True,
        "ssl_profile": "modern",
        "use_x_frame_options": True,
        "created_at": "2026-01-01T00:00:00+00:00",
        "error": None,
        "error_message": None,
    }
    stored = {"stable": http, "pending": None, "yaml_migration_done": True}
    (storage / "http").write_text(
        json.dumps({"version": 2, "minor_version": 2, "key": "http", "data": stored})
    )
    # Only the user is onboarded here; the location step would set up weather and radio
    # integrations that need the internet.
    done = {"done": ["core_config", "analytics", "integration"]}
    (storage / "onboarding").write_text(
        json.dumps({"version": 4, "minor_version": 1, "key": "onboarding", "data": done})
    )


def start_home_assistant(config: Path) -> subprocess.Popen[bytes]:
    """Start `hass` as scripts/develop does, in its own process group."""
    env = os.environ | {"VOICE_PRIVACY_RECORDINGS": str(config / "debug_recordings")}
    with (config / "home-assistant.out").open("wb") as out:
        return subprocess.Popen(  # noqa: S603  (our own interpreter and arguments)
            [sys.executable, "-m", "homeassistant", "-c", str(config), "--skip-pip"],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=config,
            start_new_session=True,
        )


def stop_process(process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """Ask the process group to stop; kill it when it does not."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        log(f"Home Assistant did not stop in {timeout:.0f} s; killing it")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


@dataclass
class Api:
    """REST and websocket calls with the owner's token."""

    session: aiohttp.ClientSession
    url: str
    tokens: dict[str, Any] = field(default_factory=dict)  # as the frontend keeps them
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    ws: aiohttp.ClientWebSocketResponse | None = None

    async def request(self, method: str, path: str, data: dict[str, Any] | None = None) -> Any:
        """One REST call; its JSON answer; fails unless 200 or 201."""
        token = self.tokens.get("access_token")
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        async with self.session.request(
            method, self.url + path, json=data, headers=headers
        ) as response:
            if response.status not in {200, 201}:
                msg = f"{method} {path}: {response.status} {await response.text()}"
                raise CheckFailedError(msg)
            return await response.json()

    async def state(self, entity_id: str) -> str:
        """The state of one entity."""
        return str((await self.request("GET", f"/api/states/{entity_id}"))["state"])

    async def connect(self) -> None:
        """Open the websocket and log in."""
        self.ws = await self.session.ws_connect(self.url + "/api/websocket", max_msg_size=0)
        await self.ws.receive_json()  # auth_required
        await self.ws.send_json({"type": "auth", "access_token": self.tokens["access_token"]})
        if (reply := await self.ws.receive_json())["type"] != "auth_ok":
            msg = f"websocket login failed: {reply}"
            raise CheckFailedError(msg)

    async def call(self, message_type: str, **data: Any) -> Any:
        """One websocket command; its result."""
        assert self.ws is not None
        message_id = next(self.ids)
        await self.ws.send_json({"id": message_id, "type": message_type, **data})
        while (reply := await self.ws.receive_json()).get("id") != message_id:
            pass
        if not reply["success"]:
            msg = f"{message_type}: {reply['error']}"
            raise CheckFailedError(msg)
        return reply["result"]

    async def flow(self, path: str, init: dict[str, Any], *answers: dict[str, Any]) -> Any:
        """Run a config flow: start it, answer each form, expect an entry at the end."""
        result = await self.request("POST", path, init)
        for answer in answers:
            if result.get("type") != "form":
                break
            result = await self.request("POST", f"{path}/{result['flow_id']}", answer)
        if result.get("type") != "create_entry":
            msg = f"flow {init} ended with {result}"
            raise CheckFailedError(msg)
        return result

    async def devices(self, name: str) -> list[dict[str, Any]]:
        """The devices of this name (as named by their integration or the user)."""
        devices = await self.call("config/device_registry/list")
        return [d for d in devices if (d["name_by_user"] or d["name"]) == name]


async def onboard(api: Api, hass: subprocess.Popen[bytes]) -> None:
    """Create the owner as the onboarding page does; log in as the owner."""

    async def onboarding_api() -> Any:
        if hass.poll() is not None:
            msg = f"Home Assistant exited with {hass.returncode}"
            raise CheckFailedError(msg)
        return await api.request("GET", "/api/onboarding")

    await wait_for("the onboarding API", onboarding_api, timeout=180)
    user = {"name": "Check", "username": "check", "password": secrets.token_urlsafe(16)}
    created = await api.request(
        "POST", "/api/onboarding/users", {"client_id": api.url + "/", "language": "en", **user}
    )
    api.tokens = await token(api, created["auth_code"])

    async def running() -> bool:
        return bool((await api.request("GET", "/api/config"))["state"] == "RUNNING")

    await wait_for("Home Assistant to run", running, timeout=180)
    await api.connect()


async def token(api: Api, code: str) -> dict[str, Any]:
    """Tokens for an authorization code, as the frontend keeps them in localStorage."""
    form = {"grant_type": "authorization_code", "code": code, "client_id": api.url + "/"}
    async with api.session.post(api.url + "/auth/token", data=form) as response:
        tokens: dict[str, Any] = await response.json()
    expires = int(time.time() * 1000) + tokens["expires_in"] * 1000
    return {"hassUrl": api.url, "clientId": api.url + "/", **tokens, "expires": expires}


async def add_ordinary_user(api: Api) -> dict[str, Any]:
    """A user who is not an administrator, logged in through the login form's flow."""
    user = await api.call("config/auth/create", name="Guest", group_ids=["system-users"])
    await api.call(
        "config/auth_provider/homeassistant/create",
        user_id=user["user"]["id"],
        username="guest",
        password=GUEST_PASSWORD,
    )
    client = {"client_id": api.url + "/"}
    flow = await api.request(
        "POST",
        "/auth/login_flow",
        {**client, "handler": ["homeassistant", None], "redirect_uri": api.url + "/?x=1"},
    )
    login = {**client, "username": "guest", "password": GUEST_PASSWORD}
    result = await api.request("POST", f"/auth/login_flow/{flow['flow_id']}", login)
    return await token(api, result["result"])


@dataclass
class Setup:
    """What the check added to Home Assistant, and the entities it looks at."""

    entry_id: str
    started: float = 0.0  # when Home Assistant was started (epoch seconds): real history after
    satellite: str = ""  # the stand-in's device id
    mute_switch: str = ""
    # assistant name -> entity key (microphone, privacy_mode, ...) -> entity_id
    entities: dict[str, dict[str, str]] = field(default_factory=dict)


async def add_hub(api: Api) -> Setup:
    """Add the hub through its config flow, as a user would."""
    hub = await api.flow(
        "/api/config/config_entries/flow", {"handler": "voice_privacy"}, {"confirm_timeout": 10}
    )
    return Setup(hub["result"]["entry_id"])


async def add_assistants(api: Api, setup: Setup) -> None:
    """Add the two assistants through the subentry flows; turn the automatic purge on."""

    async def satellite() -> str | None:
        return next((d["id"] for d in await api.devices(KITCHEN)), None)

    setup.satellite = await wait_for("the stand-in satellite's device", satellite)
    setup.mute_switch = next(
        e["entity_id"]
        for e in await api.call("config/entity_registry/list")
        if e["platform"] == "dev_satellite" and e["unique_id"] == "kitchen_mute"
    )
    subentries = "/api/config/config_entries/subentries/flow"
    handler = {"handler": [setup.entry_id, "assistant"]}
    await api.flow(
        subentries,
        handler,
        {"kind": "assist_satellite"},
        {"device_id": setup.satellite},
        {"mute_entity": setup.mute_switch},
    )
    await api.flow(
        subentries,
        handler,
        {"kind": "google"},
        {"name": NEST},
        {"power_entity": "switch.nest_smart_plug"},
    )
    await api.flow(
        "/api/config/config_entries/options/flow",
        {"handler": setup.entry_id},
        {
            "schedule": {},
            "away": {"away_privacy": False},
            "purge": {"auto_purge": True, "purge_time": "03:00:00", "purge_keep_days": 7},
            "checks": {"max_retention_months": 3, "confirm_every_days": 180},
        },
    )

    async def entities() -> dict[str, dict[str, str]] | None:
        # The integration says which entity is which, as it tells the card.
        model = await api.call("voice_privacy/model")
        found = {a["name"]: a["entities"] for a in model["assistants"]}
        states = {s["entity_id"]: s["state"] for s in await api.request("GET", "/api/states")}
        ready = all(
            states.get(e["microphone"]) not in {None, "unavailable"} for e in found.values()
        )
        return found if ready and {KITCHEN, NEST} <= found.keys() else None

    setup.entities = await wait_for("the assistants' entities", entities)


# ---------------------------------------------------------------------------------------------
# The browser.


async def new_page(
    browser: Browser,
    tokens: dict[str, Any],
    *,
    phone: bool = False,
    language: str = "en",
    dark: bool = False,
) -> Page:
    """A page in a fresh context, logged in as the frontend keeps it (tokens in localStorage)."""
    context: BrowserContext = await browser.new_context(
        viewport=PHONE if phone else DESKTOP,
        device_scale_factor=2 if phone else 1,
        is_mobile=phone,
        has_touch=phone,
        color_scheme="dark" if dark else "light",
        timezone_id="UTC",
    )
    stored = json.dumps(json.dumps(tokens))
    await context.add_init_script(
        f"localStorage.setItem('hassTokens', {stored});"
        f"localStorage.setItem('selectedLanguage', {json.dumps(json.dumps(language))});"
    )
    page = await context.new_page()
    page.set_default_timeout(20_000)
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and "Failed to load resource" not in m.text  # brand images of the stand-in
            and log(f"console: {m.text[:300]}")
        ),
    )
    setattr(page, "js_errors", page_errors)  # noqa: B010  (read at the end)
    return page


async def visit(page: Page, url: str) -> None:
    """Go to `url` once a dialog just closed has gone back in the history; again if cut short.

    A dialog of Home Assistant's frontend that closes (Escape, Create) goes back in the
    history (`history.back()`) once it is done; a navigation started before that lands is
    aborted (``net::ERR_ABORTED``) or undone (the page before comes back). CI saw both after
    creating the dashboard. So the navigation waits for the dialog's history entry to go
    (a few seconds at most: a dialog still open is left to the check that follows), and is
    made again if the page cut it short all the same.
    """
    with contextlib.suppress(PlaywrightTimeoutError):
        await page.wait_for_function(
            "() => !(history.state && history.state.dialog)", timeout=DIALOG_GONE_MS
        )
    tries = 3
    for left in range(tries - 1, -1, -1):
        try:
            await page.goto(url)
        except PlaywrightError as err:
            if "ERR_ABORTED" not in str(err) or not left:
                raise
            log(f"navigation to {url} was cut short (the page is at {page.url}); again")
        else:
            return


def section(page: Page, name: str) -> Locator:
    """An assistant's section in the Voice Privacy cards."""
    return page.locator(f'voice-privacy-card section[data-name="{name}"]')


async def open_dashboard(page: Page, url: str) -> None:
    """Open the dashboard; wait until every assistant and its timeline are drawn."""
    await visit(page, url)
    for name in (KITCHEN, NEST):
        await see(section(page, name).locator(".track")).to_be_visible(timeout=60_000)
    await page.locator("voice-privacy-card ha-icon").last.locator("ha-svg-icon").wait_for()
    await page.wait_for_timeout(800)  # fonts and icons settle


async def screenshot(page: Page, path: Path, replayed_until: str = "") -> None:
    """Save what the page shows as a PNG; say which of its hours are replayed."""
    await page.screenshot(path=path, animations="disabled", caret="hide")
    note = (
        f" (timelines before {replayed_until} UTC: a replayed, made-up day, not real history)"
        if replayed_until
        else ""
    )
    log(f"screenshot {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}{note}")


# ---------------------------------------------------------------------------------------------
# The checks, in the order a new user meets what they check.


async def check_hub_alone(page: Page, api: Api, setup: Setup) -> None:
    """Right after adding the hub, before any assistant: nothing unknown on its device page."""
    hub = next(
        d
        for d in await api.call("config/device_registry/list")
        if setup.entry_id in d["config_entries"]
    )
    await visit(page, f"{api.url}/config/devices/device/{hub['id']}")
    await page.locator("ha-device-info-card").wait_for()
    await page.wait_for_timeout(1000)
    text = await page.locator("ha-config-device-page").inner_text()
    expect("Unknown" not in text, "the hub alone shows no 'Unknown' (no score, no 'All private')")


async def check_options_sections(page: Page, api: Api, setup: Setup) -> None:
    """The options dialog: no field repeats the label of the section it is in."""
    await visit(page, f"{api.url}/config/integrations/integration/voice_privacy")
    await page.get_by_role("button", name="Configure").first.click()
    dialog = page.locator("dialog-data-entry-flow")
    await dialog.locator("ha-form-expandable").first.wait_for()
    sections = dialog.locator("ha-form-expandable")
    count = len(words("en")["options"]["step"]["init"]["sections"])
    await holds(f"the options dialog has {count} sections", see(sections).to_have_count(count))
    for index in range(count):
        expandable = sections.nth(index)
        header = (await expandable.locator(".header, [slot=header]").first.inner_text()).strip()
        await expandable.locator("ha-expansion-panel").first.evaluate("e => (e.expanded = true)")
        labels = await expandable.locator(
            "ha-selector, ha-formfield, ha-settings-row"
        ).all_inner_texts()
        twins = [label for label in labels if label.strip().splitlines()[:1] == [header]]
        expect(not twins, f"section {header!r} holds no field of the same label")
    await page.keyboard.press("Escape")


async def check_satellite_device(page: Page, api: Api, setup: Setup) -> None:
    """One device for the satellite, holding Voice Privacy's entities, their names whole."""
    twins = await api.devices(KITCHEN)
    expect(len(twins) == 1, f"one device named {KITCHEN!r}, not twins ({len(twins)})")
    registry = await api.call("config/entity_registry/list")
    own = {e["entity_id"]: e["device_id"] for e in registry}
    kitchen = setup.entities[KITCHEN]
    elsewhere = [e for e in kitchen.values() if own.get(e) != setup.satellite]
    expect(
        not elsewhere,
        f"Voice Privacy's Kitchen entities sit on the satellite's device ({elsewhere})",
    )
    await visit(page, f"{api.url}/config/devices/device/{setup.satellite}")
    entities = page.locator("ha-device-entities-card")
    await holds(
        "the satellite's device page lists 'Privacy mode'",
        see(entities.first).to_contain_text("Privacy mode"),
    )
    await not_cut(entities.get_by_text(CHECKED_ON, exact=True).first, "on the device page")


async def not_cut(element: Locator, where: str) -> None:
    """The element's text is shown whole: neither it nor a box around it cuts it off."""
    cut = await element.evaluate(CUT_JS)
    name = await element.inner_text()
    expect(not cut, f"the name {name!r} is shown whole {where}{f' ({cut})' if cut else ''}")


# The first element from this one up to its card whose content is wider than its box.
CUT_JS = """e => { for (let n = e; n && !/card$/.test(n.localName); n = n.parentNode || n.host)
  if (n.nodeType === 1 && n.scrollWidth > n.clientWidth + 1) return n.localName + ' cuts it';
  return '' }"""


async def check_tiles(page: Page, api: Api, setup: Setup) -> None:
    """Device page > Add to > Add to a dashboard: the tiles name each entity once, whole."""
    await api.call(
        "lovelace/dashboards/create",
        url_path="dashboard-rooms",
        title="Rooms",
        show_in_sidebar=False,
    )
    view = {"title": "Home", "type": "sections", "sections": [{"type": "grid", "cards": []}]}
    await api.call("lovelace/config/save", url_path="dashboard-rooms", config={"views": [view]})
    await visit(page, f"{api.url}/config/devices/device/{setup.satellite}")
    await page.get_by_text("Add to…").click()
    await page.get_by_text("Add to a dashboard").click()
    await page.locator("hui-dialog-select-view").get_by_role("button", name="Next").click()
    editor = page.locator("hui-dialog-edit-section")
    await editor.locator('ha-checkbox[value="config"]').click()  # the date is configuration
    tiles = editor.locator("hui-tile-card")
    await see(tiles.filter(has_text=CHECKED_ON)).to_have_count(1)
    names = [t.split("\n")[0] for t in await tiles.all_inner_texts()]
    repeated = [n for n in names if n.startswith(KITCHEN) and n != KITCHEN]
    expect(names and not repeated, f"{len(names)} tiles; none repeats the device's name {repeated}")
    await not_cut(tiles.get_by_text(CHECKED_ON, exact=True).first, "in its tile")
    await page.keyboard.press("Escape")


async def create_dashboard(page: Page, api: Api) -> str:
    """Settings > Dashboards > Add dashboard > Voice Privacy: suggested title and icon; create."""
    await visit(page, f"{api.url}/config/lovelace/dashboards")
    await page.get_by_text("Add dashboard").first.click()
    await page.locator("ha-dialog-new-dashboard").get_by_text("Voice Privacy").click()
    detail = page.locator("dialog-lovelace-dashboard-detail")
    await holds(
        "Add dashboard > Voice Privacy suggests the title 'Voice Privacy'",
        see(detail.locator("input").first).to_have_value("Voice Privacy"),
    )
    icon = await detail.locator("ha-icon-picker").evaluate("e => e.value")
    expect(icon == "mdi:shield-lock-outline", f"and the icon mdi:shield-lock-outline ({icon})")
    await detail.locator("ha-button", has_text="Create").click()

    async def created() -> tuple[str, Any] | None:
        dashboards = await api.call("lovelace/dashboards/list")
        path = next((d["url_path"] for d in dashboards if d["title"] == "Voice Privacy"), None)
        return (path, await api.call("lovelace/config", url_path=path)) if path else None

    url_path, config = await wait_for("the dashboard to be created", created)
    strategy = {"strategy": {"type": "custom:voice-privacy"}}
    expect(config == strategy, f"Create makes the strategy's dashboard ({config})")
    return f"{api.url}/{url_path}"


async def check_dashboard(page: Page, api: Api, setup: Setup) -> None:
    """Every assistant as Home Assistant has it; labelled badges; what to improve; one score."""
    microphone = words("en")["entity"]["sensor"]["microphone"]
    how = microphone["state_attributes"]["confirmed_by"]["name"]
    for name, entities in setup.entities.items():
        shown, state = section(page, name), await api.state(entities["microphone"])
        word = microphone["state"][state]
        await holds(
            f"{name}: shown {state}", see(shown).to_have_attribute("data-microphone", state)
        )
        await holds(f"{name}: reads {word!r}", see(shown.locator(".state")).to_have_text(word))
        await holds(
            f"{name}: says how it is known", see(shown.locator(".how")).to_contain_text(how)
        )
        await holds(f"{name}: a purge button", see(shown.locator(PURGE)).to_be_visible())
    recordings = section(page, KITCHEN).locator("[data-recordings]")
    await holds("Kitchen: 6 recordings", see(recordings).to_have_attribute("data-recordings", "6"))
    badges = await page.locator("hui-entity-badge ha-badge").evaluate_all(
        "bs => bs.map((b) => [b.label, b.innerText.trim()])"
    )
    named = [card_word("live_badge"), card_word("private_badge")]
    expect([label for label, _ in badges] == named, f"the badges are named {named} ({badges})")
    yes_no = words("en")["entity"]["binary_sensor"]["all_private"]["state"].values()
    expect(badges[1][1] in yes_no, f"'{named[1]}' reads Yes or No ({badges[1][1]!r})")
    home = page.locator("voice-privacy-card section[data-home]")
    improve = await home.locator("[data-improve] li").all_inner_texts()
    per_assistant = improve and all(line.split(":")[0] in setup.entities for line in improve)
    expect(per_assistant, f"'To improve' names each reason's assistant ({improve})")
    expect(not any(re.search(r"\d", line) for line in improve), "and shows no points ('-3')")
    scores = await home.locator("[data-score]").count() + len(badges) - len(named)
    expect(scores == 1, f"the home's score shows once, not as a badge ({scores})")
    offered = await page.evaluate(
        "[window.customStrategies.some((s) => s.type === 'voice-privacy'),"
        " window.customCards.some((c) => c.type === 'voice-privacy-card')]"
    )
    expect(offered == [True, True], "the card picker offers the card, Add dashboard the strategy")


async def check_listening_and_timeline(page: Page, api: Api, setup: Setup) -> None:
    """The stand-in hears once; the card counts it; the toggle mutes it for real; 24 hours."""
    kitchen, mute = section(page, KITCHEN), setup.mute_switch
    registry = await api.call("config/entity_registry/list")
    satellite = next(e["entity_id"] for e in registry if e["unique_id"] == "kitchen_satellite")
    await api.request("POST", "/api/services/dev_satellite/hear", {"entity_id": satellite})
    rows = kitchen.locator("dl")
    activations = rows.locator(".row", has_text=card_word("activations_today"))
    await holds("Kitchen heard once: 'Activations today' 1", see(activations).to_contain_text("1"))
    for key in ("listening_now", "last_listened", "private_time_today"):
        await holds(
            f"Kitchen: the row {card_word(key)!r}", see(rows).to_contain_text(card_word(key))
        )
    await holds(
        "the timeline marks when it listened", see(kitchen.locator(".tick")).to_have_count(1)
    )
    expect(await api.state(mute) == "off", "the satellite's Mute switch starts off")
    await page.wait_for_timeout(3000)  # live for a while
    await kitchen.locator('[data-action="toggle"]').click()
    await wait_for(f"{mute} to turn on", lambda: _is(api, mute, "on"), timeout=15)
    expect(True, f"clicking the Kitchen toggle turned {mute} on")
    await holds(
        "the card shows it muted", see(kitchen).to_have_attribute("data-microphone", "muted")
    )
    toggle = kitchen.locator('[data-action="toggle"]')
    await holds("its toggle on", see(toggle).to_have_attribute("aria-checked", "true"))
    await page.wait_for_timeout(4000)  # private for a while: the timeline's last band
    bands = await kitchen.locator(".track .band").evaluate_all("bs => bs.map((b) => b.className)")
    expect({"band live", "band private"} <= set(bands), f"the timeline's bands: {bands}")
    legend = await kitchen.locator(".legend").inner_text()
    expect(card_word("listened") in legend, f"its legend counts the listening ({legend!r})")


async def _is(api: Api, entity_id: str, state: str) -> bool:
    return await api.state(entity_id) == state


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _state_at(day: dict[str, list[tuple[str, str]]], minute: int) -> str:
    """The made-up day's microphone state at this minute of the day (UTC)."""
    for state, stretches in day.items():
        for start, end in stretches:
            first, last = _minutes(start), _minutes(end)
            inside = first <= minute < last if first <= last else minute >= first or minute < last
            if inside:
                return state
    return "live"


def _minute_of_day(stamp: float) -> int:
    return int(stamp // 60) % (24 * 60)  # UTC: the server's and the browser's time zone


def replayed_microphone(
    day: dict[str, list[tuple[str, str]]], now: float, newest: float
) -> list[tuple[str, float]]:
    """(state, hours ago) points of a microphone's made-up day: its changes, oldest first."""
    oldest = now - REPLAY_HOURS * 3600
    points = [(_state_at(day, _minute_of_day(oldest)), REPLAY_HOURS)]
    for stamp in range(int(oldest // 60 + 1) * 60, int(now - newest * 3600), 60):
        if (state := _state_at(day, _minute_of_day(stamp))) != points[-1][0]:
            points.append((state, (now - stamp) / 3600))
    return points


def replayed_listening(now: float, newest: float) -> list[tuple[str, float]]:
    """(state, hours ago) points of Kitchen's Listening sensor: on for 4 s at each moment."""
    points: list[tuple[str, float]] = [("off", REPLAY_HOURS)]
    moments = []
    for clock in KITCHEN_LISTENED:
        ago = (_minute_of_day(now) - _minutes(clock)) % (24 * 60) + (now % 60) / 60  # minutes
        # Only while its microphone was live in the made-up day, and only before the real day.
        if ago / 60 > newest and _state_at(KITCHEN_DAY, _minutes(clock)) == "live":
            moments.append(ago / 60)
    for hours in sorted(moments, reverse=True):
        points += [("on", hours), ("off", hours - 4 / 3600)]
    return points


async def replay_day(api: Api, setup: Setup) -> str:
    """For the screenshots only: a made-up past day before Home Assistant started.

    `dev_satellite.replay_day` writes it into the recorder; the check reads it back in order
    from `history/history_during_period`. Returns the time (UTC) where real history begins.
    """
    now = time.time()
    newest = (now - setup.started) / 3600 + 1 / 60  # a minute before Home Assistant started
    kitchen, nest = setup.entities[KITCHEN], setup.entities[NEST]
    history = {
        kitchen["microphone"]: replayed_microphone(KITCHEN_DAY, now, newest),
        nest["microphone"]: replayed_microphone(NEST_DAY, now, newest),
        kitchen["listening"]: replayed_listening(now, newest),
    }
    current = {e: await api.state(e) for e in history}
    answer = await api.request(
        "POST", "/api/services/dev_satellite/replay_day?return_response", {"history": history}
    )
    replayed = answer["service_response"]["replayed"]
    counts = {e: len(points) for e, points in replayed.items()}
    expect(counts == {e: len(p) for e, p in history.items()}, f"replayed a made-up day {counts}")
    start = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 3600 * (REPLAY_HOURS + 1)))
    found = await api.call(
        "history/history_during_period",
        start_time=start,
        entity_ids=list(history),
        minimal_response=True,
        no_attributes=True,
        significant_changes_only=False,
    )
    for entity_id, points in history.items():
        got = [(s["s"], s.get("lc", s["lu"])) for s in found.get(entity_id, [])]
        times = [t for _, t in got]
        # As asked (within the time the call took), and as written, to the microsecond.
        wanted = [(state, now - hours * 3600) for state, hours in points]
        written = [
            (state, datetime.fromisoformat(at).timestamp()) for state, at in replayed[entity_id]
        ]
        head = got[: len(wanted)]
        same = len(head) == len(wanted) and all(
            a == b == c and abs(t - u) < MICROSECONDS and abs(u - v) < CALL_SECONDS
            for (a, t), (b, u), (c, v) in zip(head, written, wanted, strict=True)
        )
        expect(
            same and times == sorted(times) and got[-1][0] == current[entity_id],
            f"{entity_id}: history returns the {len(wanted)} replayed states in order, "
            f"then the real ones, ending with its current {current[entity_id]!r}"
            + ("" if same else f" (history: {got}, written: {written})"),
        )
        now_state = await api.state(entity_id)
        expect(now_state == current[entity_id], f"and its state is still {now_state!r}")
    # The card's window opens with the replayed state of that time, not with nothing: the
    # state of the last point at or before its start (the day may change in its first half
    # hour, between the oldest point and the window).
    opens = int(time.time() - 24 * 3600)
    window = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(opens))
    opening = await api.call(
        "history/history_during_period",
        start_time=window,
        entity_ids=list(history),
        minimal_response=True,
        no_attributes=True,
        significant_changes_only=False,
    )
    first = {e: (opening.get(e) or [{}])[0].get("s") for e in history}
    opened_with = {
        e: [state for state, hours in points if now - hours * 3600 <= opens][-1]
        for e, points in history.items()
    }
    expect(
        first == opened_with,
        f"the last 24 hours open with the replayed states {first}",
    )
    return time.strftime("%H:%M", time.gmtime(now - newest * 3600))


async def check_replayed_timelines(page: Page, url: str) -> None:
    """After the replay: the timelines show a day, with live and private bands and ticks."""
    await open_dashboard(page, url)
    for name, least_bands, least_ticks in ((KITCHEN, 5, 4), (NEST, 3, 0)):
        track = section(page, name).locator(".track")

        async def drawn(track: Locator = track, bands: int = least_bands) -> list[str] | None:
            classes = await track.locator(".band").evaluate_all("bs => bs.map((b) => b.className)")
            return classes if len(classes) >= bands else None

        bands = await wait_for(f"{name}'s replayed day on its timeline", drawn)
        ticks = await track.locator(".tick").count()
        expect(
            {"band live", "band private"} <= set(bands) and ticks >= least_ticks,
            f"{name}: {len(bands)} bands, live and private ({bands}); {ticks} listening ticks",
        )


async def check_purge(page: Page, api: Api, setup: Setup) -> None:
    """A purge asks first with a title: cancel deletes nothing, Delete deletes and says what."""
    kitchen, dialog = section(page, KITCHEN), page.locator("voice-privacy-card dialog[open]")
    recordings = setup.entities[KITCHEN]["stored_recordings"]
    await kitchen.locator(PURGE).click()
    title = card_word("purge_title")
    await holds(
        f"the purge question is titled {title!r}", see(dialog.locator("h2")).to_have_text(title)
    )
    await holds("and names the assistant", see(dialog).to_contain_text(KITCHEN))
    await dialog.locator('[data-action="cancel"]').click()
    await page.wait_for_timeout(1000)
    expect(await api.state(recordings) == "6", "cancel purges nothing")
    await kitchen.locator(PURGE).click()
    await dialog.locator('[data-action="confirm"]').click()
    await wait_for("the recordings to be purged", lambda: _is(api, recordings, "0"), timeout=20)
    last = await api.state(setup.entities[KITCHEN]["last_purge"])
    expect(last != "unknown", "Delete purges; last purge set")
    said = re.compile(r"Purged: .*6 recordings .*deleted")
    await holds(
        "the card says what was deleted", see(kitchen.locator(".done")).to_contain_text(said)
    )
    none = card_word("none")
    await holds(
        f"recordings: {none!r}", see(kitchen.locator("[data-recordings]")).to_have_text(none)
    )


async def check_in_browser(browser: Browser, api: Api, setup: Setup, shots: Path) -> None:
    """The owner's pages, the dashboard and its screenshots, then a user and German."""
    page = await new_page(browser, api.tokens)
    await check_satellite_device(page, api, setup)
    await check_tiles(page, api, setup)
    url = await create_dashboard(page, api)
    await open_dashboard(page, url)
    await check_dashboard(page, api, setup)
    await check_listening_and_timeline(page, api, setup)
    # The timeline's checks are done: from here on, its earlier hours are a replayed day.
    replayed_until = await replay_day(api, setup)
    await check_replayed_timelines(page, url)
    await page.mouse.move(0, 0)
    await screenshot(page, shots / "dashboard-light.png", replayed_until)
    await check_purge(page, api, setup)

    dark = await new_page(browser, api.tokens, dark=True)
    await open_dashboard(dark, url)
    await screenshot(dark, shots / "dashboard-dark.png", replayed_until)

    phone = await new_page(browser, api.tokens, phone=True)
    await open_dashboard(phone, url)
    kitchen = section(phone, KITCHEN)
    await holds("phone: Kitchen muted", see(kitchen).to_have_attribute("data-microphone", "muted"))
    width = await phone.evaluate("document.documentElement.scrollWidth")
    expect(width <= PHONE["width"], f"nothing wider than the phone ({width} px)")
    await screenshot(phone, shots / "dashboard-phone.png", replayed_until)

    guest = await new_page(browser, await add_ordinary_user(api))
    await open_dashboard(guest, url)
    purge = guest.locator(f"voice-privacy-card {PURGE}")
    await holds("a user who is not an administrator: no purge", see(purge).to_have_count(0))
    toggle = section(guest, KITCHEN).locator('[data-action="toggle"]')
    await holds("but the privacy toggles", see(toggle).to_be_visible())

    german = await new_page(browser, api.tokens, language="de")
    await open_dashboard(german, url)
    muted = words("de")["entity"]["sensor"]["microphone"]["state"]["muted"]
    await holds(f"German: {muted!r}", see(section(german, KITCHEN)).to_contain_text(muted))
    live = card_word("live_microphones", "de")
    await holds(f"and {live!r}", see(german.locator("section[data-home]")).to_contain_text(live))
    for each in (page, dark, phone, guest, german):
        errors = getattr(each, "js_errors", [])
        expect(not errors, f"no JavaScript errors ({errors})")


async def run(args: argparse.Namespace, work: Path) -> None:
    """Everything, in order; raises CheckFailedError on the first check that fails."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url, config = f"http://127.0.0.1:{port}", work / "config"
    config.mkdir()
    prepare_config(config, port)
    log(f"starting Home Assistant on {url} (config in {config})")
    started = time.time()
    hass = start_home_assistant(config)
    try:
        async with aiohttp.ClientSession() as session, async_playwright() as playwright:
            api = Api(session, url)
            await onboard(api, hass)
            browser = await playwright.chromium.launch(
                executable_path=args.chromium, args=CHROMIUM_FLAGS
            )
            page = await new_page(browser, api.tokens)
            try:
                log("adding the hub")
                setup = await add_hub(api)
                setup.started = started
                await check_hub_alone(page, api, setup)
                await check_options_sections(page, api, setup)
                log("adding the Kitchen satellite and the Nest speaker")
                await add_assistants(api, setup)
                await check_in_browser(browser, api, setup, args.screenshots)
            except CheckFailedError, PlaywrightError:
                for context in browser.contexts:
                    for each in context.pages:
                        log(f"page: {each.url}")
                        await each.screenshot(path=work / f"failure-{id(each)}.png")
                raise
            finally:
                await browser.close()
    finally:
        log("stopping Home Assistant")
        stop_process(hass)
    check_log(config / "home-assistant.out")


def check_log(path: Path) -> None:
    """Nothing of Voice Privacy's went wrong in Home Assistant's own log, on this release.

    Home Assistant warns once that a custom integration is not tested by it; that is all.
    """
    faults = [
        line
        for line in path.read_text(errors="replace").splitlines()
        if ("ERROR" in line or "WARNING" in line or "Traceback" in line)
        and "voice_privacy" in line
        and "which has not been tested by Home Assistant" not in line
    ]
    if faults:
        raise CheckFailedError("Home Assistant logged: " + " | ".join(faults[:5]))
    from homeassistant.const import __version__  # noqa: PLC0415  (the release it ran)

    log(f"ok: Home Assistant {__version__} logged nothing wrong of Voice Privacy")


def main() -> int:
    """Parse the arguments, run the check in a throwaway folder, report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--chromium",
        default=os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium",
    )
    parser.add_argument("--screenshots", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway folder")
    args = parser.parse_args()
    if not Path(args.chromium).is_file():
        print(
            "SKIP: Chromium is not installed (Debian: apt-get install -y chromium); "
            "the dashboard was not checked in a browser.",
            file=sys.stderr,
        )
        return 0
    args.screenshots.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="voice-privacy-browser-check-"))
    started = time.monotonic()
    try:
        asyncio.run(run(args, work))
    except (CheckFailedError, PlaywrightError) as err:
        print(f"FAILED: {err}", file=sys.stderr)
        print(f"Home Assistant's log: {work / 'config' / 'home-assistant.out'}", file=sys.stderr)
        args.keep = True
        return 1
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    log(f"browser check passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
