// Voice Privacy: a dashboard strategy and a card, served by the integration itself.
//
// - Strategy `custom:voice-privacy` (element `ll-strategy-dashboard-voice-privacy`): one view,
//   the home first, then one section per assistant, built from the integration's model, so it
//   follows any number of assistants. Settings > Dashboards > Add dashboard lists it.
// - Card `custom:voice-privacy-card` (element `voice-privacy-card`): every assistant's
//   microphone, how that state is known, its privacy toggle, its last 24 hours (a timeline of
//   the microphone's states with the moments it listened), today's numbers, recordings and
//   last purge; the home summary with what to improve, per assistant; purge buttons for
//   administrators, after a question, then what was deleted.
//
// Plain JavaScript, no build step. The card knows no words and no numbers of its own:
// - which entity is which comes from the integration over one websocket command
//   (`voice_privacy/model`, websocket_api.py); what to improve, from each assistant's score;
// - its words are the integration's translations (`common.card_*` in translations/*.json),
//   loaded with `hass.loadBackendTranslation` and read with `hass.localize`;
// - every state and attribute value is worded by Home Assistant itself
//   (`hass.formatEntityState`, `hass.formatEntityAttributeValue`), from the entities'
//   translations, as core cards do; times follow the user's locale;
// - the timeline is Home Assistant's own history (`history/stream`, the recorder), one
//   subscription per card; without a recorder, or without the right to read it, the card says
//   the history is not available and shows everything else.

const DOMAIN = "voice_privacy";
const CARD = "voice-privacy-card";
const STRATEGY = "ll-strategy-dashboard-voice-privacy";
const MODEL_COMMAND = `${DOMAIN}/model`;
// A hub that was not loaded when the model was asked for (still starting, reloading) is asked
// for again on a later update, at most this often.
const EMPTY_MODEL_RETRY_MS = 30000;
// The timeline's window, and how often it moves on with the time (it is also redrawn whenever
// the history stream says something changed).
const TIMELINE_MS = 24 * 3600 * 1000;
const TICK_MS = 60 * 1000;
// Listening moments closer than this are one tick: a tick is 2 px wide on a phone anyway.
const SAME_MOMENT_MS = 60 * 1000;

function escapeHtml(value) {
  return String(value ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  );
}

// ---------------------------------------------------------------------------------------------
// Words: the integration's translations, in the user's language.

// The frontend loads a custom integration's translations only when asked, and forgets them
// when the user changes language; so they are asked for again whenever the language changes.
let wordsCache = { language: undefined, promise: undefined };

/** Load the card's words ("common") and the entities' ("entity"); resolve to a localize. */
function loadWords(hass) {
  if (wordsCache.language !== hass.language || !wordsCache.promise) {
    const promise = Promise.all([
      hass.loadBackendTranslation("common", DOMAIN),
      hass.loadBackendTranslation("entity", DOMAIN),
    ]).then(([localize]) => localize);
    promise.catch(() => {
      if (wordsCache.promise === promise) wordsCache = { language: undefined };
    });
    wordsCache = { language: hass.language, promise };
  }
  return wordsCache.promise;
}

/**
 * A word of the card: `key` is a full translation key
 * (`component.voice_privacy.common.card_...`). Where no translation is loaded (yet), the key
 * itself is shown rather than a word in a language the user did not choose.
 */
function wordOf(localizers, key, values) {
  for (const localize of localizers) {
    const text = localize && localize(key, values);
    if (text) return text;
  }
  return key;
}

// ---------------------------------------------------------------------------------------------
// The model: which entity is which, from the integration itself.

// One request shared by every card and the strategy, redone when the entity registry changes
// (the frontend gives `hass.entities` a new identity then).
let modelCache = { entities: undefined, promise: undefined, empty: false, at: 0 };

function cardModel(hass) {
  const stale = modelCache.empty && Date.now() - modelCache.at > EMPTY_MODEL_RETRY_MS;
  if (modelCache.entities !== hass.entities || !modelCache.promise || stale) {
    const promise = hass.callWS({ type: MODEL_COMMAND });
    const cache = { entities: hass.entities, promise, empty: false, at: Date.now() };
    promise.then(
      (model) => {
        cache.empty = !model.loaded;
      },
      () => {
        if (modelCache === cache) modelCache = { entities: undefined };
      },
    );
    modelCache = cache;
  }
  return modelCache.promise;
}

// ---------------------------------------------------------------------------------------------
// The dashboard strategy.

class VoicePrivacyDashboardStrategy extends HTMLElement {
  /**
   * What "Add dashboard" fills in for this strategy (Home Assistant 2026.11 and later; it
   * awaits the answer). Words that cannot be loaded leave the brand name, never a key.
   */
  static async getCreateSuggestions(hass) {
    const localize = await loadWords(hass).catch(() => undefined);
    const key = "component.voice_privacy.common.card_title";
    const title = wordOf([localize, hass.localize], key);
    return { title: title === key ? PICKER_NAME : title, icon: "mdi:shield-lock-outline" };
  }

  static async generate(config, hass) {
    const [localize, model] = await Promise.all([loadWords(hass), cardModel(hass)]);
    const word = (key) => wordOf([localize, hass.localize], key);
    const { hub, assistants } = model;
    const title = word("component.voice_privacy.common.card_title");
    const view = { title, path: "voice-privacy", icon: "mdi:shield-lock-outline" };
    if (!model.loaded) {
      const content = word("component.voice_privacy.common.card_not_set_up");
      return { title, views: [{ ...view, cards: [{ type: "markdown", content }] }] };
    }
    // Named badges: a bare "2" or "No" says nothing. The score is not a badge: the home
    // section shows it already.
    const badgeNames = {
      live_microphones: word("component.voice_privacy.common.card_live_badge"),
      all_private: word("component.voice_privacy.common.card_private_badge"),
    };
    const badges = Object.entries(badgeNames)
      .filter(([key]) => hub[key])
      .map(([key, name]) => ({ type: "entity", entity: hub[key], show_name: true, name }));
    const sections = [
      { type: "grid", cards: [{ type: `custom:${CARD}`, show_home: true, assistants: [] }] },
      ...assistants.map((assistant) => ({
        type: "grid",
        cards: [{ type: `custom:${CARD}`, show_home: false, assistants: [assistant.id] }],
      })),
    ];
    // Without assistants the home card says how to add one.
    return { title, views: [{ ...view, type: "sections", max_columns: 3, badges, sections }] };
  }
}

