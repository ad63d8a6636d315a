// Voice Privacy: a dashboard strategy and a card, served by the integration itself.
//
// - Strategy `custom:voice-privacy` (element `ll-strategy-dashboard-voice-privacy`): one view,
//   the home first, then one section per assistant, built from the entity registry, so it
//   follows any number of assistants. Settings > Dashboards > Add dashboard lists it.
// - Card `custom:voice-privacy-card` (element `voice-privacy-card`): every assistant's
//   microphone, how that state is known, its privacy toggle, recordings and last purge; the
//   home summary with the score's reasons; purge buttons for administrators, after a question.
//
// Plain JavaScript, no build step. Everything it shows comes from the integration's entities,
// found by their unique ids (`<subentry_id>_<key>` per assistant, `<entry_id>_<key>` on the hub).

const DOMAIN = "voice_privacy";
const CARD = "voice-privacy-card";
const STRATEGY = "ll-strategy-dashboard-voice-privacy";

// Points per factor of the privacy score (score.py), to show what each reason costs.
const SCORE_MAXIMUM = {
  microphone_control: 25,
  privacy_mode: 15,
  human_review: 20,
  retention: 20,
  history_purge: 20,
};

// Every text of the card and the strategy, per language; English is the fallback.
const TEXTS = {
  en: {
    title: "Voice Privacy",
    description: "Every voice assistant's microphone, privacy mode and voice history in one place.",
    home: "Home",
    not_set_up: "Voice Privacy is not set up yet. Add it under Settings > Devices & services.",
    no_assistants: "No voice assistant yet: add one under Settings > Devices & services > Voice Privacy.",
    not_found: "This assistant was not found; it may have been removed.",
    privacy_mode: "Privacy mode",
    privacy_mode_all: "Privacy mode for all",
    live_microphones: "Live microphones",
    none_live: "none",
    all_private: "All microphones private",
    yes: "Yes",
    no: "No",
    score: "Privacy score",
    improve: "To improve",
    nothing_to_improve: "Nothing to improve",
    rules: "Rules",
    schedule_active: "Privacy schedule active",
    no_schedule: "no schedule set",
    next_auto_purge: "Next automatic purge",
    off: "off",
    recordings: "Stored recordings",
    last_purge: "Last purge",
    never: "never",
    purge: "Purge voice history",
    purge_all: "Purge voice history of all assistants",
    purge_question: "Delete the voice history of {name}? What Voice Privacy can reach is deleted; this cannot be undone.",
    purge_all_question: "Delete the voice history of every assistant? What Voice Privacy can reach is deleted; this cannot be undone.",
    cancel: "Cancel",
    delete: "Delete",
    failed: "Failed: {message}",
    unavailable: "unavailable",
    microphone: {
      live: "Live",
      muted: "Muted",
      powered_off: "Powered off",
      do_not_disturb: "Do not disturb (still listening)",
      unknown: "Unknown",
    },
    confirmed_by: {
      device: "confirmed by the device",
      vendor_cloud: "reported by the vendor's cloud",
      home_assistant: "set in Home Assistant only; the device does not confirm",
      integration: "reported by its integration",
      unknown: "cannot be known",
    },
    reasons: {
      microphone_control: "no mute switch of its own",
      privacy_mode: "no rule keeps it private",
      human_review: "human review at the vendor not declared off",
      retention: "retention at the vendor not declared, or long",
      history_purge: "no automatic purge",
    },
  },
  de: {
    title: "Sprachprivatsphäre",
    description: "Mikrofon, Privatsphäre-Modus und Sprachverlauf aller Sprachassistenten an einem Ort.",
    home: "Zuhause",
    not_set_up: "Voice Privacy ist noch nicht eingerichtet. Füge es unter Einstellungen > Geräte & Dienste hinzu.",
    no_assistants: "Noch kein Sprachassistent: füge einen unter Einstellungen > Geräte & Dienste > Voice Privacy hinzu.",
    not_found: "Dieser Assistent wurde nicht gefunden; vielleicht wurde er entfernt.",
    privacy_mode: "Privatsphäre-Modus",
    privacy_mode_all: "Privatsphäre-Modus für alle",
    live_microphones: "Aktive Mikrofone",
    none_live: "keine",
    all_private: "Alle Mikrofone privat",
    yes: "Ja",
    no: "Nein",
    score: "Privatsphäre-Wert",
    improve: "Zu verbessern",
    nothing_to_improve: "Nichts zu verbessern",
    rules: "Regeln",
    schedule_active: "Privatsphäre-Zeitplan aktiv",
    no_schedule: "kein Zeitplan",
    next_auto_purge: "Nächste automatische Löschung",
    off: "aus",
    recordings: "Gespeicherte Aufnahmen",
    last_purge: "Zuletzt gelöscht",
    never: "nie",
    purge: "Sprachverlauf löschen",
    purge_all: "Sprachverlauf aller Assistenten löschen",
    purge_question: "Sprachverlauf von {name} löschen? Alles, was Voice Privacy erreicht, wird gelöscht; das lässt sich nicht rückgängig machen.",
    purge_all_question: "Sprachverlauf aller Assistenten löschen? Alles, was Voice Privacy erreicht, wird gelöscht; das lässt sich nicht rückgängig machen.",
    cancel: "Abbrechen",
    delete: "Löschen",
    failed: "Fehlgeschlagen: {message}",
    unavailable: "nicht verfügbar",
    microphone: {
      live: "Aktiv",
      muted: "Stummgeschaltet",
      powered_off: "Ausgeschaltet",
      do_not_disturb: "Nicht stören (hört weiter zu)",
      unknown: "Unbekannt",
    },
    confirmed_by: {
      device: "vom Gerät bestätigt",
      vendor_cloud: "von der Cloud des Herstellers gemeldet",
      home_assistant: "nur in Home Assistant gesetzt; das Gerät bestätigt nichts",
      integration: "von seiner Integration gemeldet",
      unknown: "nicht feststellbar",
    },
    reasons: {
      microphone_control: "kein eigener Stummschalter",
      privacy_mode: "keine Regel hält ihn privat",
      human_review: "Auswertung durch Menschen beim Hersteller nicht als aus angegeben",
      retention: "Speicherdauer beim Hersteller nicht angegeben oder lang",
      history_purge: "keine automatische Löschung",
    },
  },
  fr: {
    title: "Confidentialité vocale",
    description: "Le micro, le mode confidentialité et l'historique vocal de chaque assistant en un seul endroit.",
    home: "Maison",
    not_set_up: "Voice Privacy n'est pas encore configuré. Ajoutez-le dans Paramètres > Appareils et services.",
    no_assistants: "Aucun assistant vocal : ajoutez-en un dans Paramètres > Appareils et services > Voice Privacy.",
    not_found: "Cet assistant est introuvable ; il a peut-être été supprimé.",
    privacy_mode: "Mode confidentialité",
    privacy_mode_all: "Mode confidentialité pour tous",
    live_microphones: "Micros actifs",
    none_live: "aucun",
    all_private: "Tous les micros privés",
    yes: "Oui",
    no: "Non",
    score: "Score de confidentialité",
    improve: "À améliorer",
    nothing_to_improve: "Rien à améliorer",
    rules: "Règles",
    schedule_active: "Planning de confidentialité actif",
    no_schedule: "aucun planning",
    next_auto_purge: "Prochaine purge automatique",
    off: "désactivée",
    recordings: "Enregistrements stockés",
    last_purge: "Dernière purge",
    never: "jamais",
    purge: "Purger l'historique vocal",
    purge_all: "Purger l'historique vocal de tous les assistants",
    purge_question: "Supprimer l'historique vocal de {name} ? Tout ce que Voice Privacy peut atteindre est supprimé ; c'est irréversible.",
    purge_all_question: "Supprimer l'historique vocal de tous les assistants ? Tout ce que Voice Privacy peut atteindre est supprimé ; c'est irréversible.",
    cancel: "Annuler",
    delete: "Supprimer",
    failed: "Échec : {message}",
    unavailable: "indisponible",
    microphone: {
      live: "Actif",
      muted: "Coupé",
      powered_off: "Éteint",
      do_not_disturb: "Ne pas déranger (écoute toujours)",
      unknown: "Inconnu",
    },
    confirmed_by: {
      device: "confirmé par l'appareil",
      vendor_cloud: "signalé par le cloud du fabricant",
      home_assistant: "réglé dans Home Assistant seulement ; l'appareil ne confirme pas",
      integration: "signalé par son intégration",
      unknown: "impossible à savoir",
    },
    reasons: {
      microphone_control: "pas de bouton de coupure propre",
      privacy_mode: "aucune règle ne le garde privé",
      human_review: "écoute humaine chez le fabricant non déclarée désactivée",
      retention: "durée de conservation chez le fabricant non déclarée ou longue",
      history_purge: "pas de purge automatique",
    },
  },
  es: {
    title: "Privacidad de voz",
    description: "El micrófono, el modo privacidad y el historial de voz de cada asistente en un solo lugar.",
    home: "Casa",
    not_set_up: "Voice Privacy aún no está configurado. Añádelo en Ajustes > Dispositivos y servicios.",
    no_assistants: "Aún no hay asistentes de voz: añade uno en Ajustes > Dispositivos y servicios > Voice Privacy.",
    not_found: "No se encontró este asistente; puede que se haya eliminado.",
    privacy_mode: "Modo privacidad",
    privacy_mode_all: "Modo privacidad para todos",
    live_microphones: "Micrófonos activos",
    none_live: "ninguno",
    all_private: "Todos los micrófonos privados",
    yes: "Sí",
    no: "No",
    score: "Puntuación de privacidad",
    improve: "Para mejorar",
    nothing_to_improve: "Nada que mejorar",
    rules: "Reglas",
    schedule_active: "Horario de privacidad activo",
    no_schedule: "sin horario",
    next_auto_purge: "Próximo borrado automático",
    off: "desactivado",
    recordings: "Grabaciones guardadas",
    last_purge: "Último borrado",
    never: "nunca",
    purge: "Borrar historial de voz",
    purge_all: "Borrar el historial de voz de todos los asistentes",
    purge_question: "¿Borrar el historial de voz de {name}? Se borra todo lo que Voice Privacy alcanza; no se puede deshacer.",
    purge_all_question: "¿Borrar el historial de voz de todos los asistentes? Se borra todo lo que Voice Privacy alcanza; no se puede deshacer.",
    cancel: "Cancelar",
    delete: "Borrar",
    failed: "Error: {message}",
    unavailable: "no disponible",
    microphone: {
      live: "Activo",
      muted: "Silenciado",
      powered_off: "Apagado",
      do_not_disturb: "No molestar (sigue escuchando)",
      unknown: "Desconocido",
    },
    confirmed_by: {
      device: "confirmado por el dispositivo",
      vendor_cloud: "informado por la nube del fabricante",
      home_assistant: "solo fijado en Home Assistant; el dispositivo no lo confirma",
      integration: "informado por su integración",
      unknown: "no se puede saber",
    },
    reasons: {
      microphone_control: "sin interruptor de silencio propio",
      privacy_mode: "ninguna regla lo mantiene privado",
      human_review: "revisión humana del fabricante no declarada desactivada",
      retention: "conservación en el fabricante no declarada o larga",
      history_purge: "sin borrado automático",
    },
  },
  nl: {
    title: "Spraakprivacy",
    description: "De microfoon, privacymodus en spraakgeschiedenis van elke assistent op één plek.",
    home: "Thuis",
    not_set_up: "Voice Privacy is nog niet ingesteld. Voeg het toe onder Instellingen > Apparaten & diensten.",
    no_assistants: "Nog geen spraakassistent: voeg er een toe onder Instellingen > Apparaten & diensten > Voice Privacy.",
    not_found: "Deze assistent is niet gevonden; misschien is hij verwijderd.",
    privacy_mode: "Privacymodus",
    privacy_mode_all: "Privacymodus voor alle",
    live_microphones: "Actieve microfoons",
    none_live: "geen",
    all_private: "Alle microfoons privé",
    yes: "Ja",
    no: "Nee",
    score: "Privacyscore",
    improve: "Te verbeteren",
    nothing_to_improve: "Niets te verbeteren",
    rules: "Regels",
    schedule_active: "Privacyschema actief",
    no_schedule: "geen schema",
    next_auto_purge: "Volgende automatische opschoning",
    off: "uit",
    recordings: "Opgeslagen opnames",
    last_purge: "Laatst opgeschoond",
    never: "nooit",
    purge: "Spraakgeschiedenis wissen",
    purge_all: "Spraakgeschiedenis van alle assistenten wissen",
    purge_question: "Spraakgeschiedenis van {name} wissen? Alles wat Voice Privacy kan bereiken wordt gewist; dit kan niet ongedaan worden gemaakt.",
    purge_all_question: "Spraakgeschiedenis van alle assistenten wissen? Alles wat Voice Privacy kan bereiken wordt gewist; dit kan niet ongedaan worden gemaakt.",
    cancel: "Annuleren",
    delete: "Wissen",
    failed: "Mislukt: {message}",
    unavailable: "niet beschikbaar",
    microphone: {
      live: "Actief",
      muted: "Gedempt",
      powered_off: "Uitgeschakeld",
      do_not_disturb: "Niet storen (luistert nog)",
      unknown: "Onbekend",
    },
    confirmed_by: {
      device: "bevestigd door het apparaat",
      vendor_cloud: "gemeld door de cloud van de fabrikant",
      home_assistant: "alleen in Home Assistant gezet; het apparaat bevestigt niets",
      integration: "gemeld door zijn integratie",
      unknown: "niet te weten",
    },
    reasons: {
      microphone_control: "geen eigen dempknop",
      privacy_mode: "geen regel houdt hem privé",
      human_review: "menselijke beoordeling bij de fabrikant niet als uit opgegeven",
      retention: "bewaartermijn bij de fabrikant niet opgegeven of lang",
      history_purge: "geen automatische opschoning",
    },
  },
};

