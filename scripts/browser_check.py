"""Check the Voice Privacy dashboard in a real browser (run through `scripts/browser_check`).

1. Starts Home Assistant with `config/configuration.yaml` (the one `scripts/develop` uses) in a
   throwaway copy of the config folder, on a free port of 127.0.0.1; `config/` stays untouched.
2. Onboards an owner over REST, adds the Voice Privacy hub (automatic purge on) and two
   assistants over the REST config flows: the stand-in "Kitchen Voice PE" Assist satellite with
   its Mute switch, and a Google speaker behind `switch.nest_smart_plug`.
3. Creates a dashboard with `strategy: {type: custom:voice-privacy}` over the websocket.
4. Opens it in headless Chromium (through the DevTools protocol; no browser is downloaded)
   and checks that every assistant's name and microphone state are shown as Home Assistant
   has them; clicks the Kitchen privacy toggle like a user and checks over REST that the
   satellite's Mute switch turned on and that the card then shows it muted; asks for a purge,
   cancels (nothing purged), asks again and confirms (purged, recordings 0); checks the texts
   in German; saves screenshots (light, dark, phone width) to docs/screenshots/.

Exits 0 when everything holds, 1 when a check fails, and 0 with a SKIP message when Chromium
is not installed. Home Assistant and Chromium are stopped in every case.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
from collections.abc import Awaitable, Callable
import contextlib
from dataclasses import dataclass, field
import itertools
import json
import os
from pathlib import Path
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

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = "voice-privacy"
# Throwaway users of a throwaway Home Assistant.
GUEST_PASSWORD = secrets.token_urlsafe(16)
KITCHEN = "Kitchen Voice PE"
NEST = "Living room Nest"
TRANSLATIONS = ROOT / "custom_components" / "voice_privacy" / "translations"


def words(language: str) -> dict[str, Any]:
    """The integration's translations in one language: the card shows these words."""
    data: dict[str, Any] = json.loads((TRANSLATIONS / f"{language}.json").read_text("utf-8"))
    return data


def microphone_words(language: str) -> dict[str, Any]:
    """The Microphone sensor's translations: its states and how each state is known."""
    microphone: dict[str, Any] = words(language)["entity"]["sensor"]["microphone"]
    return microphone


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
    "--disable-default-apps",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
]


class CheckFailedError(Exception):
    """A check did not hold."""


class StoppedError(Exception):
    """Home Assistant stopped on its own: no point in waiting."""


def log(message: str) -> None:
    """Progress on stderr."""
    print(f"==> {message}", file=sys.stderr, flush=True)


async def wait_for[T](
    what: str, probe: Callable[[], Awaitable[T | None]], timeout: float = 30
) -> T:
    """Poll until `probe` returns something truthy; fail with `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            if result := await probe():
                return result
            last = result
        except (CheckFailedError, aiohttp.ClientError, OSError, KeyError, TypeError) as err:
            last = err
        await asyncio.sleep(0.3)
    msg = f"timed out after {timeout:.0f} s waiting for {what} (last: {last!r})"
    raise CheckFailedError(msg)


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# ---------------------------------------------------------------------------------------------
# Home Assistant in a throwaway config folder.


def prepare_config(config: Path, port: int) -> None:
    """Copy the development configuration and link the integration and the stand-in."""
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
        "version": 2,
        "minor_version": 2,
        "key": "http",
        "data": {
            "stable": {
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
            },
            "pending": None,
            "yaml_migration_done": True,
        },
    }
    (storage / "http").write_text(json.dumps(http))
    # Only the user is onboarded here; the location step would set up weather and radio
    # integrations that need the internet.
    onboarding = {
        "version": 4,
        "minor_version": 1,
        "key": "onboarding",
        "data": {"done": ["core_config", "analytics", "integration"]},
    }
    (storage / "onboarding").write_text(json.dumps(onboarding))


def start_home_assistant(config: Path) -> subprocess.Popen[bytes]:
    """Start `hass` as scripts/develop does, in its own process group."""
    env = os.environ | {"VOICE_PRIVACY_RECORDINGS": str(config / "debug_recordings")}
    with (config / "home-assistant.out").open("wb") as out:
        # Our own interpreter and arguments.
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "homeassistant", "-c", str(config), "--skip-pip"],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=config,
            start_new_session=True,
        )


def stop_process(process: subprocess.Popen[bytes], name: str, timeout: float = 30) -> None:
    """Ask the process group to stop; kill it when it does not."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        log(f"{name} did not stop in {timeout:.0f} s; killing it")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