// ---------------------------------------------------------------------------------------------
// History: Home Assistant's `history/stream` messages, made into bands and moments.

/**
 * Add one `history/stream` message to what is known (`known`: entity id -> [{s, t}], t in
 * ms). Its `states` map each entity id to states in compressed form: `s` the state, `lu` when
 * last updated and `lc` when last changed, in seconds, `lc` only where it differs from `lu`.
 * The first messages start with each entity's state at the window's start, later ones carry
 * each change as it happens. What is older than the window is dropped, all but the last state
 * before it: the state the window opens with.
 */
function mergeHistory(known, message, start) {
  for (const [entityId, states] of Object.entries((message && message.states) || {})) {
    const list = known.get(entityId) || [];
    for (const state of states) {
      const seconds = state.lc ?? state.lu;
      if (typeof seconds === "number") list.push({ s: state.s, t: seconds * 1000 });
    }
    list.sort((a, b) => a.t - b.t);
    // A reconnect sends the history again: what is already known is not added twice.
    const once = list.filter((x, i) => i === 0 || x.t !== list[i - 1].t || x.s !== list[i - 1].s);
    const inWindow = once.findIndex((x) => x.t > start);
    const from = inWindow === -1 ? once.length - 1 : inWindow - 1;
    known.set(entityId, once.slice(Math.max(from, 0)));
  }
}

/**
 * The microphone's states from `start` to `end` as bands ({from, to, state}), the same state
 * in a row being one band. The frontend's state now ends it: the history may lag it by a
 * moment, or not hold it at all (an entity the recorder leaves out).
 */
function microphoneBands(states, current, start, end) {
  const list = [...(states || [])];
  const since = current ? Date.parse(current.last_changed) : NaN;
  if (!Number.isNaN(since) && (!list.length || since >= list[list.length - 1].t)) {
    list.push({ s: current.state, t: since });
  }
  const bands = [];
  list.forEach(({ s, t }, i) => {
    const from = Math.max(t, start);
    const to = Math.min(i + 1 < list.length ? list[i + 1].t : end, end);
    if (to <= from) return;
    const last = bands[bands.length - 1];
    if (last && last.state === s) last.to = to;
    else bands.push({ from, to, state: s });
  });
  return bands;
}

/** Times sorted, those within a minute of the one before dropped. */
function sameMomentsOnce(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted.filter((t, i) => i === 0 || t - sorted[i - 1] >= SAME_MOMENT_MS);
}

// ---------------------------------------------------------------------------------------------
// The card.

// The Microphone sensor's states (its `options`), each with its icon; the words are the
// sensor's own state translations.
const MICROPHONE_ICONS = {
  live: "mdi:microphone",
  muted: "mdi:microphone-off",
  powered_off: "mdi:power-plug-off",
  do_not_disturb: "mdi:minus-circle-outline",
  unknown: "mdi:microphone-question",
};
const NO_VALUE = ["unknown", "unavailable", ""];
// The timeline's bands: what each microphone state means for privacy: muted and powered off
// are both private; any other state (unknown, unavailable) is the band of not knowing.
const BANDS = { live: "live", muted: "private", powered_off: "private", do_not_disturb: "dnd" };
// Reasons nobody can act on: whether an assistant has a mute switch of its own is its maker's
// choice, so "to improve" does not list it.
const REASONS_NOT_SHOWN = ["microphone_control"];

class VoicePrivacyCard extends HTMLElement {
  constructor() {
    super();
    this._config = {};
    this._model = undefined;
    this._localize = undefined; // from loading the words, until `hass.localize` has them
    this._wordsFor = undefined; // the language the words were loaded for
    this._modelPromise = undefined; // the request the shown model came from
    this._signature = [];
    this._pending = new Map(); // entity_id -> the state asked for
    this._errors = new Map(); // entity_id -> message
    this._results = new Map(); // entity_id -> what its purge deleted, in words
    this._purgeTarget = undefined;
    this._history = { status: "loading", states: new Map() }; // entity_id -> [{s, t}]
    this._historyKey = undefined; // the entity ids the history subscription is for
    this._historySubscription = undefined; // a promise of its unsubscribe function
    this._timer = undefined;
    this.attachShadow({ mode: "open" });
    this.shadowRoot.innerHTML = `<style>${VoicePrivacyCard.styles}</style>
      <ha-card><div class="content"></div></ha-card>
      <dialog class="confirm" aria-labelledby="confirm-title" aria-describedby="confirm-text">
        <h2 id="confirm-title"></h2>
        <p id="confirm-text"></p>
        <div class="dialog-buttons">
          <button type="button" class="text" data-action="cancel"></button>
          <button type="button" class="danger" data-action="confirm"></button>
        </div>
      </dialog>`;
    this._content = this.shadowRoot.querySelector(".content");
    this._dialog = this.shadowRoot.querySelector("dialog");
    this.shadowRoot.addEventListener("click", (ev) => this._onClick(ev));
    this._dialog.addEventListener("close", () => {
      this._purgeTarget = undefined;
    });
  }

  static getStubConfig() {
    return {};
  }

  connectedCallback() {
    this._connected = true;
    this._syncHistory();
    // Time passes: the timeline and "5 minutes ago" move on once a minute, not more often.
    this._timer = setInterval(() => {
      this._signature = [];
      this._render();
    }, TICK_MS);
  }

  disconnectedCallback() {
    this._connected = false;
    clearInterval(this._timer);
    this._timer = undefined;
    this._unsubscribeHistory();
  }

  setConfig(config) {
    if (config.assistants !== undefined && !Array.isArray(config.assistants)) {
      throw new Error("assistants must be a list of assistant (subentry) ids");
    }
    this._config = { show_home: true, ...config };
    this._signature = [];
    this._render();
  }

