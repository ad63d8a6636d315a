// Voice Privacy: a dashboard strategy and a card, served by the integration itself.
//
// - Strategy `custom:voice-privacy` (element `ll-strategy-dashboard-voice-privacy`): one view,
//   the home first, then one section per assistant, built from the integration's model, so it
//   follows any number of assistants. Settings > Dashboards > Add dashboard lists it.
// - Card `custom:voice-privacy-card` (element `voice-privacy-card`): every assistant's
//   microphone, how that state is known, its privacy toggle, recordings and last purge; the
//   home summary with the score's reasons; purge buttons for administrators, after a question.
//
// Plain JavaScript, no build step. The card knows no words and no numbers of its own:
// - which entity is which, and the score's maxima, come from the integration over one
//   websocket command (`voice_privacy/model`, websocket_api.py);
// - its words are the integration's translations (`common.card_*` in translations/*.json),
//   loaded with `hass.loadBackendTranslation` and read with `hass.localize`;
// - every state and attribute value is worded by Home Assistant itself
//   (`hass.formatEntityState`, `hass.formatEntityAttributeValue`), from the entities'
//   translations, as core cards do; times follow the user's locale.

const DOMAIN = "voice_privacy";
const CARD = "voice-privacy-card";
const STRATEGY = "ll-strategy-dashboard-voice-privacy";
const MODEL_COMMAND = `${DOMAIN}/model`;
// A hub that was not loaded when the model was asked for (still starting, reloading) is asked
// for again on a later update, at most this often.
const EMPTY_MODEL_RETRY_MS = 30000;

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
        cache.empty = !Object.keys(model.hub).length;
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
  static async generate(config, hass) {
    const [localize, model] = await Promise.all([loadWords(hass), cardModel(hass)]);
    const word = (key) => wordOf([localize, hass.localize], key);
    const { hub, assistants } = model;
    const title = word("component.voice_privacy.common.card_title");
    const view = { title, path: "voice-privacy", icon: "mdi:shield-lock-outline" };
    if (!Object.keys(hub).length && !assistants.length) {
      const content = word("component.voice_privacy.common.card_not_set_up");
      return { title, views: [{ ...view, cards: [{ type: "markdown", content }] }] };
    }
    const badges = ["live_microphones", "all_private"]
      .filter((key) => hub[key])
      .map((key) => ({ type: "entity", entity: hub[key] }));
    const sections = [
      { type: "grid", cards: [{ type: `custom:${CARD}`, show_home: true, assistants: [] }] },
      ...assistants.map((assistant) => ({
        type: "grid",
        cards: [{ type: `custom:${CARD}`, show_home: false, assistants: [assistant.id] }],
      })),
    ];
    if (!assistants.length) {
      const content = word("component.voice_privacy.common.card_no_assistants");
      sections.push({ type: "grid", cards: [{ type: "markdown", content }] });
    }
    return { title, views: [{ ...view, type: "sections", max_columns: 3, badges, sections }] };
  }
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
    this._purgeTarget = undefined;
    this.attachShadow({ mode: "open" });
    this.shadowRoot.innerHTML = `<style>${VoicePrivacyCard.styles}</style>
      <ha-card><div class="content"></div></ha-card>
      <dialog class="confirm" aria-labelledby="confirm-text">
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
          this._model = {
            hub: {},
            assistants: [],
            score_maximum: {},
            error: (err && err.message) || String(err),
          };
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
    return (this._config.show_home ? 5 : 0) + count * 3;
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
    if (this._config.show_home && this._model) ids.push(...Object.values(this._model.hub));
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
    const parts = [];
    if (this._model.error) parts.push(`<p class="error">${escapeHtml(this._model.error)}</p>`);
    if (this._config.show_home) parts.push(this._renderHome());
    const assistants = this._shownAssistants();
    for (const assistant of assistants) parts.push(this._renderAssistant(assistant));
    if (!this._config.show_home && !assistants.length) {
      const hint = this._word("component.voice_privacy.common.card_no_assistants");
      parts.push(`<p class="hint">${escapeHtml(hint)}</p>`);
    }
    this._content.innerHTML = parts.join("");
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
      </button>${this._renderError(entityId)}`;
  }

  _renderReasons(state) {
    if (!state) return "";
    const reasons = Array.isArray(state.attributes.reasons) ? state.attributes.reasons : [];
    const points = state.attributes.points || {};
    const maximum = this._model.score_maximum || {};
    if (!reasons.length) {
      const text = this._word("component.voice_privacy.common.card_nothing_to_improve");
      return `<p class="reasons">${escapeHtml(text)}</p>`;
    }
    const items = reasons.map((reason) => {
      // One translation per factor of the score (score.py): card_reason_<factor>.
      const text = this._word(`component.voice_privacy.common.card_reason_${reason}`);
      const lost = reason in maximum && reason in points ? maximum[reason] - points[reason] : 0;
      return `<li>${escapeHtml(text)}${lost > 0 ? ` <span class="lost">−${escapeHtml(lost)}</span>` : ""}</li>`;
    });
    const improve = this._word("component.voice_privacy.common.card_improve");
    return `<div class="reasons"><span>${escapeHtml(improve)}:</span><ul>${items.join("")}</ul></div>`;
  }

  _scoreBadge(state) {
    if (!state || Number.isNaN(Number(state.state)) || NO_VALUE.includes(state.state)) return "";
    const value = Number(state.state);
    const level = value >= 80 ? "good" : value >= 50 ? "fair" : "poor";
    return `<span class="score ${level}" data-score="${escapeHtml(value)}">${escapeHtml(this._formatState(state))}</span>`;
  }

  _renderHome() {
    const hub = this._model.hub;
    if (!Object.keys(hub).length) {
      const hint = this._word("component.voice_privacy.common.card_not_set_up");
      return `<p class="hint">${escapeHtml(hint)}</p>`;
    }
    const live = this._state(hub.live_microphones);
    const allPrivate = this._state(hub.all_private);
    const score = this._state(hub.privacy_score);
    const schedule = this._state(hub.schedule_active);
    const nextPurge = this._state(hub.next_auto_purge);
    const liveNames =
      live && Array.isArray(live.attributes.assistants) && live.attributes.assistants.length
        ? this._formatAttribute(live, "assistants")
        : this._word("component.voice_privacy.common.card_none_live");
    const liveCount = live ? live.state : "";
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
    const scoreLabel = this._word("component.voice_privacy.common.card_score");
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
      <dl>${rows.map(([k, v]) => `<div class="row"><dt>${escapeHtml(k)}</dt><dd>${v}</dd></div>`).join("")}</dl>
      ${score ? `<div class="row"><dt>${escapeHtml(scoreLabel)}</dt><dd>${escapeHtml(this._formatState(score))} / 100</dd></div>` : ""}
      ${this._renderReasons(score)}
      ${this._renderPurgeButton(
        hub.purge_history_all,
        this._word("component.voice_privacy.common.card_purge_all"),
        this._word("component.voice_privacy.common.card_purge_all_question"),
      )}
    </section>`;
  }

  /** How long ago (or until) a time sensor's time, in the user's language; else `emptyText`. */
  _relativeTime(state, emptyText) {
    if (!state || NO_VALUE.includes(state.state)) return emptyText;
    const when = new Date(state.state);
    if (Number.isNaN(when.getTime())) return emptyText;
    const language = (this._hass.locale && this._hass.locale.language) || this._hass.language;
    const seconds = Math.round((when.getTime() - Date.now()) / 1000);
    const steps = [
      [60, "second"],
      [3600, "minute", 60],
      [86400, "hour", 3600],
      [Infinity, "day", 86400],
    ];
    const rtf = new Intl.RelativeTimeFormat(language, { numeric: "auto" });
    for (const [limit, unit, size = 1] of steps) {
      if (Math.abs(seconds) < limit) return rtf.format(Math.round(seconds / size), unit);
    }
    return emptyText;
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
    const recordings = this._state(e.stored_recordings);
    const rows = [];
    if (recordings) {
      const value = NO_VALUE.includes(recordings.state) ? "" : recordings.state;
      rows.push([
        this._word("component.voice_privacy.common.card_recordings"),
        `<span data-recordings="${escapeHtml(value)}">${escapeHtml(this._formatState(recordings))}</span>`,
      ]);
    }
    if (e.last_purge) {
      const lastPurge = this._state(e.last_purge);
      const never = this._word("component.voice_privacy.common.card_never");
      const exact = lastPurge && !NO_VALUE.includes(lastPurge.state) ? this._formatState(lastPurge) : "";
      rows.push([
        this._word("component.voice_privacy.common.card_last_purge"),
        `<span title="${escapeHtml(exact)}">${escapeHtml(this._relativeTime(lastPurge, never))}</span>`,
      ]);
    }
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
      <dl>${rows.map(([k, v]) => `<div class="row"><dt>${escapeHtml(k)}</dt><dd>${v}</dd></div>`).join("")}</dl>
      ${this._renderReasons(this._state(e.privacy_score))}
      ${this._renderPurgeButton(
        e.purge_history,
        this._word("component.voice_privacy.common.card_purge"),
        this._word("component.voice_privacy.common.card_purge_question", { name: assistant.name }),
      )}
    </section>`;
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
    this._signature = [];
    this._render();
    try {
      await call();
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
    this._run(entityId, true, () =>
      this._hass.callService("button", "press", { entity_id: entityId }),
    );
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
      .reasons { color: var(--secondary-text-color); font-size: 0.9em; margin: 4px 0; }
      .reasons ul { margin: 2px 0 0; padding-inline-start: 20px; }
      .lost { color: var(--error-color, #db4437); white-space: nowrap; }
      .hint { color: var(--secondary-text-color); }
      .error { color: var(--error-color, #db4437); margin: 4px 0; }
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