@dataclass
class HomeAssistantApi:
    """REST and websocket calls with the owner's token."""

    session: aiohttp.ClientSession
    url: str
    token: str = ""
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    ws: aiohttp.ClientWebSocketResponse | None = None

    @property
    def headers(self) -> dict[str, str]:
        """The bearer token."""
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    async def get(self, path: str) -> Any:
        """GET a REST path; raise unless 200."""
        async with self.session.get(self.url + path, headers=self.headers) as response:
            if response.status != 200:  # noqa: PLR2004
                msg = f"GET {path}: {response.status} {await response.text()}"
                raise CheckFailedError(msg)
            return await response.json()

    async def post(self, path: str, data: dict[str, Any] | None = None) -> Any:
        """POST JSON to a REST path; raise unless 200 or 201."""
        async with self.session.post(self.url + path, json=data, headers=self.headers) as resp:
            if resp.status not in {200, 201}:
                msg = f"POST {path}: {resp.status} {await resp.text()}"
                raise CheckFailedError(msg)
            return await resp.json()

    async def state(self, entity_id: str) -> dict[str, Any]:
        """The state object of one entity."""
        state: dict[str, Any] = await self.get(f"/api/states/{entity_id}")
        return state

    async def connect(self) -> None:
        """Open the websocket and log in."""
        self.ws = await self.session.ws_connect(self.url + "/api/websocket", max_msg_size=0)
        assert (await self.ws.receive_json())["type"] == "auth_required"
        await self.ws.send_json({"type": "auth", "access_token": self.token})
        if (reply := await self.ws.receive_json())["type"] != "auth_ok":
            msg = f"websocket login failed: {reply}"
            raise CheckFailedError(msg)

    async def call(self, message_type: str, **data: Any) -> Any:
        """One websocket command; its result."""
        assert self.ws is not None
        message_id = next(self.ids)
        await self.ws.send_json({"id": message_id, "type": message_type, **data})
        while True:
            reply = await self.ws.receive_json()
            if reply.get("id") == message_id and reply.get("type") == "result":
                break
        if not reply["success"]:
            msg = f"{message_type}: {reply['error']}"
            raise CheckFailedError(msg)
        return reply["result"]

    async def flow(self, path: str, init: dict[str, Any], *answers: dict[str, Any]) -> Any:
        """Run a config flow: start it, answer each form, expect an entry at the end."""
        result = await self.post(path, init)
        for answer in answers:
            if result.get("type") != "form":
                break
            result = await self.post(f"{path}/{result['flow_id']}", answer)
        if result.get("type") != "create_entry":
            msg = f"flow {init} ended with {result}"
            raise CheckFailedError(msg)
        return result


async def onboard(api: HomeAssistantApi, hass: subprocess.Popen[bytes]) -> dict[str, Any]:
    """Create the owner as the onboarding page does; return the tokens the frontend keeps."""
    client_id = api.url + "/"

    async def onboarding_api() -> Any:
        if hass.poll() is not None:
            msg = f"Home Assistant exited with {hass.returncode}"
            raise StoppedError(msg)
        return await api.get("/api/onboarding")

    await wait_for("the onboarding API", onboarding_api, timeout=180)
    created = await api.post(
        "/api/onboarding/users",
        {
            "client_id": client_id,
            "name": "Check",
            "username": "check",
            "password": secrets.token_urlsafe(16),
            "language": "en",
        },
    )
    tokens = await token(api, created["auth_code"])
    api.token = tokens["access_token"]

    async def running() -> bool:
        return bool((await api.get("/api/config"))["state"] == "RUNNING")

    await wait_for("Home Assistant to run", running, timeout=180)
    return tokens


async def token(api: HomeAssistantApi, code: str) -> dict[str, Any]:
    """Tokens for an authorization code, as the frontend keeps them in localStorage."""
    client_id = api.url + "/"
    form = {"grant_type": "authorization_code", "code": code, "client_id": client_id}
    async with api.session.post(api.url + "/auth/token", data=form) as response:
        tokens: dict[str, Any] = await response.json()
    return {
        "hassUrl": api.url,
        "clientId": client_id,
        "access_token": tokens["access_token"],
        "refresh_token": tokens["refresh_token"],
        "token_type": "Bearer",
        "expires_in": tokens["expires_in"],
        "expires": int(time.time() * 1000) + tokens["expires_in"] * 1000,
    }