  set hass(hass) {
    this._hass = hass;
    if (this._wordsFor !== hass.language) {
      // First time, or the user changed language: load the words (again).
      const language = hass.language;
      this._wordsFor = language;
      this._localize = undefined;
      loadWords(hass).then(
        (localize) => {
          if (this._wordsFor !== language) return;
          this._localize = localize;
          this._signature = [];
          this._render();
        },
        () => {
          // Words that cannot be loaded are shown by their keys; the card still works.
          if (this._wordsFor !== language) return;
          this._localize = () => "";
          this._signature = [];
          this._render();
        },
      );
    }
    const promise = cardModel(hass);
    if (promise !== this._modelPromise) {
      // First time, or the registry changed: ask which entity is which (again).
      this._modelPromise = promise;
      promise.then(
        (model) => {
          if (this._modelPromise !== promise) return;
          this._model = model;
          this._signature = [];
          this._render();
        },
        (err) => {
          if (this._modelPromise !== promise) return;
          this._model = { hub: {}, assistants: [], error: (err && err.message) || String(err) };
          this._signature = [];
          this._render();
        },
      );
    }
    this._render();
  }

  get hass() {
    return this._hass;
  }

  getCardSize() {
    const count = this._shownAssistants().length;
    return (this._config.show_home ? 5 : 0) + count * 6;
  }

  getGridOptions() {
    return { columns: 12, min_columns: 6, rows: "auto" };
  }

  _shownAssistants() {
    if (!this._model) return [];
    const wanted = this._config.assistants;
    if (!Array.isArray(wanted)) return this._model.assistants;
    return wanted.map(
      (id) => this._model.assistants.find((a) => a.id === id) || { id, missing: true },
    );
  }

  /** The state objects the card shows; a render happens only when one of them changes. */
  _watched() {
    const ids = [];
    if (this._config.show_home && this._model) {
      ids.push(...Object.values(this._model.hub));
      // What to improve is said per assistant, from each one's score.
      ids.push(...this._model.assistants.map((a) => a.entities.privacy_score).filter(Boolean));
    }
    for (const assistant of this._shownAssistants()) {
      if (assistant.entities) ids.push(...Object.values(assistant.entities));
    }
    return ids.map((id) => this._hass.states[id]);
  }

  /** A word of the card, in the user's language (see `wordOf`). */
  _word(key, values) {
    return wordOf([this._hass.localize, this._localize], key, values);
  }

  _render() {
    if (!this._hass || !this._content) return;
    if (!this._model || !this._localize) {
      this._content.innerHTML = "";
      return;
    }
    const hass = this._hass;
    // Words and formats change with the language, the number and time formats, and once
    // the translations are loaded: each gives these functions a new identity.
    const signature = [
      ...this._watched(),
      hass.localize,
      this._localize,
      hass.formatEntityState,
      hass.formatEntityAttributeValue,
      hass.formatEntityAttributeName,
      this._isAdmin(),
    ];
    if (
      signature.length === this._signature.length &&
      signature.every((value, i) => value === this._signature[i])
    ) {
      return;
    }
    this._signature = signature;
    this._syncHistory();
    const parts = [];
    if (this._model.error) parts.push(`<p class="error">${escapeHtml(this._model.error)}</p>`);
    if (this._config.show_home) parts.push(this._renderHome());
    const assistants = this._shownAssistants();
    for (const assistant of assistants) parts.push(this._renderAssistant(assistant));
    if (!this._config.show_home && !assistants.length) {
      const hint = this._word("component.voice_privacy.common.card_no_assistants");
      parts.push(`<p class="hint">${escapeHtml(hint)}</p>`);
    }
    // A redraw replaces the buttons: the one the user was on keeps the focus.
    const focused = this.shadowRoot.activeElement;
    const again =
      focused && this._content.contains(focused) && focused.dataset.action
        ? `[data-action="${CSS.escape(focused.dataset.action)}"][data-entity="${CSS.escape(focused.dataset.entity || "")}"]`
        : undefined;
    this._content.innerHTML = parts.join("");
    if (again) {
      const button = this._content.querySelector(again);
      if (button) button.focus();
    }
  }

  _state(entityId) {
    return entityId ? this._hass.states[entityId] : undefined;
  }

  _isAdmin() {
    return Boolean(this._hass.user && this._hass.user.is_admin);
  }

  /** The state as Home Assistant words it (translated, numbers and times localized). */
  _formatState(state) {
    return state ? this._hass.formatEntityState(state) : "—";
  }

  /**
   * An attribute's value as Home Assistant words it. It may answer with a template (a link,
   * a structure) rather than text; this card shows text only, so then the value as it is.
   */
  _formatAttribute(state, attribute) {
    const text = this._hass.formatEntityAttributeValue(state, attribute);
    return typeof text === "string" ? text : String(state.attributes[attribute] ?? "");
  }

  _renderToggle(entityId, label) {
    const state = this._state(entityId);
    if (!state) return "";
    const pending = this._pending.has(entityId);
    const on = pending ? this._pending.get(entityId) : state.state === "on";
    const disabled = pending || state.state === "unavailable" || state.state === "unknown";
    return `<button type="button" class="toggle${on ? " on" : ""}" role="switch"
        aria-checked="${on}" aria-label="${escapeHtml(label)}" title="${escapeHtml(label)}"
        data-action="toggle" data-entity="${escapeHtml(entityId)}"
        ${disabled ? "disabled" : ""}><span class="knob"></span></button>`;
  }

  _renderError(entityId) {
    const message = this._errors.get(entityId);
    if (!message) return "";
    const text = this._word("component.voice_privacy.common.card_failed", { message });
    return `<p class="error" role="alert">${escapeHtml(text)}</p>`;
  }

  _renderPurgeButton(entityId, label, question) {
    if (!entityId || !this._isAdmin() || !this._state(entityId)) return "";
    const unavailable = this._state(entityId).state === "unavailable";
    return `<button type="button" class="purge" data-action="purge"
        data-entity="${escapeHtml(entityId)}" data-question="${escapeHtml(question)}"
        ${unavailable || this._pending.has(entityId) ? "disabled" : ""}>
        <ha-icon icon="mdi:delete-sweep-outline"></ha-icon><span>${escapeHtml(label)}</span>
      </button>${this._renderError(entityId)}${this._renderResult(entityId)}`;
  }

  /** What the last purge from this card deleted, one line per assistant. */
  _renderResult(entityId) {
    const text = this._results.get(entityId);
    if (!text) return "";
    const lines = text.split("\n").map((line) => `<span>${escapeHtml(line)}</span>`);
    return `<p class="done" role="status">${lines.join("")}</p>`;
  }