/** The language of the user's profile (`hass.locale`), else Home Assistant's, else English. */
function languageOf(hass) {
  const tag = (hass && ((hass.locale && hass.locale.language) || hass.language)) || "en";
  const base = String(tag).toLowerCase().split(/[-_]/)[0];
  return base in TEXTS ? base : "en";
}

function textsFor(hass) {
  return TEXTS[languageOf(hass)];
}

function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => (key in values ? values[key] : ""));
}

function escapeHtml(value) {
  return String(value ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  );
}

// ---------------------------------------------------------------------------------------------
// Finding the entities: the registry holds each entity's subentry (assistant) and unique id.

/**
 * Group the integration's registry entries into the hub's entities and one record per
 * assistant: `{hub: {key: entity_id}, assistants: [{id, name, entities: {key: entity_id}}]}`.
 */
function groupEntries(entries, hass) {
  const hub = {};
  const byAssistant = new Map();
  for (const entry of entries) {
    if (entry.platform !== DOMAIN || entry.disabled_by) continue;
    const owner = entry.config_subentry_id || entry.config_entry_id || "";
    const uniqueId = String(entry.unique_id ?? "");
    const key = uniqueId.startsWith(`${owner}_`)
      ? uniqueId.slice(owner.length + 1)
      : entry.translation_key || uniqueId;
    if (!entry.config_subentry_id) {
      hub[key] = entry.entity_id;
      continue;
    }
    let assistant = byAssistant.get(entry.config_subentry_id);
    if (!assistant) {
      assistant = { id: entry.config_subentry_id, deviceId: entry.device_id, entities: {} };
      byAssistant.set(entry.config_subentry_id, assistant);
    }
    assistant.entities[key] = entry.entity_id;
    assistant.deviceId = assistant.deviceId || entry.device_id;
  }
  const assistants = [...byAssistant.values()].map((assistant) => ({
    id: assistant.id,
    name: assistantName(hass, assistant),
    entities: assistant.entities,
  }));
  assistants.sort((a, b) => a.name.localeCompare(b.name));
  return { hub, assistants };
}