async def add_ordinary_user(api: HomeAssistantApi) -> dict[str, Any]:
    """A user who is not an administrator, logged in through the login form's flow."""
    user = (
        await api.call(
            "config/auth/create", name="Guest", group_ids=["system-users"], local_only=False
        )
    )["user"]
    await api.call(
        "config/auth_provider/homeassistant/create",
        user_id=user["id"],
        username="guest",
        password=GUEST_PASSWORD,
    )
    client_id = api.url + "/"
    flow = await api.post(
        "/auth/login_flow",
        {
            "client_id": client_id,
            "handler": ["homeassistant", None],
            "redirect_uri": client_id + "?auth_callback=1",
        },
    )
    result = await api.post(
        f"/auth/login_flow/{flow['flow_id']}",
        {"client_id": client_id, "username": "guest", "password": GUEST_PASSWORD},
    )
    return await token(api, result["result"])


@dataclass
class Setup:
    """What the check adds to Home Assistant, and the entities it looks at."""

    entry_id: str = ""
    mute_switch: str = ""
    # assistant name -> entity key (microphone, privacy_mode, ...) -> entity_id
    entities: dict[str, dict[str, str]] = field(default_factory=dict)


async def add_voice_privacy(api: HomeAssistantApi) -> Setup:
    """Add the hub and the two assistants as a user would in the UI's flows."""
    setup = Setup()

    async def kitchen_device() -> str | None:
        devices = await api.call("config/device_registry/list")
        return next((d["id"] for d in devices if d["name"] == KITCHEN), None)

    device_id = await wait_for("the stand-in satellite's device", kitchen_device)
    registry = await api.call("config/entity_registry/list")
    setup.mute_switch = next(
        e["entity_id"]
        for e in registry
        if e["platform"] == "dev_satellite" and e["unique_id"] == "kitchen_mute"
    )
    hub = await api.flow(
        "/api/config/config_entries/flow", {"handler": "voice_privacy"}, {"confirm_timeout": 10}
    )
    setup.entry_id = hub["result"]["entry_id"]
    subentries = "/api/config/config_entries/subentries/flow"
    handler = {"handler": [setup.entry_id, "assistant"]}
    await api.flow(
        subentries,
        handler,
        {"kind": "assist_satellite"},
        {"device_id": device_id},
        {"mute_entity": setup.mute_switch},
    )
    await api.flow(
        subentries,
        handler,
        {"kind": "google"},
        {"name": NEST},
        {"power_entity": "switch.nest_smart_plug"},
    )
    # A rule to show: the automatic purge, every night at 03:00.
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
        states = {s["entity_id"]: s["state"] for s in await api.get("/api/states")}
        ready = all(
            states.get(e.get("microphone", "")) not in {None, "unavailable"} for e in found.values()
        )
        return found if ready and KITCHEN in found and NEST in found else None

    setup.entities = await wait_for("the assistants' entities", entities)
    return setup


async def create_dashboard(api: HomeAssistantApi) -> None:
    """A dashboard made by the strategy, as "Add dashboard" > "Voice Privacy" makes it."""
    await api.call(
        "lovelace/dashboards/create",
        url_path=DASHBOARD,
        title="Voice Privacy",
        icon="mdi:shield-lock-outline",
        mode="storage",
        show_in_sidebar=True,
        require_admin=False,
    )
    await api.call(
        "lovelace/config/save",
        url_path=DASHBOARD,
        config={"strategy": {"type": "custom:voice-privacy"}},
    )


# ---------------------------------------------------------------------------------------------
# Chromium through the DevTools protocol.

# What the cards show: per assistant section its data attributes and text, deep in the
# shadow roots of Home Assistant's web components.
READ_CARDS_JS = r"""
(() => {
  const cards = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) {
      if (el.localName === "voice-privacy-card") cards.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  const sections = [];
  for (const card of cards) {
    for (const s of card.shadowRoot.querySelectorAll("section")) {
      const toggle = s.querySelector('[data-action="toggle"]');
      sections.push({
        home: s.hasAttribute("data-home"),
        name: s.dataset.name || null,
        microphone: s.dataset.microphone || null,
        recordings: s.querySelector("[data-recordings]")?.dataset.recordings ?? null,
        toggle: toggle ? toggle.getAttribute("aria-checked") : null,
        purge: !!s.querySelector('[data-action="purge"]'),
        text: s.innerText,
      });
    }
  }
  const dialogs = cards.map((c) => c.shadowRoot.querySelector("dialog")).filter((d) => d.open);
  return {cards: cards.length, sections, dialog: dialogs.length ? dialogs[0].innerText : null};
})()
"""