  /**
   * What to improve, per assistant, in its own words: "Kitchen: no automatic purge". The
   * home's score averages the assistants' scores, so its points say nothing one can act on;
   * each assistant's reasons do. Where no assistant's score can be read, the home's reasons.
   */
  _renderImprovements() {
    const lines = [];
    const scored = this._model.assistants.filter((a) => this._state(a.entities.privacy_score));
    for (const assistant of scored) {
      for (const reason of this._reasons(this._state(assistant.entities.privacy_score))) {
        lines.push(`${assistant.name}: ${this._reasonWord(reason)}`);
      }
    }
    const home = this._state(this._model.hub.privacy_score);
    if (!scored.length && home) lines.push(...this._reasons(home).map((r) => this._reasonWord(r)));
    if (!scored.length && !home) return "";
    if (!lines.length) {
      const text = this._word("component.voice_privacy.common.card_nothing_to_improve");
      return `<p class="reasons">${escapeHtml(text)}</p>`;
    }
    const improve = this._word("component.voice_privacy.common.card_improve");
    const items = lines.map((line) => `<li>${escapeHtml(line)}</li>`).join("");
    return `<div class="reasons" data-improve><span>${escapeHtml(improve)}:</span><ul>${items}</ul></div>`;
  }

  _reasons(state) {
    const reasons = state && Array.isArray(state.attributes.reasons) ? state.attributes.reasons : [];
    return reasons.filter((reason) => !REASONS_NOT_SHOWN.includes(reason));
  }

  _reasonWord(reason) {
    // One translation per factor of the score (score.py): card_reason_<factor>.
    return this._word(`component.voice_privacy.common.card_reason_${reason}`);
  }

  _scoreBadge(state) {
    if (!state || Number.isNaN(Number(state.state)) || NO_VALUE.includes(state.state)) return "";
    const value = Number(state.state);
    const level = value >= 80 ? "good" : value >= 50 ? "fair" : "poor";
    const label = `${this._word("component.voice_privacy.common.card_score")}: ${this._formatState(state)}`;
    return `<span class="score ${level}" data-score="${escapeHtml(value)}" role="img"
      aria-label="${escapeHtml(label)}" title="${escapeHtml(label)}">${escapeHtml(this._formatState(state))}</span>`;
  }

  /** A row's value: a time sensor as "in 2 hours" (its exact time on hover), else `empty`. */
  _timeValue(state, empty) {
    const exact = state && !NO_VALUE.includes(state.state) ? this._formatState(state) : "";
    return `<span title="${escapeHtml(exact)}">${escapeHtml(this._relativeTime(state, empty))}</span>`;
  }

  _hasValue(state) {
    return Boolean(state) && !NO_VALUE.includes(state.state);
  }

  _renderRows(rows) {
    const shown = rows.filter(Boolean);
    if (!shown.length) return "";
    return `<dl>${shown.map(([k, v]) => `<div class="row"><dt>${escapeHtml(k)}</dt><dd>${v}</dd></div>`).join("")}</dl>`;
  }

  _renderHome() {
    const hub = this._model.hub;
    if (!this._model.loaded || !this._model.assistants.length) {
      // A hub shows its home-wide entities once it has an assistant.
      const key = this._model.loaded ? "card_no_assistants" : "card_not_set_up";
      const hint = this._word(`component.voice_privacy.common.${key}`);
      return `<p class="hint">${escapeHtml(hint)}</p>`;
    }
    const live = this._state(hub.live_microphones);
    const allPrivate = this._state(hub.all_private);
    const score = this._state(hub.privacy_score);
    const schedule = this._state(hub.schedule_active);
    const nextPurge = this._state(hub.next_auto_purge);
    const privateToday = this._state(hub.all_private_time_today);
    const ends = this._state(hub.privacy_ends);
    const liveNames =
      live && Array.isArray(live.attributes.assistants) && live.attributes.assistants.length
        ? this._formatAttribute(live, "assistants")
        : this._word("component.voice_privacy.common.card_none_live");
    const liveCount = live ? live.state : "";
    const endsNames =
      ends && Array.isArray(ends.attributes.assistants) && ends.attributes.assistants.length
        ? `<span class="secondary">${escapeHtml(this._formatAttribute(ends, "assistants"))}</span>`
        : "";
    const rows = [
      [
        this._word("component.voice_privacy.common.card_live_microphones"),
        `<span data-live="${escapeHtml(liveCount)}">${escapeHtml(this._formatState(live))}</span>` +
          `<span class="secondary">${escapeHtml(liveNames)}</span>`,
      ],
      [
        this._word("component.voice_privacy.common.card_all_private"),
        escapeHtml(this._formatState(allPrivate)),
      ],
      privateToday && [
        this._word("component.voice_privacy.common.card_private_time_today"),
        escapeHtml(this._formatState(privateToday)),
      ],
      this._hasValue(ends) && [
        this._word("component.voice_privacy.common.card_privacy_ends"),
        this._timeValue(ends, "") + endsNames,
      ],
      [
        this._word("component.voice_privacy.common.card_schedule_active"),
        escapeHtml(
          hub.schedule_active
            ? this._formatState(schedule)
            : this._word("component.voice_privacy.common.card_no_schedule"),
        ),
      ],
      [
        this._word("component.voice_privacy.common.card_next_auto_purge"),
        escapeHtml(
          nextPurge
            ? this._formatState(nextPurge)
            : this._word("component.voice_privacy.common.card_off"),
        ),
      ],
    ];
    const homeLabel = this._word("component.voice_privacy.common.card_home");
    const allLabel = this._word("component.voice_privacy.common.card_privacy_mode_all");
    return `<section class="home" data-home>
      <div class="header">
        <ha-icon icon="mdi:home-sound-out"></ha-icon>
        <div class="name">${escapeHtml(homeLabel)}</div>
        ${this._scoreBadge(score)}
      </div>
      <div class="row toggle-row">
        <span>${escapeHtml(allLabel)}</span>
        ${this._renderToggle(hub.privacy_mode_all, allLabel)}
      </div>
      ${this._renderError(hub.privacy_mode_all)}
      ${this._renderRows(rows)}
      ${this._renderImprovements()}
      ${this._renderPurgeButton(
        hub.purge_history_all,
        this._word("component.voice_privacy.common.card_purge_all"),
        this._word("component.voice_privacy.common.card_purge_all_question"),
      )}
    </section>`;
  }

  _language() {
    return (this._hass.locale && this._hass.locale.language) || this._hass.language;
  }

