"""What people say to Assist about privacy, and what it answers, in five languages.

Pure data and parsing, no Home Assistant. Each language has:
- sentence templates (hassil syntax) for privacy on and off, where `<scope>` stands for
  nothing (the assistant spoken to), an area (`{area}`) or every assistant, and `<time>` for
  nothing, a duration (`{duration}`) or an end time (`{time}`);
- sentences asking which microphones are live, and asking to delete one's recordings;
- the words of a duration ("30 minutes", "an hour") and of an end time ("7 am", "7 Uhr");
- the answers, with `{placeholders}`, and the word joining the last two names of a list.

A language without a dependable way to say an end time has no `until` template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta
import re

ON = "on"
OFF = "off"
HERE = "here"
AREA = "area"
ALL = "all"


@dataclass(frozen=True, slots=True)
class Language:
    """Sentences, duration words and answers of one language."""

    on: tuple[str, ...]
    off: tuple[str, ...]
    area: tuple[str, ...]
    all: tuple[str, ...]
    duration: tuple[str, ...]
    until: tuple[str, ...]
    live: tuple[str, ...]
    delete: tuple[str, ...]
    # Words meaning "one" before a unit ("an hour"), and the units.
    one: tuple[str, ...]
    minutes: tuple[str, ...]
    hours: tuple[str, ...]
    # Leading words of an area name to drop ("the bedroom" is "bedroom").
    articles: tuple[str, ...]
    answers: dict[str, str] = field(default_factory=dict)
    conjunction: str = "and"


LANGUAGES: dict[str, Language] = {
    "en": Language(
        on=(
            "(turn on|enable|start|activate) privacy [mode]<scope><time>",
            "mute the microphone[s]<scope><time>",
            "stop listening<time>",
        ),
        off=(
            "(turn off|disable|end|stop) privacy [mode]<scope><time>",
            "unmute the microphone[s]<scope><time>",
        ),
        area=(" in {area}",),
        all=(" everywhere", " for all assistants", " in the whole (house|home)"),
        duration=(" for {duration}",),
        until=(" until {time}",),
        live=(
            "which microphones are (live|on|listening) [now]",
            "(is|are) any microphone[s] (live|on|listening) [now]",
            "who is listening [now]",
        ),
        delete=(
            "(delete|erase|remove) my [voice] recordings",
            "(delete|erase|remove) what I said",
        ),
        one=("a", "an", "one"),
        minutes=("minute", "minutes", "min"),
        hours=("hour", "hours"),
        articles=("the",),
        answers={
            "on": "Privacy mode is on for {names}.",
            "off": "Privacy mode is off for {names}.",
            "until": "It ends by itself at {time}.",
            "self_muted": (
                "I can no longer hear you, so I cannot hear you unmute me: to end it early, "
                "press the mute button on this device or use the Home Assistant app."
            ),
            "self_powered_off": (
                "My power is cut now, so I cannot hear you unmute me: to end it early, use "
                "the Home Assistant app."
            ),
            "self_off": "I can hear you again.",
            "failed": "{names} could not be changed: {errors}.",
            "not_loaded": "Voice Privacy is not set up.",
            "unknown_device": (
                "I do not know which assistant I am. Name a room, or say all assistants."
            ),
            "unknown_area": "I know no area called {area}.",
            "no_assistant_in_area": "No voice assistant is in {area}.",
            "bad_duration": "I did not understand how long: {duration}.",
            "bad_time": "I did not understand until when: {time}.",
            "too_long": "That is too long; the longest is {days} days.",
            "live": "Live microphones: {names}.",
            "unknown": "Not known to be private: {names}.",
            "all_private": "All microphones are private.",
            "purge_off": (
                "Deleting recordings by voice is switched off. An administrator can switch "
                "it on in Voice Privacy's options."
            ),
            "purge_not_admin": "Only an administrator may delete recordings.",
            "purge_removed_files": "{files} debug recordings deleted",
            "purge_removed_recorder": "its history in Home Assistant deleted",
            "purge_requested": "deletion requested from the vendor, which does not confirm it",
            "purge_failed": "{source} failed ({reason})",
            "purge_nothing": "There was nothing to delete for {name}.",
            "purge_done": "{name}: {parts}.",
        },
    ),
    "de": Language(
        on=(
            "(schalte|mach|mache) [den] Privatsphäremodus<scope><time> (an|ein)",
            "aktiviere [den] Privatsphäremodus<scope><time>",
            "(schalte|mach|mache) [die] Mikrofon[e]<scope><time> stumm",
            "hör<time> nicht mehr zu",
        ),
        off=(
            "(schalte|mach|mache) [den] Privatsphäremodus<scope><time> aus",
            "deaktiviere [den] Privatsphäremodus<scope><time>",
            "(schalte|mach|mache) [die] Mikrofon[e]<scope><time> wieder an",
        ),
        area=(" (im|in der|in dem|in) {area}",),
        all=(" überall", " für alle Assistenten", " im ganzen Haus"),
        duration=(" für {duration}",),
        until=(" bis {time}",),
        live=(
            "welche Mikrofone sind [gerade|jetzt] (an|aktiv|offen)",
            "(ist|sind) [gerade|jetzt] (ein|irgendein|Mikrofone|Mikrofon) (an|aktiv|offen)",
            "wer hört [gerade|jetzt] zu",
        ),
        delete=(
            "lösche meine [Sprach]aufnahmen",
            "lösche was ich gesagt habe",
        ),
        one=("eine", "einer", "ein", "einen"),
        minutes=("minute", "minuten", "min"),
        hours=("stunde", "stunden"),
        articles=("dem", "der", "den", "das", "die"),
        answers={
            "on": "Der Privatsphäremodus ist an für {names}.",
            "off": "Der Privatsphäremodus ist aus für {names}.",
            "until": "Er endet von selbst um {time}.",
            "self_muted": (
                "Ich höre dich jetzt nicht mehr, also auch nicht, wenn du mich wieder "
                "einschalten willst: Um es früher zu beenden, drücke die Stummtaste an "
                "diesem Gerät oder nutze die Home-Assistant-App."
            ),
            "self_powered_off": (
                "Mein Strom ist jetzt aus, also höre ich dich nicht mehr: Um es früher zu "
                "beenden, nutze die Home-Assistant-App."
            ),
            "self_off": "Ich höre dich wieder.",
            "failed": "{names} konnte nicht geändert werden: {errors}.",
            "not_loaded": "Voice Privacy ist nicht eingerichtet.",
            "unknown_device": (
                "Ich weiß nicht, welcher Assistent ich bin. Nenne einen Raum oder sag alle "
                "Assistenten."
            ),
            "unknown_area": "Ich kenne keinen Bereich namens {area}.",
            "no_assistant_in_area": "In {area} ist kein Sprachassistent.",
            "bad_duration": "Ich habe nicht verstanden, wie lange: {duration}.",
            "bad_time": "Ich habe nicht verstanden, bis wann: {time}.",
            "too_long": "Das ist zu lang; höchstens {days} Tage.",
            "live": "Aktive Mikrofone: {names}.",
            "unknown": "Nicht sicher stumm: {names}.",
            "all_private": "Alle Mikrofone sind stumm oder aus.",
            "purge_off": (
                "Das Löschen von Aufnahmen per Sprache ist ausgeschaltet. Ein Administrator "
                "kann es in den Optionen von Voice Privacy einschalten."
            ),
            "purge_not_admin": "Nur ein Administrator darf Aufnahmen löschen.",
            "purge_removed_files": "{files} Debug-Aufnahmen gelöscht",
            "purge_removed_recorder": "sein Verlauf in Home Assistant gelöscht",
            "purge_requested": ("Löschung beim Hersteller angefragt, der sie nicht bestätigt"),
            "purge_failed": "{source} fehlgeschlagen ({reason})",
            "purge_nothing": "Für {name} gab es nichts zu löschen.",
            "purge_done": "{name}: {parts}.",
        },
        conjunction="und",
    ),
    "fr": Language(
        on=(
            "(active|allume) [le] mode (confidentialité|privé)<scope><time>",
            "coupe [le|les] micro[s]<scope><time>",
            "arrête d'écouter<time>",
        ),
        off=(
            "(désactive|éteins|arrête) [le] mode (confidentialité|privé)<scope><time>",
            "(réactive|rallume) [le|les] micro[s]<scope><time>",
        ),
        area=(" dans {area}",),
        all=(" partout", " pour tous les assistants", " dans toute la maison"),
        duration=(" pendant {duration}",),
        until=(" jusqu'à {time}",),
        live=(
            "quels micros sont (actifs|allumés|ouverts) [maintenant]",
            "(est-ce qu'un|un) micro est (actif|allumé|ouvert) [maintenant]",
            "qui écoute [maintenant]",
        ),
        delete=(
            "supprime mes enregistrements [vocaux]",
            "efface mes enregistrements [vocaux]",
            "efface ce que j'ai dit",
        ),
        one=("une", "un"),
        minutes=("minute", "minutes", "min"),
        hours=("heure", "heures"),
        articles=("la", "le", "les", "l'"),
        answers={
            "on": "Le mode confidentialité est activé pour {names}.",
            "off": "Le mode confidentialité est désactivé pour {names}.",
            "until": "Il se termine tout seul à {time}.",
            "self_muted": (
                "Je ne t'entends plus, donc je ne t'entendrai pas me demander de le "
                "désactiver : pour y mettre fin plus tôt, appuie sur le bouton muet de cet "
                "appareil ou utilise l'application Home Assistant."
            ),
            "self_powered_off": (
                "Mon alimentation est coupée, je ne t'entends plus : pour y mettre fin plus "
                "tôt, utilise l'application Home Assistant."
            ),
            "self_off": "Je t'entends de nouveau.",
            "failed": "Impossible de changer {names} : {errors}.",
            "not_loaded": "Voice Privacy n'est pas configuré.",
            "unknown_device": (
                "Je ne sais pas quel assistant je suis. Nomme une pièce, ou dis tous les "
                "assistants."
            ),
            "unknown_area": "Je ne connais aucune pièce appelée {area}.",
            "no_assistant_in_area": "Aucun assistant vocal n'est dans {area}.",
            "bad_duration": "Je n'ai pas compris combien de temps : {duration}.",
            "bad_time": "Je n'ai pas compris jusqu'à quand : {time}.",
            "too_long": "C'est trop long ; au plus {days} jours.",
            "live": "Micros actifs : {names}.",
            "unknown": "Pas sûrement coupés : {names}.",
            "all_private": "Tous les micros sont coupés.",
            "purge_off": (
                "La suppression des enregistrements à la voix est désactivée. Un "
                "administrateur peut l'activer dans les options de Voice Privacy."
            ),
            "purge_not_admin": "Seul un administrateur peut supprimer des enregistrements.",
            "purge_removed_files": "{files} enregistrements de débogage supprimés",
            "purge_removed_recorder": "son historique dans Home Assistant supprimé",
            "purge_requested": ("suppression demandée au fabricant, qui ne la confirme pas"),
            "purge_failed": "échec de {source} ({reason})",
            "purge_nothing": "Il n'y avait rien à supprimer pour {name}.",
            "purge_done": "{name} : {parts}.",
        },
        conjunction="et",
    ),
    "es": Language(
        on=(
            "(activa|enciende) [el] modo (privacidad|privado)<scope><time>",
            "silencia [el|los] micrófono[s]<scope><time>",
            "deja de escuchar<time>",
        ),
        off=(
            "(desactiva|apaga) [el] modo (privacidad|privado)<scope><time>",
            "(reactiva|vuelve a activar) [el|los] micrófono[s]<scope><time>",
        ),
        area=(" en {area}",),
        all=(" en todas partes", " para todos los asistentes", " en toda la casa"),
        duration=(" (durante|por) {duration}",),
        until=(" hasta [las|la] {time}",),
        live=(
            "qué micrófonos están (activos|encendidos|abiertos) [ahora]",
            "(hay algún|algún) micrófono (activo|encendido|abierto) [ahora]",
            "quién está escuchando [ahora]",
        ),
        delete=(
            "(borra|elimina) mis grabaciones [de voz]",
            "(borra|elimina) lo que he dicho",
        ),
        one=("una", "un", "uno"),
        minutes=("minuto", "minutos", "min"),
        hours=("hora", "horas"),
        articles=("el", "la", "los", "las"),
        answers={
            "on": "El modo privacidad está activado para {names}.",
            "off": "El modo privacidad está desactivado para {names}.",
            "until": "Termina solo a las {time}.",
            "self_muted": (
                "Ya no te oigo, así que no oiré que me pidas desactivarlo: para terminarlo "
                "antes, pulsa el botón de silencio de este dispositivo o usa la app de "
                "Home Assistant."
            ),
            "self_powered_off": (
                "Mi corriente está cortada, ya no te oigo: para terminarlo antes, usa la app "
                "de Home Assistant."
            ),
            "self_off": "Vuelvo a oírte.",
            "failed": "No se pudo cambiar {names}: {errors}.",
            "not_loaded": "Voice Privacy no está configurado.",
            "unknown_device": (
                "No sé qué asistente soy. Di una habitación o todos los asistentes."
            ),
            "unknown_area": "No conozco ninguna zona llamada {area}.",
            "no_assistant_in_area": "No hay ningún asistente de voz en {area}.",
            "bad_duration": "No entendí cuánto tiempo: {duration}.",
            "bad_time": "No entendí hasta cuándo: {time}.",
            "too_long": "Es demasiado; como mucho {days} días.",
            "live": "Micrófonos activos: {names}.",
            "unknown": "Sin certeza de que estén silenciados: {names}.",
            "all_private": "Todos los micrófonos están silenciados.",
            "purge_off": (
                "Borrar grabaciones por voz está desactivado. Un administrador puede "
                "activarlo en las opciones de Voice Privacy."
            ),
            "purge_not_admin": "Solo un administrador puede borrar grabaciones.",
            "purge_removed_files": "{files} grabaciones de depuración borradas",
            "purge_removed_recorder": "su historial en Home Assistant borrado",
            "purge_requested": "borrado pedido al fabricante, que no lo confirma",
            "purge_failed": "{source} falló ({reason})",
            "purge_nothing": "No había nada que borrar para {name}.",
            "purge_done": "{name}: {parts}.",
        },
        conjunction="y",
    ),
    "nl": Language(
        on=(
            "(zet|schakel) [de] privacymodus<scope><time> (aan|in)",
            "activeer [de] privacymodus<scope><time>",
            "(demp|dempen) [de] microfoon[s]<scope><time>",
            "stop met luisteren<time>",
        ),
        off=(
            "(zet|schakel) [de] privacymodus<scope><time> uit",
            "deactiveer [de] privacymodus<scope><time>",
        ),
        area=(" in {area}",),
        all=(" overal", " voor alle assistenten", " in het hele huis"),
        duration=(" voor {duration}",),
        until=(" tot {time}",),
        live=(
            "welke microfoons staan [nu] (aan|open)",
            "(staat|is) er [nu] een microfoon (aan|open)",
            "wie luistert er [nu] [mee]",
        ),
        delete=(
            "verwijder mijn [spraak]opnames",
            "wis mijn [spraak]opnames",
            "verwijder wat ik gezegd heb",
        ),
        one=("een", "één"),
        minutes=("minuut", "minuten", "min"),
        hours=("uur", "uren"),
        articles=("de", "het"),
        answers={
            "on": "De privacymodus staat aan voor {names}.",
            "off": "De privacymodus staat uit voor {names}.",
            "until": "Hij stopt vanzelf om {time}.",
            "self_muted": (
                "Ik hoor je nu niet meer, dus ook niet als je me weer aan wilt zetten: om "
                "het eerder te beëindigen, druk op de dempknop van dit apparaat of gebruik "
                "de Home Assistant-app."
            ),
            "self_powered_off": (
                "Mijn stroom is nu uit, dus ik hoor je niet meer: om het eerder te beëindigen, "
                "gebruik de Home Assistant-app."
            ),
            "self_off": "Ik hoor je weer.",
            "failed": "{names} kon niet worden gewijzigd: {errors}.",
            "not_loaded": "Voice Privacy is niet ingesteld.",
            "unknown_device": (
                "Ik weet niet welke assistent ik ben. Noem een ruimte, of zeg alle assistenten."
            ),
            "unknown_area": "Ik ken geen ruimte met de naam {area}.",
            "no_assistant_in_area": "Er is geen spraakassistent in {area}.",
            "bad_duration": "Ik begreep niet hoe lang: {duration}.",
            "bad_time": "Ik begreep niet tot wanneer: {time}.",
            "too_long": "Dat is te lang; hooguit {days} dagen.",
            "live": "Microfoons die aan staan: {names}.",
            "unknown": "Niet zeker gedempt: {names}.",
            "all_private": "Alle microfoons zijn gedempt of uit.",
            "purge_off": (
                "Opnames per spraak verwijderen staat uit. Een beheerder kan het aanzetten "
                "in de opties van Voice Privacy."
            ),
            "purge_not_admin": "Alleen een beheerder mag opnames verwijderen.",
            "purge_removed_files": "{files} debugopnames verwijderd",
            "purge_removed_recorder": "zijn geschiedenis in Home Assistant verwijderd",
            "purge_requested": ("verwijdering gevraagd aan de fabrikant, die het niet bevestigt"),
            "purge_failed": "{source} mislukt ({reason})",
            "purge_nothing": "Er was niets te verwijderen voor {name}.",
            "purge_done": "{name}: {parts}.",
        },
        conjunction="en",
    ),
}
DEFAULT_LANGUAGE = "en"


def language(code: str | None) -> Language:
    """The language of a conversation ("de-CH" is German); English for any other."""
    base = (code or DEFAULT_LANGUAGE).replace("_", "-").split("-")[0].lower()
    return LANGUAGES.get(base, LANGUAGES[DEFAULT_LANGUAGE])


def privacy_sentences(lang: Language, enabled: bool) -> dict[tuple[str, str], list[str]]:
    """Every privacy sentence of a language, by (scope, time kind)."""
    scopes = {HERE: ("",), AREA: lang.area, ALL: lang.all}
    times = {"": ("",), "duration": lang.duration, "until": lang.until}
    sentences: dict[tuple[str, str], list[str]] = {}
    for template in lang.on if enabled else lang.off:
        for scope, scope_parts in scopes.items():
            if "<scope>" not in template and scope != HERE:
                continue
            for kind, time_parts in times.items():
                sentences.setdefault((scope, kind), []).extend(
                    template.replace("<scope>", scope_part).replace("<time>", time_part)
                    for scope_part in scope_parts
                    for time_part in time_parts
                )
    return sentences


def answer(lang: Language, key: str, **placeholders: object) -> str:
    """One answer, filled in."""
    return lang.answers[key].format(**placeholders)


def join(lang: Language, names: list[str]) -> str:
    """Names as a list is said: "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {lang.conjunction} {names[-1]}"