# The centre of an element in a card, found by a CSS selector inside the section of one
# assistant (or in the open dialog), scrolled into view first.
LOCATE_JS = r"""
((name, selector) => {
  const cards = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) {
      if (el.localName === "voice-privacy-card") cards.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  for (const card of cards) {
    const scope = name === null
      ? card.shadowRoot.querySelector("dialog[open]")
      : [...card.shadowRoot.querySelectorAll("section")].find((s) => s.dataset.name === name);
    const el = scope && scope.querySelector(selector);
    if (!el) continue;
    el.scrollIntoView({block: "center"});
    const r = el.getBoundingClientRect();
    return {x: r.left + r.width / 2, y: r.top + r.height / 2};
  }
  return null;
})
"""


def launch_chromium(chromium: str, profile: Path) -> subprocess.Popen[bytes]:
    """Start headless Chromium with a fresh profile, its log beside the profile."""
    with (profile.parent / "chromium.log").open("wb") as out:
        # The Chromium found on this machine, with fixed flags.
        return subprocess.Popen(  # noqa: S603
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=out,
            start_new_session=True,
        )


class Browser:
    """One headless Chromium page, driven through the DevTools protocol."""

    def __init__(self, chromium: str, profile: Path) -> None:
        """Remember where Chromium is and where its throwaway profile goes."""
        self.chromium = chromium
        self.profile = profile
        self.process: subprocess.Popen[bytes] | None = None
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.ids = itertools.count(1)
        self.pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.errors: list[str] = []
        self.console: list[str] = []
        self.login_script: str | None = None
        self.reader: asyncio.Task[None] | None = None

    async def start(self, session: aiohttp.ClientSession) -> None:
        """Start Chromium and attach to its page."""
        self.process = launch_chromium(self.chromium, self.profile)
        port_file = self.profile / "DevToolsActivePort"

        async def port() -> int | None:
            text = port_file.read_text() if port_file.exists() else ""
            return int(text.split()[0]) if text.strip() else None

        devtools = await wait_for("Chromium's DevTools port", port)
        async with session.get(f"http://127.0.0.1:{devtools}/json/list") as response:
            targets = await response.json()
        page = next(t for t in targets if t["type"] == "page")
        self.ws = await session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0)
        self.reader = asyncio.create_task(self._read())
        await self.send("Page.enable")
        await self.send("Runtime.enable")

    async def _read(self) -> None:
        assert self.ws is not None
        async for message in self.ws:
            data = json.loads(message.data)
            if (future := self.pending.pop(data.get("id", -1), None)) is not None:
                future.set_result(data)
            elif data.get("method") == "Runtime.consoleAPICalled":
                params = data["params"]
                if params["type"] in {"error", "warning"}:
                    text = " ".join(
                        str(a.get("value", a.get("description"))) for a in params["args"]
                    )
                    self.console.append(f"console.{params['type']}: {text}")
            elif data.get("method") == "Runtime.exceptionThrown":
                details = data["params"]["exceptionDetails"]
                exception = details.get("exception", {}).get("description", details.get("text"))
                self.errors.append(str(exception))

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        """One DevTools command; its result."""
        assert self.ws is not None
        message_id = next(self.ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.pending[message_id] = future
        await self.ws.send_json({"id": message_id, "method": method, "params": params})
        reply = await asyncio.wait_for(future, 60)
        if "error" in reply:
            msg = f"{method}: {reply['error']}"
            raise CheckFailedError(msg)
        result: dict[str, Any] = reply.get("result", {})
        return result

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        reply = await self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in reply:
            msg = f"JavaScript failed: {reply['exceptionDetails']}"
            raise CheckFailedError(msg)
        return reply.get("result", {}).get("value")

    async def log_in(self, tokens: dict[str, Any]) -> None:
        """Log in as the frontend keeps it: the tokens in localStorage, before the app runs."""
        if self.login_script is not None:
            await self.send(
                "Page.removeScriptToEvaluateOnNewDocument", identifier=self.login_script
            )
        origin = json.dumps(tokens["hassUrl"])
        stored = json.dumps(json.dumps(tokens))
        added = await self.send(
            "Page.addScriptToEvaluateOnNewDocument",
            source=f"if (location.origin === {origin})"
            f" localStorage.setItem('hassTokens', {stored});",
        )
        self.login_script = added["identifier"]

    async def viewport(self, width: int, height: int, *, mobile: bool = False) -> None:
        """Set the window size (a phone: mobile, at twice the pixel density)."""
        await self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=2 if mobile else 1,
            mobile=mobile,
        )

    async def dark(self, dark: bool) -> None:
        """Prefer a dark or light colour scheme; Home Assistant's default theme follows it."""
        await self.send(
            "Emulation.setEmulatedMedia",
            features=[{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}],
        )

    async def open(self, url: str) -> None:
        """Load a page and wait until the cards have rendered their assistants."""
        await self.send("Page.navigate", url=url)

        async def rendered() -> dict[str, Any] | None:
            cards = await self.read_cards()
            names = {s["name"] for s in cards["sections"]}
            return cards if {KITCHEN, NEST} <= names else None

        await wait_for(f"the dashboard at {url} to show both assistants", rendered, timeout=60)
        await asyncio.sleep(1.5)  # icons and fonts

    async def read_cards(self) -> dict[str, Any]:
        """What the Voice Privacy cards show."""
        cards: dict[str, Any] = await self.evaluate(READ_CARDS_JS)
        return cards

    async def click(self, name: str | None, selector: str) -> None:
        """Click like a user: a mouse press and release at the element's centre."""
        point = await self.evaluate(f"({LOCATE_JS})({json.dumps(name)}, {json.dumps(selector)})")
        if not point:
            msg = f"nothing to click: {selector} in {name or 'the dialog'}"
            raise CheckFailedError(msg)
        await asyncio.sleep(0.3)  # let the scroll settle
        point = await self.evaluate(f"({LOCATE_JS})({json.dumps(name)}, {json.dumps(selector)})")
        for kind in ("mousePressed", "mouseReleased"):
            await self.send(
                "Input.dispatchMouseEvent",
                type=kind,
                x=point["x"],
                y=point["y"],
                button="left",
                clickCount=1,
            )

    async def screenshot(self, path: Path) -> None:
        """Save the page as a PNG, as tall as its content."""
        await self.evaluate("window.scrollTo(0, 0)")
        shot = await self.send("Page.captureScreenshot", format="png")
        await asyncio.to_thread(path.write_bytes, base64.b64decode(shot["data"]))
        log(f"screenshot {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    async def diagnose(self, path: Path) -> None:
        """After a failure: where the page was, a screenshot, what the console said."""
        if self.ws is not None and not self.ws.closed:
            with contextlib.suppress(CheckFailedError, TimeoutError, aiohttp.ClientError):
                log(f"page: {await self.evaluate('location.href')}")
                await self.screenshot(path)
        for line in self.console + self.errors:
            log(line)

    async def stop(self) -> None:
        """Close the page connection and Chromium."""
        if self.reader is not None:
            self.reader.cancel()
        if self.ws is not None:
            await self.ws.close()
        if self.process is not None:
            stop_process(self.process, "Chromium", timeout=10)


# ---------------------------------------------------------------------------------------------
# The checks.


def section(cards: dict[str, Any], name: str) -> dict[str, Any]:
    """The assistant's section in the cards."""
    found = [s for s in cards["sections"] if s["name"] == name]
    if len(found) != 1:
        msg = f"expected one section for {name}, found {len(found)}: {cards['sections']}"
        raise CheckFailedError(msg)
    return found[0]


def expect(condition: object, message: str) -> None:
    """Fail the check with `message` unless `condition` holds."""
    if not condition:
        raise CheckFailedError(message)
    log(f"ok: {message}")


async def check_shows_every_assistant(
    api: HomeAssistantApi, browser: Browser, setup: Setup
) -> None:
    """Every assistant's name and microphone state, as Home Assistant has them."""
    cards = await browser.read_cards()
    expect(any(s["home"] for s in cards["sections"]), "the home summary is shown")
    home = next(s for s in cards["sections"] if s["home"])
    live = words("en")["common"]["card_live_microphones"]
    expect(live in home["text"], f"the home summary names {live!r}")
    microphone = microphone_words("en")
    for name, entities in setup.entities.items():
        shown = section(cards, name)
        state = await api.state(entities["microphone"])
        expect(
            shown["microphone"] == state["state"],
            f"{name}: microphone shown as {shown['microphone']!r}, "
            f"Home Assistant has {state['state']!r}",
        )
        # The sensor's own words, as Home Assistant translates them.
        label = microphone["state"][state["state"]]
        expect(label in shown["text"], f"{name}: the state reads {label!r}")
        expect(shown["purge"], f"{name}: the owner sees the purge button")
        confirmed_by = microphone["state_attributes"]["confirmed_by"]
        how = (
            f"{confirmed_by['name']}: {confirmed_by['state'][state['attributes']['confirmed_by']]}"
        )
        expect(how in shown["text"], f"{name}: says how the state is known ({how!r})")
    expect(section(cards, KITCHEN)["recordings"] == "6", "Kitchen: 6 stored recordings shown")
    offered = await browser.evaluate(
        "[window.customStrategies.some((s) => s.type === 'voice-privacy'"
        " && s.strategyType === 'dashboard'),"
        " window.customCards.some((c) => c.type === 'voice-privacy-card')]"
    )
    expect(offered == [True, True], "Add dashboard offers the strategy; the card picker the card")
    expect(not browser.errors, f"no JavaScript errors ({browser.errors})")


async def check_privacy_toggle(api: HomeAssistantApi, browser: Browser, setup: Setup) -> None:
    """The Kitchen toggle mutes the satellite for real, and the card follows."""
    expect(
        (await api.state(setup.mute_switch))["state"] == "off",
        "the satellite's Mute switch starts off",
    )
    await browser.click(KITCHEN, '[data-action="toggle"]')

    async def muted() -> bool:
        return bool((await api.state(setup.mute_switch))["state"] == "on")

    await wait_for("the satellite's Mute switch to turn on", muted, timeout=15)
    expect(True, f"clicking the Kitchen toggle turned {setup.mute_switch} on")

    async def card_shows_muted() -> dict[str, Any] | None:
        shown = section(await browser.read_cards(), KITCHEN)
        return shown if shown["microphone"] == "muted" and shown["toggle"] == "true" else None

    shown = await wait_for("the card to show Kitchen muted", card_shows_muted, timeout=15)
    muted = microphone_words("en")["state"]["muted"]
    expect(muted in shown["text"], f"the card shows Kitchen {muted!r}, its toggle on")


async def check_purge_asks_first(api: HomeAssistantApi, browser: Browser, setup: Setup) -> None:
    """A purge asks first: cancel deletes nothing, confirm deletes."""
    last_purge = setup.entities[KITCHEN]["last_purge"]
    recordings = setup.entities[KITCHEN]["stored_recordings"]
    await browser.click(KITCHEN, '[data-action="purge"]')
    dialog = await wait_for("the purge question", lambda: _dialog_text(browser), timeout=5)
    expect(KITCHEN in dialog, "the purge question names the assistant")
    await browser.click(None, '[data-action="cancel"]')
    await asyncio.sleep(1)
    expect(
        (await api.state(last_purge))["state"] == "unknown"
        and (await api.state(recordings))["state"] == "6",
        "cancel purges nothing",
    )
    await browser.click(KITCHEN, '[data-action="purge"]')
    await wait_for("the purge question", lambda: _dialog_text(browser), timeout=5)
    await browser.click(None, '[data-action="confirm"]')

    async def purged() -> bool:
        return bool((await api.state(recordings))["state"] == "0")

    await wait_for("the recordings to be purged", purged, timeout=20)
    expect((await api.state(last_purge))["state"] != "unknown", "confirm purges; last purge set")

    async def card_shows_zero() -> bool:
        return bool(section(await browser.read_cards(), KITCHEN)["recordings"] == "0")

    await wait_for("the card to show 0 recordings", card_shows_zero, timeout=15)
    expect(True, "the card shows 0 recordings after the purge")


async def _dialog_text(browser: Browser) -> str | None:
    text: str | None = (await browser.read_cards())["dialog"]
    return text


async def check_in_browser(
    args: argparse.Namespace, api: HomeAssistantApi, browser: Browser, setup: Setup
) -> None:
    """Open the dashboard as the owner; check, click, and take the screenshots."""
    page = f"{api.url}/{DASHBOARD}/{DASHBOARD}"
    shots: Path = args.screenshots

    await browser.viewport(1280, 1000)
    await browser.dark(False)
    await browser.open(page)
    await check_shows_every_assistant(api, browser, setup)
    await check_privacy_toggle(api, browser, setup)
    await browser.screenshot(shots / "dashboard-light.png")
    await check_purge_asks_first(api, browser, setup)

    await browser.dark(True)
    await browser.open(page)
    await browser.screenshot(shots / "dashboard-dark.png")

    await browser.viewport(390, 1300, mobile=True)
    await browser.dark(False)
    await browser.open(page)
    expect(
        section(await browser.read_cards(), KITCHEN)["microphone"] == "muted",
        "at phone width the card still shows Kitchen muted",
    )
    width = await browser.evaluate("document.documentElement.scrollWidth")
    expect(width <= 390, f"nothing wider than the phone ({width} px)")  # noqa: PLR2004
    await browser.screenshot(shots / "dashboard-phone.png")

    await browser.log_in(await add_ordinary_user(api))
    await browser.open(page)
    cards = await browser.read_cards()
    expect(
        not any(s["purge"] for s in cards["sections"]),
        "a user who is not an administrator sees no purge button",
    )
    expect(section(cards, KITCHEN)["toggle"] == "true", "and sees the privacy toggles")

    await browser.send(
        "Page.addScriptToEvaluateOnNewDocument",
        source="localStorage.setItem('selectedLanguage', JSON.stringify('de'));",
    )
    await browser.open(page)
    german = words("de")
    muted = german["entity"]["sensor"]["microphone"]["state"]["muted"]
    cards = await browser.read_cards()
    expect(muted in section(cards, KITCHEN)["text"], f"in German the card reads {muted!r}")
    home = next(s for s in cards["sections"] if s["home"])
    expect(
        german["common"]["card_home"] in home["text"]
        and german["common"]["card_live_microphones"] in home["text"],
        "and its own words are German too",
    )
    expect(not browser.errors, f"no JavaScript errors ({browser.errors})")


async def run(args: argparse.Namespace, work: Path) -> None:
    """Everything, in order; raises CheckFailedError on the first check that fails."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    config = work / "config"
    config.mkdir()
    prepare_config(config, port)
    log(f"starting Home Assistant on {url} (config in {config})")
    hass = start_home_assistant(config)
    try:
        async with aiohttp.ClientSession() as session:
            api = HomeAssistantApi(session, url)
            tokens = await onboard(api, hass)
            await api.connect()
            log("adding the hub, the Kitchen satellite and the Nest speaker")
            setup = await add_voice_privacy(api)
            await create_dashboard(api)
            browser = Browser(args.chromium, work / "chromium-profile")
            try:
                await browser.start(session)
                await browser.log_in(tokens)
                await check_in_browser(args, api, browser, setup)
            except CheckFailedError:
                await browser.diagnose(work / "failure.png")
                raise
            finally:
                await browser.stop()
    finally:
        log("stopping Home Assistant")
        stop_process(hass, "Home Assistant")
    check_log(config / "home-assistant.out")


def check_log(path: Path) -> None:
    """Nothing of Voice Privacy's went wrong in Home Assistant's own log, on this release.

    Home Assistant warns once that a custom integration is not tested by it; that is all.
    """
    lines = path.read_text(errors="replace").splitlines()
    faults = [
        line
        for line in lines
        if ("ERROR" in line or "WARNING" in line or "Traceback" in line)
        and "voice_privacy" in line
        and "which has not been tested by Home Assistant" not in line
    ]
    if faults:
        raise CheckFailedError("Home Assistant logged: " + " | ".join(faults[:5]))
    log(f"ok: Home Assistant {_release()} logged nothing wrong of Voice Privacy")


def _release() -> str:
    from homeassistant.const import __version__  # noqa: PLC0415  (the release it ran)

    return __version__


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
    try:
        asyncio.run(run(args, work))
    except (CheckFailedError, StoppedError) as err:
        print(f"FAILED: {err}", file=sys.stderr)
        print(f"Home Assistant's log: {work / 'config' / 'home-assistant.out'}", file=sys.stderr)
        args.keep = True
        return 1
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    log("browser check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