  /** How long ago (or until) a time sensor's time, in the user's language; else `emptyText`. */
  _relativeTime(state, emptyText) {
    if (!state || NO_VALUE.includes(state.state)) return emptyText;
    const when = new Date(state.state);
    if (Number.isNaN(when.getTime())) return emptyText;
    const seconds = Math.round((when.getTime() - Date.now()) / 1000);
    const steps = [
      [60, "second"],
      [3600, "minute", 60],
      [86400, "hour", 3600],
      [Infinity, "day", 86400],
    ];
    const rtf = new Intl.RelativeTimeFormat(this._language(), { numeric: "auto" });
    for (const [limit, unit, size = 1] of steps) {
      if (Math.abs(seconds) < limit) return rtf.format(Math.round(seconds / size), unit);
    }
    return emptyText;
  }

  /** Stored recordings: the word for none when there are none, else how many, and how old. */
  _recordingsValue(recordings, oldest) {
    const value = NO_VALUE.includes(recordings.state) ? "" : recordings.state;
    const none = Number(value) === 0 && value !== "";
    const text = none
      ? this._word("component.voice_privacy.common.card_none")
      : this._formatState(recordings);
    const age = !none && this._hasValue(oldest) ? this._relativeTime(oldest, "") : "";
    const oldestText = age ? this._word("component.voice_privacy.common.card_oldest", { time: age }) : "";
    return (
      `<span data-recordings="${escapeHtml(value)}">${escapeHtml(text)}</span>` +
      (oldestText
        ? `<span class="secondary" title="${escapeHtml(this._formatState(oldest))}">${escapeHtml(oldestText)}</span>`
        : "")
    );
  }

  /** Activations today, and how many of them while private, which is what matters. */
  _activationsValue(activations, whilePrivate) {
    const count = whilePrivate ? Number(whilePrivate.state) : 0;
    const extra =
      count > 0
        ? `<span class="secondary warning">${escapeHtml(
            this._word("component.voice_privacy.common.card_while_private", {
              count: this._formatState(whilePrivate),
            }),
          )}</span>`
        : "";
    return `<span>${escapeHtml(this._formatState(activations))}</span>${extra}`;
  }

  _assistantRows(e) {
    const state = (key) => this._state(e[key]);
    const rows = [
      state("listening") && [
        this._word("component.voice_privacy.common.card_listening_now"),
        escapeHtml(this._formatState(state("listening"))),
      ],
      state("last_listened") && [
        this._word("component.voice_privacy.common.card_last_listened"),
        this._timeValue(state("last_listened"), this._word("component.voice_privacy.common.card_never")),
      ],
      state("activations_today") && [
        this._word("component.voice_privacy.common.card_activations_today"),
        this._activationsValue(state("activations_today"), state("listened_while_private_today")),
      ],
      state("private_time_today") && [
        this._word("component.voice_privacy.common.card_private_time_today"),
        escapeHtml(this._formatState(state("private_time_today"))),
      ],
      this._hasValue(state("privacy_ends")) && [
        this._word("component.voice_privacy.common.card_privacy_ends"),
        this._timeValue(state("privacy_ends"), ""),
      ],
      state("stored_recordings") && [
        this._word("component.voice_privacy.common.card_recordings"),
        this._recordingsValue(state("stored_recordings"), state("oldest_recording")),
      ],
      e.last_purge && [
        this._word("component.voice_privacy.common.card_last_purge"),
        this._timeValue(state("last_purge"), this._word("component.voice_privacy.common.card_never")),
      ],
    ];
    return rows;
  }

  _renderAssistant(assistant) {
    if (assistant.missing) {
      const hint = this._word("component.voice_privacy.common.card_not_found");
      return `<section class="assistant"><p class="hint">${escapeHtml(hint)}</p></section>`;
    }
    const e = assistant.entities;
    const microphone = this._state(e.microphone);
    const micState = microphone ? microphone.state : "unknown";
    const level = micState in MICROPHONE_ICONS ? micState : "unknown";
    const confirmedBy = microphone && microphone.attributes.confirmed_by;
    const how = confirmedBy
      ? `${this._hass.formatEntityAttributeName(microphone, "confirmed_by")}: ` +
        this._formatAttribute(microphone, "confirmed_by")
      : "";
    const name = escapeHtml(assistant.name);
    const privacyMode = this._word("component.voice_privacy.common.card_privacy_mode");
    return `<section class="assistant" data-assistant="${escapeHtml(assistant.id)}"
        data-name="${name}" data-microphone="${escapeHtml(micState)}">
      <div class="header">
        <ha-icon class="mic ${escapeHtml(level)}" icon="${escapeHtml(MICROPHONE_ICONS[level])}"></ha-icon>
        <div class="name">${name}</div>
        ${this._scoreBadge(this._state(e.privacy_score))}
      </div>
      <div class="row toggle-row">
        <div>
          <div class="state ${escapeHtml(level)}">${escapeHtml(this._formatState(microphone))}</div>
          ${how ? `<div class="secondary how">${escapeHtml(how)}</div>` : ""}
        </div>
        ${this._renderToggle(e.privacy_mode, `${privacyMode}: ${assistant.name}`)}
      </div>
      ${this._renderError(e.privacy_mode)}
      ${microphone ? `<div class="timeline" data-timeline="${escapeHtml(assistant.id)}">${this._renderTimeline(assistant)}</div>` : ""}
      ${this._renderRows(this._assistantRows(e))}
      ${this._renderPurgeButton(
        e.purge_history,
        this._word("component.voice_privacy.common.card_purge"),
        this._word("component.voice_privacy.common.card_purge_question", { name: assistant.name }),
      )}
    </section>`;
  }

  // -------------------------------------------------------------------------------------------
  // The last 24 hours, from Home Assistant's history.

  /** The entities the timelines read: each microphone, and how each one's listening is known. */
  _historyEntityIds() {
    const ids = new Set();
    for (const assistant of this._shownAssistants()) {
      const e = assistant.entities;
      if (!e || !e.microphone) continue;
      ids.add(e.microphone);
      // The Listening sensor says when listening began; without it, a new "last listened"
      // time or one more activation says so, a little later.
      const listening = e.listening ? [e.listening] : [e.last_listened, e.activations_today];
      for (const id of listening) if (id) ids.add(id);
    }
    return [...ids].sort();
  }