/** The name the user knows: the assistant's device, else the microphone's friendly name. */
function assistantName(hass, assistant) {
  const device = assistant.deviceId && hass.devices && hass.devices[assistant.deviceId];
  if (device && (device.name_by_user || device.name)) return device.name_by_user || device.name;
  const microphone = assistant.entities.microphone;
  const state = microphone && hass.states[microphone];
  return (state && state.attributes.friendly_name) || microphone || assistant.id;
}

// One registry read shared by every card and the strategy, redone when the registry changes
// (the frontend gives `hass.entities` a new identity then).
let registryCache = { entities: undefined, promise: undefined };

function discover(hass) {
  if (registryCache.entities !== hass.entities || !registryCache.promise) {
    const promise = hass
      .callWS({ type: "config/entity_registry/list" })
      .then((entries) => groupEntries(entries, hass));
    promise.catch(() => {
      if (registryCache.promise === promise) registryCache = { entities: undefined };
    });
    registryCache = { entities: hass.entities, promise };
  }
  return registryCache.promise;
}

// ---------------------------------------------------------------------------------------------
// The dashboard strategy.

class VoicePrivacyDashboardStrategy extends HTMLElement {
  static async generate(config, hass) {
    const texts = textsFor(hass);
    const { hub, assistants } = await discover(hass);
    const view = { title: texts.title, path: "voice-privacy", icon: "mdi:shield-lock-outline" };
    if (!Object.keys(hub).length && !assistants.length) {
      return {
        title: texts.title,
        views: [{ ...view, cards: [{ type: "markdown", content: texts.not_set_up }] }],
      };
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
      sections.push({ type: "grid", cards: [{ type: "markdown", content: texts.no_assistants }] });
    }
    return {
      title: texts.title,
      views: [{ ...view, type: "sections", max_columns: 3, badges, sections }],
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The card.

const MICROPHONE_ICONS = {
  live: "mdi:microphone",
  muted: "mdi:microphone-off",
  powered_off: "mdi:power-plug-off",
  do_not_disturb: "mdi:minus-circle-outline",
  unknown: "mdi:microphone-question",
};

class VoicePrivacyCard extends HTMLElement {
  constructor() {
    super();
    this._config = {};
    this._model = undefined;
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
    if (this._modelFor !== hass.entities) {
      // First time, or the registry changed: find the entities (again).
      const modelFor = hass.entities;
      this._modelFor = modelFor;
      discover(hass).then(
        (model) => {
          if (this._modelFor !== modelFor) return;
          this._model = model;
          this._signature = [];
          this._render();
        },
        (err) => {
          if (this._modelFor !== modelFor) return;
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

  _render() {
    if (!this._hass || !this._content) return;
    const texts = textsFor(this._hass);
    if (!this._model) {
      this._content.innerHTML = "";
      return;
    }
    const watched = this._watched();
    const signature = [...watched, languageOf(this._hass), this._isAdmin()];
    if (
      signature.length === this._signature.length &&
      signature.every((value, i) => value === this._signature[i])
    ) {
      return;
    }
    this._signature = signature;
    const parts = [];
    if (this._model.error) parts.push(`<p class="error">${escapeHtml(this._model.error)}</p>`);
    if (this._config.show_home) parts.push(this._renderHome(texts));
    const assistants = this._shownAssistants();
    for (const assistant of assistants) parts.push(this._renderAssistant(texts, assistant));
    if (!this._config.show_home && !assistants.length) {
      parts.push(`<p class="hint">${escapeHtml(texts.no_assistants)}</p>`);
    }
    this._content.innerHTML = parts.join("");
  }

  _state(entityId) {
    return entityId ? this._hass.states[entityId] : undefined;
  }

  _isAdmin() {
    return Boolean(this._hass.user && this._hass.user.is_admin);
  }

  _renderToggle(texts, entityId, label) {
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
    return `<p class="error" role="alert">${escapeHtml(format(textsFor(this._hass).failed, { message }))}</p>`;
  }

  _renderPurgeButton(texts, entityId, label, question) {
    if (!entityId || !this._isAdmin() || !this._state(entityId)) return "";
    const unavailable = this._state(entityId).state === "unavailable";
    return `<button type="button" class="purge" data-action="purge"
        data-entity="${escapeHtml(entityId)}" data-question="${escapeHtml(question)}"
        ${unavailable || this._pending.has(entityId) ? "disabled" : ""}>
        <ha-icon icon="mdi:delete-sweep-outline"></ha-icon><span>${escapeHtml(label)}</span>
      </button>${this._renderError(entityId)}`;
  }

  _renderReasons(texts, state) {
    if (!state) return "";
    const reasons = Array.isArray(state.attributes.reasons) ? state.attributes.reasons : [];
    const points = state.attributes.points || {};
    if (!reasons.length) {
      return `<p class="reasons">${escapeHtml(texts.nothing_to_improve)}</p>`;
    }
    const items = reasons.map((reason) => {
      const text = texts.reasons[reason] || reason;
      const lost =
        reason in SCORE_MAXIMUM && reason in points ? SCORE_MAXIMUM[reason] - points[reason] : 0;
      return `<li>${escapeHtml(text)}${lost > 0 ? ` <span class="lost">−${lost}</span>` : ""}</li>`;
    });
    return `<div class="reasons"><span>${escapeHtml(texts.improve)}:</span><ul>${items.join("")}</ul></div>`;
  }

  _scoreBadge(state) {
    if (!state || Number.isNaN(Number(state.state))) return "";
    const value = Number(state.state);
    const level = value >= 80 ? "good" : value >= 50 ? "fair" : "poor";
    return `<span class="score ${level}" data-score="${value}">${value}</span>`;
  }

  _renderHome(texts) {
    const hub = this._model.hub;
    if (!Object.keys(hub).length) return `<p class="hint">${escapeHtml(texts.not_set_up)}</p>`;
    const live = this._state(hub.live_microphones);
    const allPrivate = this._state(hub.all_private);
    const score = this._state(hub.privacy_score);
    const schedule = this._state(hub.schedule_active);
    const nextPurge = this._state(hub.next_auto_purge);
    const liveNames = live && Array.isArray(live.attributes.assistants) ? live.attributes.assistants : [];
    const liveCount = live ? live.state : "—";
    const rows = [
      [
        texts.live_microphones,
        `<span data-live="${escapeHtml(liveCount)}">${escapeHtml(liveCount)}</span>` +
          `<span class="secondary">${escapeHtml(liveNames.length ? liveNames.join(", ") : texts.none_live)}</span>`,
      ],
      [texts.all_private, this._yesNo(texts, allPrivate)],
      [texts.schedule_active, hub.schedule_active ? this._yesNo(texts, schedule) : escapeHtml(texts.no_schedule)],
      [texts.next_auto_purge, escapeHtml(this._formatTime(nextPurge, texts.off, false))],
    ];
    return `<section class="home" data-home>
      <div class="header">
        <ha-icon icon="mdi:home-sound-out"></ha-icon>
        <div class="name">${escapeHtml(texts.home)}</div>
        ${this._scoreBadge(score)}
      </div>
      <div class="row toggle-row">
        <span>${escapeHtml(texts.privacy_mode_all)}</span>
        ${this._renderToggle(texts, hub.privacy_mode_all, texts.privacy_mode_all)}
      </div>
      ${this._renderError(hub.privacy_mode_all)}
      <dl>${rows.map(([k, v]) => `<div class="row"><dt>${escapeHtml(k)}</dt><dd>${v}</dd></div>`).join("")}</dl>
      ${score ? `<div class="row"><dt>${escapeHtml(texts.score)}</dt><dd>${escapeHtml(score.state)} / 100</dd></div>` : ""}
      ${this._renderReasons(texts, score)}
      ${this._renderPurgeButton(texts, hub.purge_history_all, texts.purge_all, texts.purge_all_question)}
    </section>`;
  }

  _yesNo(texts, state) {
    if (!state) return "—";
    if (state.state === "on") return escapeHtml(texts.yes);
    if (state.state === "off") return escapeHtml(texts.no);
    return escapeHtml(texts.unavailable);
  }

  _formatTime(state, emptyText, relative) {
    if (!state || ["unknown", "unavailable", ""].includes(state.state)) return emptyText;
    const when = new Date(state.state);
    if (Number.isNaN(when.getTime())) return emptyText;
    const language = languageOf(this._hass);
    if (relative) {
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
    }
    return when.toLocaleString(language, {
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
    });
  }

  _renderAssistant(texts, assistant) {
    if (assistant.missing) {
      return `<section class="assistant"><p class="hint">${escapeHtml(texts.not_found)}</p></section>`;
    }
    const e = assistant.entities;
    const microphone = this._state(e.microphone);
    const micState = microphone ? microphone.state : "unknown";
    const known = microphone && texts.microphone[micState];
    const micText = known || texts.unavailable;
    const confirmedBy = microphone && microphone.attributes.confirmed_by;
    const how = confirmedBy ? texts.confirmed_by[confirmedBy] || confirmedBy : "";
    const recordings = this._state(e.stored_recordings);
    const rows = [];
    if (recordings) {
      const value = ["unknown", "unavailable"].includes(recordings.state) ? "—" : recordings.state;
      rows.push([texts.recordings, `<span data-recordings="${escapeHtml(value)}">${escapeHtml(value)}</span>`]);
    }
    if (e.last_purge) {
      rows.push([texts.last_purge, escapeHtml(this._formatTime(this._state(e.last_purge), texts.never, true))]);
    }
    const level = known ? micState : "unknown";
    const name = escapeHtml(assistant.name);
    return `<section class="assistant" data-assistant="${escapeHtml(assistant.id)}"
        data-name="${name}" data-microphone="${escapeHtml(micState)}">
      <div class="header">
        <ha-icon class="mic ${escapeHtml(level)}" icon="${MICROPHONE_ICONS[level] || MICROPHONE_ICONS.unknown}"></ha-icon>
        <div class="name">${name}</div>
        ${this._scoreBadge(this._state(e.privacy_score))}
      </div>
      <div class="row toggle-row">
        <div>
          <div class="state ${escapeHtml(level)}">${escapeHtml(micText)}</div>
          ${how ? `<div class="secondary how">${escapeHtml(how)}</div>` : ""}
        </div>
        ${this._renderToggle(texts, e.privacy_mode, `${texts.privacy_mode}: ${assistant.name}`)}
      </div>
      ${this._renderError(e.privacy_mode)}
      <dl>${rows.map(([k, v]) => `<div class="row"><dt>${escapeHtml(k)}</dt><dd>${v}</dd></div>`).join("")}</dl>
      ${this._renderReasons(texts, this._state(e.privacy_score))}
      ${this._renderPurgeButton(texts, e.purge_history, texts.purge, format(texts.purge_question, { name: assistant.name }))}
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
    const texts = textsFor(this._hass);
    this._purgeTarget = entityId;
    this._dialog.querySelector("#confirm-text").textContent = question;
    this._dialog.querySelector('[data-action="cancel"]').textContent = texts.cancel;
    this._dialog.querySelector('[data-action="confirm"]').textContent = texts.delete;
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

const pickerTexts = TEXTS[languageOf({ language: navigator.language })];
window.customCards = window.customCards || [];
if (!window.customCards.some((card) => card.type === CARD)) {
  window.customCards.push({
    type: CARD,
    name: pickerTexts.title,
    description: pickerTexts.description,
    preview: true,
    documentationURL: "https://github.com/voice-privacy/ha-voice-privacy#dashboard",
  });
}
window.customStrategies = window.customStrategies || [];
if (!window.customStrategies.some((s) => s.type === "voice-privacy")) {
  window.customStrategies.push({
    type: "voice-privacy",
    strategyType: "dashboard",
    name: pickerTexts.title,
    description: pickerTexts.description,
    documentationURL: "https://github.com/voice-privacy/ha-voice-privacy#dashboard",
  });
}