def parse_duration(lang: Language, text: str) -> timedelta | None:
    """A spoken duration: "30 minutes", "an hour", "1 hour 30 minutes"; None if not one."""
    words = [word.strip(",") for word in text.lower().split()]
    total = timedelta()
    count: float | None = None
    found = False
    for word in words:
        if re.fullmatch(r"\d+([.,]\d+)?", word):
            count = float(word.replace(",", "."))
        elif word in lang.one:
            count = 1
        elif word in lang.minutes or word in lang.hours:
            if count is None:
                return None
            unit = timedelta(minutes=1) if word in lang.minutes else timedelta(hours=1)
            total += count * unit
            count = None
            found = True
        elif word not in (lang.conjunction, "und", "et", "y", "en", "and"):
            return None
    if not found or count is not None or total <= timedelta():
        return None
    return total


HALF_DAY = 12
_TIME = re.compile(
    r"^(?:(?:las|la|om)\s+)?(\d{1,2})(?:\s*[:.h]\s*(\d{2})|\s+(?:uhr|uur|heures?|h)\s*(\d{2})?)?"
    r"(?:\s*(?:uhr|uur|heures?|h|o'?clock))?\s*(am|pm|a\.m\.|p\.m\.)?$"
)


def parse_time(text: str) -> time | None:
    """A spoken time of day: "7", "7 am", "7:30 pm", "7 Uhr", "7 h 30"; None if not one."""
    match = _TIME.match(text.strip().lower())
    if match is None:
        return None
    hour = int(match.group(1))
    minute = int(match.group(2) or match.group(3) or 0)
    if meridiem := match.group(4):
        if not 1 <= hour <= HALF_DAY:
            return None
        hour = hour % HALF_DAY + (HALF_DAY if meridiem.startswith("p") else 0)
    try:
        return time(hour, minute)
    except ValueError:
        return None