  /** One history subscription for all the card's timelines, renewed when they change. */
  _syncHistory() {
    if (!this._connected || !this._hass || !this._model) return;
    const ids = this._historyEntityIds();
    const key = ids.join(",");
    if (key === this._historyKey) return;
    this._unsubscribeHistory();
    this._historyKey = key;
    const history = { status: "loading", states: new Map() };
    this._history = history;
    if (!ids.length) return;
    const connection = this._hass.connection;
    if (!connection || typeof connection.subscribeMessage !== "function") {
      history.status = "unavailable";
      return;
    }
    let subscription;
    try {
      subscription = connection.subscribeMessage(
        (message) => {
          if (this._history !== history) return;
          mergeHistory(history.states, message, Date.now() - TIMELINE_MS);
          history.status = "ready";
          this._updateTimelines();
        },
        {
          type: "history/stream",
          entity_ids: ids,
          start_time: new Date(Date.now() - TIMELINE_MS).toISOString(),
          minimal_response: true,
          no_attributes: true,
          significant_changes_only: false,
        },
      );
    } catch (err) {
      subscription = Promise.reject(err);
    }
    this._historySubscription = subscription;
    // No recorder (unknown command), or no right to read it: the card says so, nothing throws.
    subscription.catch(() => {
      if (this._history !== history) return;
      history.status = "unavailable";
      this._updateTimelines();
    });
  }

  _unsubscribeHistory() {
    const subscription = this._historySubscription;
    this._historySubscription = undefined;
    this._historyKey = undefined;
    if (subscription) subscription.then((unsubscribe) => unsubscribe()).catch(() => {});
  }

  /** Redraw the timelines only: the rest of the card, and the focus in it, stay as they are. */
  _updateTimelines() {
    if (!this._model || !this._localize) return;
    for (const assistant of this._shownAssistants()) {
      const box = this._content.querySelector(`[data-timeline="${CSS.escape(assistant.id)}"]`);
      if (box) box.innerHTML = this._renderTimeline(assistant);
    }
  }

  _renderTimeline(assistant) {
    const title = this._word("component.voice_privacy.common.card_timeline");
    if (this._history.status === "unavailable") {
      const text = this._word("component.voice_privacy.common.card_history_unavailable");
      return `<div class="timeline-head"><span>${escapeHtml(title)}</span></div>
        <p class="hint small">${escapeHtml(text)}</p>`;
    }
    const e = assistant.entities;
    const end = Date.now();
    const start = end - TIMELINE_MS;
    const microphone = this._state(e.microphone);
    const bands = microphoneBands(this._history.states.get(e.microphone), microphone, start, end);
    const ticks = this._listeningMoments(e, start, end);
    const at = (t) => ((100 * (t - start)) / TIMELINE_MS).toFixed(3);
    const time = new Intl.DateTimeFormat(this._language(), {
      hour: "numeric",
      minute: "2-digit",
      hour12: this._hour12(),
      timeZone: this._timeZone(),
    });
    const word = (state) => this._hass.formatEntityState(microphone, state);
    const bandHtml = bands.map(({ from, to, state }) => {
      const label = `${word(state)}: ${time.format(from)} – ${time.format(to)}`;
      return `<span class="band ${BANDS[state] || "unknown"}" style="left:${at(from)}%;width:${(at(to) - at(from)).toFixed(3)}%"
        title="${escapeHtml(label)}"></span>`;
    });
    const listened = this._word("component.voice_privacy.common.card_listened");
    const tickHtml = ticks.map(
      (t) => `<span class="tick" style="left:${at(t)}%" title="${escapeHtml(`${listened}: ${time.format(t)}`)}"></span>`,
    );
    // A legend of the states the day had, each in the sensor's own words.
    const states = [...new Set(bands.map((band) => band.state))];
    const legend = states.map(
      (state) => `<span class="key"><span class="swatch ${BANDS[state] || "unknown"}"></span>${escapeHtml(word(state))}</span>`,
    );
    if (ticks.length) {
      legend.push(`<span class="key"><span class="swatch tick-key"></span>${escapeHtml(listened)} (${ticks.length})</span>`);
    }
    return `<div class="timeline-head"><span>${escapeHtml(title)}</span></div>
      <div class="track" role="img" aria-label="${escapeHtml(title)}">${bandHtml.join("")}${tickHtml.join("")}</div>
      <div class="axis">${this._axisLabels(start, end, at)}</div>
      <div class="legend">${legend.join("")}</div>`;
  }

  /** Every sixth hour of the day along the axis, in the user's time format and zone. */
  _axisLabels(start, end, at) {
    const timeZone = this._timeZone();
    const hour = new Intl.DateTimeFormat(this._language(), {
      hour: "numeric",
      hour12: this._hour12(),
      timeZone,
    });
    const clock = new Intl.DateTimeFormat("en-US", {
      hour: "numeric",
      minute: "numeric",
      hourCycle: "h23",
      timeZone,
    });
    const quarter = 15 * 60 * 1000; // some zones are half or three quarters of an hour off
    const labels = [];
    for (let t = Math.ceil(start / quarter) * quarter; t < end; t += quarter) {
      const parts = Object.fromEntries(clock.formatToParts(t).map((p) => [p.type, p.value]));
      const x = Number(at(t));
      // Not at the very edges, where a label would be cut in half.
      if (Number(parts.minute) === 0 && Number(parts.hour) % 6 === 0 && x > 5 && x < 95) {
        labels.push(`<span style="left:${x}%">${escapeHtml(hour.format(t))}</span>`);
      }
    }
    return labels.join("");
  }

  /** The user's time zone choice (profile): the browser's, or the server's. */
  _timeZone() {
    const locale = this._hass.locale;
    const server = this._hass.config && this._hass.config.time_zone;
    return locale && locale.time_zone === "server" && server ? server : undefined;
  }

  /** The user's 12/24-hour choice (profile > time format); undefined: the language's own. */
  _hour12() {
    const format = this._hass.locale && this._hass.locale.time_format;
    return format === "12" ? true : format === "24" ? false : undefined;
  }

  /** When the assistant listened in the window, as times. */
  _listeningMoments(e, start, end) {
    const history = this._history.states;
    const moments = [];
    if (e.listening) {
      // Each time the Listening sensor turned on.
      let previous;
      for (const { s, t } of history.get(e.listening) || []) {
        if (s === "on" && previous !== undefined && previous !== "on") moments.push(t);
        previous = s;
      }
    } else {
      // Each new "last listened" time; each time the day's activations went up.
      for (const { s } of history.get(e.last_listened) || []) {
        const t = Date.parse(s);
        if (!Number.isNaN(t)) moments.push(t);
      }
      const last = this._state(e.last_listened);
      if (last && !Number.isNaN(Date.parse(last.state))) moments.push(Date.parse(last.state));
      let previous;
      for (const { s, t } of history.get(e.activations_today) || []) {
        const count = Number(s);
        if (!NO_VALUE.includes(s) && !Number.isNaN(count)) {
          if (previous !== undefined && count > previous) moments.push(t);
          previous = count;
        }
      }
    }
    return sameMomentsOnce(moments.filter((t) => t > start && t <= end));
  }

  _onClick(ev) {
    const button = ev.composedPath().find((el) => el instanceof HTMLElement && el.dataset && el.dataset.action);
    if (!button || button.disabled) return;
    const { action, entity } = button.dataset;
    if (action === "toggle") this._toggle(entity);
    else if (action === "purge") this._askPurge(entity, button.dataset.question);
    else if (action === "cancel") this._dialog.close();
    else if (action === "confirm") this._purge();
  }

  async _run(entityId, desired, call) {
    this._pending.set(entityId, desired);
    this._errors.delete(entityId);
    this._results.delete(entityId);
    this._signature = [];
    this._render();
    try {
      const result = await call();
      if (typeof result === "string") this._results.set(entityId, result);
    } catch (err) {
      this._errors.set(entityId, (err && err.message) || String(err));
    } finally {
      this._pending.delete(entityId);
      this._signature = [];
      this._render();
    }
  }

  _toggle(entityId) {
    const state = this._state(entityId);
    if (!state) return;
    const turnOn = state.state !== "on";
    this._run(entityId, turnOn, () =>
      this._hass.callService("switch", turnOn ? "turn_on" : "turn_off", { entity_id: entityId }),
    );
  }

  _askPurge(entityId, question) {
    this._purgeTarget = entityId;
    this._dialog.querySelector("#confirm-title").textContent = this._word(
      "component.voice_privacy.common.card_purge_title",
    );
    this._dialog.querySelector("#confirm-text").textContent = question;
    this._dialog.querySelector('[data-action="cancel"]').textContent = this._word(
      "component.voice_privacy.common.card_cancel",
    );
    this._dialog.querySelector('[data-action="confirm"]').textContent = this._word(
      "component.voice_privacy.common.card_delete",
    );
    this._dialog.showModal();
  }

  _purge() {
    const entityId = this._purgeTarget;
    this._dialog.close();
    if (!entityId || !this._isAdmin()) return;
    this._run(entityId, true, () => this._callPurge(entityId));
  }

  /**
   * Purge through the action rather than the button, as it answers with what each source
   * did; the answer is worded as the logbook words it. The hub's button reaches every
   * assistant, so the action is given every assistant's own button.
   */
  async _callPurge(entityId) {
    const own = this._model.assistants.find((a) => a.entities.purge_history === entityId);
    const targets = own
      ? [entityId]
      : this._model.assistants.map((a) => a.entities.purge_history).filter(Boolean);
    if (!targets.length) {
      await this._hass.callService("button", "press", { entity_id: entityId });
      return undefined;
    }
    const answer = await this._hass.callWS({
      type: "call_service",
      domain: DOMAIN,
      service: "purge_history",
      service_data: {},
      target: { entity_id: targets },
      return_response: true,
    });
    const results = (answer && answer.response && answer.response.assistants) || [];
    const lines = results.map((result) => {
      const text = this._word("component.voice_privacy.common.card_purge_done", {
        details: this._purgeDetails(result.sources || {}),
      });
      return own ? text : `${result.assistant}: ${text}`;
    });
    return lines.join("\n");
  }

  /** What one assistant's purge did, source by source, in the logbook's words (logbook.py). */
  _purgeDetails(sources) {
    const say = (key, values) => this._word(`component.voice_privacy.common.logbook_${key}`, values);
    const number = new Intl.NumberFormat(this._language());
    const parts = [];
    for (const [source, result] of Object.entries(sources)) {
      if (result.status !== "removed" && result.status !== "requested") continue;
      const entities = (result.entities || []).length;
      parts.push(
        say(`purge_${source}`, {
          files: number.format(result.files || 0),
          bytes: number.format(result.bytes || 0),
          count: say(entities === 1 ? "one_entity" : "entities", { count: number.format(entities) }),
        }),
      );
    }
    const failed = Object.keys(sources).filter((source) => sources[source].status === "failed");
    if (failed.length) parts.push(say("failed", { sources: failed.join(", ") }));
    const partly = sources.debug_recordings || {};
    if (partly.status === "failed" && partly.files) {
      // The disk refused some files; the others were deleted all the same.
      parts.push(say("partly_deleted", { files: number.format(partly.files) }));
    }
    return parts.join("; ") || say("nothing_found");
  }

  static get styles() {
    return `
      :host { display: block; }
      ha-card { height: 100%; }
      .content { padding: 12px 16px; }
      section + section { border-top: 1px solid var(--divider-color); margin-top: 12px; padding-top: 12px; }
      .header { display: flex; align-items: center; gap: 12px; min-height: 40px; }
      .header .name { flex: 1; font-size: 1.1em; font-weight: 500; color: var(--primary-text-color);
        overflow-wrap: anywhere; }
      ha-icon { --mdc-icon-size: 24px; color: var(--state-icon-color, var(--paper-item-icon-color)); flex: none; }
      .mic.live, .mic.do_not_disturb, .state.live, .state.do_not_disturb { color: var(--warning-color, #ff9800); }
      .mic.muted, .mic.powered_off, .state.muted, .state.powered_off { color: var(--success-color, #4caf50); }
      .mic.unknown, .state.unknown { color: var(--disabled-text-color, #9e9e9e); }
      .state { font-weight: 500; }
      .row { display: flex; align-items: center; justify-content: space-between; gap: 12px;
        padding: 4px 0; color: var(--primary-text-color); }
      .toggle-row { min-height: 44px; }
      dl { margin: 0; }
      dt { color: var(--secondary-text-color); }
      dd { margin: 0; text-align: end; display: flex; flex-direction: column; align-items: flex-end; }
      .secondary { color: var(--secondary-text-color); font-size: 0.9em; }
      .score { min-width: 2.2em; padding: 2px 8px; border-radius: 12px; text-align: center;
        font-weight: 600; color: var(--text-primary-color, #fff); }
      .score.good { background: var(--success-color, #4caf50); }
      .score.fair { background: var(--warning-color, #ff9800); }
      .score.poor { background: var(--error-color, #db4437); }
      .secondary.warning { color: var(--warning-color, #ff9800); }
      .reasons { color: var(--secondary-text-color); font-size: 0.9em; margin: 4px 0; }
      .reasons ul { margin: 2px 0 0; padding-inline-start: 20px; }
      .hint { color: var(--secondary-text-color); }
      .hint.small { font-size: 0.9em; margin: 2px 0 4px; }
      .error { color: var(--error-color, #db4437); margin: 4px 0; }
      .done { color: var(--primary-text-color); margin: 6px 0 0; font-size: 0.9em;
        display: flex; flex-direction: column; gap: 2px; overflow-wrap: anywhere; }
      /* The timeline: one strip of absolutely placed spans per assistant, no library. The
         colours are the theme's, so it reads in light and dark alike. */
      .timeline { margin: 8px 0 4px; }
      .timeline-head { color: var(--secondary-text-color); font-size: 0.9em; margin-bottom: 4px; }
      .track { position: relative; height: 20px; border-radius: 4px; overflow: hidden;
        background: var(--secondary-background-color, rgba(127, 127, 127, 0.15)); }
      /* A state of a minute still shows: the one the microphone has just changed to. */
      .band { position: absolute; top: 6px; bottom: 0; min-width: 2px; }
      .band.live, .swatch.live { background: var(--warning-color, #ff9800); }
      .band.private, .swatch.private { background: var(--success-color, #4caf50); }
      .band.dnd, .swatch.dnd { background: repeating-linear-gradient(135deg,
        var(--warning-color, #ff9800) 0 3px, transparent 3px 6px); }
      .band.unknown, .swatch.unknown {
        background: var(--disabled-color, var(--disabled-text-color, #bdbdbd)); }
      .tick { position: absolute; top: 0; bottom: 0; width: 2px; margin-left: -1px;
        background: var(--primary-text-color); }
      .axis { position: relative; height: 1.3em; font-size: 0.75em; color: var(--secondary-text-color); }
      .axis span { position: absolute; top: 1px; transform: translateX(-50%); white-space: nowrap; }
      .legend { display: flex; flex-wrap: wrap; gap: 2px 12px; font-size: 0.8em;
        color: var(--secondary-text-color); }
      .key { display: inline-flex; align-items: center; gap: 4px; }
      .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; }
      .swatch.tick-key { width: 2px; height: 12px; border-radius: 0; background: var(--primary-text-color); }
      button { font: inherit; cursor: pointer; }
      button[disabled] { cursor: default; opacity: 0.5; }
      .toggle { position: relative; flex: none; width: 48px; height: 28px; border-radius: 14px;
        border: 2px solid var(--secondary-text-color); background: transparent; padding: 0;
        transition: background 0.2s, border-color 0.2s; }
      .toggle .knob { position: absolute; top: 4px; left: 4px; width: 16px; height: 16px;
        border-radius: 50%; background: var(--secondary-text-color); transition: left 0.2s, width 0.2s; }
      .toggle.on { background: var(--primary-color); border-color: var(--primary-color); }
      .toggle.on .knob { left: 22px; top: 2px; width: 20px; height: 20px;
        background: var(--text-primary-color, #fff); }
      .toggle:focus-visible, .purge:focus-visible, dialog button:focus-visible {
        outline: 2px solid var(--primary-color); outline-offset: 2px; }
      .purge { display: inline-flex; align-items: center; gap: 6px; margin-top: 8px; padding: 6px 12px;
        border-radius: 18px; border: 1px solid var(--error-color, #db4437); background: transparent;
        color: var(--error-color, #db4437); }
      .purge ha-icon { --mdc-icon-size: 18px; color: inherit; }
      dialog { max-width: min(90vw, 420px); border: none; border-radius: 16px; padding: 20px;
        background: var(--ha-dialog-surface-background, var(--card-background-color, #fff));
        color: var(--primary-text-color); box-shadow: 0 8px 32px rgba(0, 0, 0, 0.4); }
      dialog::backdrop { background: rgba(0, 0, 0, 0.5); }
      dialog h2 { margin: 0 0 8px; font-size: 1.25em; font-weight: 500; }
      dialog p { margin: 0; }
      .dialog-buttons { display: flex; justify-content: flex-end; gap: 8px; margin-top: 16px; }
      .dialog-buttons button { padding: 8px 16px; border-radius: 18px; border: none; }
      .dialog-buttons .text { background: transparent; color: var(--primary-color); }
      .dialog-buttons .danger { background: var(--error-color, #db4437); color: #fff; }
    `;
  }
}

// Home Assistant's app replaces `window.customElements` with a scoped-registry polyfill when
// it loads, and an element defined before that is invisible to it. This module may load
// first (extra modules load beside the app), so it defines its elements once the app's root
// element exists: by then the registry in place is the one the app looks in.
window.customElements.whenDefined("home-assistant").then(() => {
  if (!window.customElements.get(CARD)) window.customElements.define(CARD, VoicePrivacyCard);
  if (!window.customElements.get(STRATEGY)) {
    window.customElements.define(STRATEGY, VoicePrivacyDashboardStrategy);
  }
});

// The card picker and "Add dashboard" read these lists before any `hass` exists, so nothing
// here can be translated: the brand name, and the one English sentence of this file (the
// only words the card holds itself; every other word comes from translations/*.json).
const PICKER_NAME = "Voice Privacy";
const PICKER_DESCRIPTION =
  "Every voice assistant's microphone, privacy mode and voice history in one place.";
window.customCards = window.customCards || [];
if (!window.customCards.some((card) => card.type === CARD)) {
  window.customCards.push({
    type: CARD,
    name: PICKER_NAME,
    description: PICKER_DESCRIPTION,
    preview: true,
    documentationURL: "https://github.com/voice-privacy/ha-voice-privacy#dashboard",
  });
}
window.customStrategies = window.customStrategies || [];
if (!window.customStrategies.some((s) => s.type === "voice-privacy")) {
  window.customStrategies.push({
    type: "voice-privacy",
    strategyType: "dashboard",
    name: PICKER_NAME,
    description: PICKER_DESCRIPTION,
    documentationURL: "https://github.com/voice-privacy/ha-voice-privacy#dashboard",
  });
}
