"""Write the README's table of what Privacy by voice understands, from the tested phrasings.

Every example comes from `tests/sentences/<language>.yaml`, whose phrasings the tests say to
Home Assistant's own conversation agent: the README never claims a sentence no test says.
`tests/test_voice_words.py` fails when the README's table differs from what this prints.

Run: .venv/bin/python scripts/voice_examples.py [--write]
"""

from __future__ import annotations

import argparse
from pathlib import Path
import re
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests" / "sentences"
README = ROOT / "README.md"
START = "<!-- voice-examples:start -->"
END = "<!-- voice-examples:end -->"
PER_FAMILY = 2
FAMILIES = {
    "on": "privacy on",
    "duration": "for a while",
    "until": "until a time",
    "area": "in a room",
    "all": "everywhere",
    "off": "privacy off",
    "live": "which microphones are live",
    "delete": "delete my recordings",
}


# The family of an intent that has one whatever its slots.
FAMILY_OF_INTENT = {
    "VoicePrivacyOff": "off",
    "VoicePrivacyLiveMicrophones": "live",
    "VoicePrivacyDeleteRecordings": "delete",
}
# Otherwise (privacy on), the first slot it has, in this order, says which.
FAMILY_OF_SLOT = {"all_assistants": "all", "area": "area", "until": "until", "minutes": "duration"}


def family(intent: dict[str, Any]) -> str:
    """Which family a tested phrasing belongs to, from the intent and slots it must reach."""
    if (known := FAMILY_OF_INTENT.get(intent["name"])) is not None:
        return known
    slots = intent.get("slots", {})
    return next((key for slot, key in FAMILY_OF_SLOT.items() if slots.get(slot)), "on")


def table() -> str:
    """The markdown table: per language, the phrasings tested and examples per family."""
    header = "| | tested | " + " | ".join(FAMILIES.values()) + " |"
    lines = [header, "|" + " --- |" * (len(FAMILIES) + 2)]
    for path in sorted(TESTS.glob("*.yaml")):
        tests = yaml.safe_load(path.read_text(encoding="utf-8"))["tests"]
        examples: dict[str, list[str]] = {key: [] for key in FAMILIES}
        for group in tests:
            examples[family(group["intent"])].extend(group["sentences"])
        count = sum(len(group["sentences"]) for group in tests)
        cells = [
            ", ".join(f'"{s}"' for s in examples[key][:PER_FAMILY]).replace("|", "\\|")
            for key in FAMILIES
        ]
        lines.append(f"| {path.stem} | {count} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def readme_table() -> str:
    """The table as it stands in the README, between its markers."""
    text = README.read_text(encoding="utf-8")
    match = re.search(re.escape(START) + r"\n(.*?)\n?" + re.escape(END), text, re.DOTALL)
    return match.group(1).strip("\n") if match else ""


def main() -> None:
    """Print the table, or write it into the README between the markers."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if not args.write:
        print(table())
        return
    text = README.read_text(encoding="utf-8")
    start, end = text.index(START) + len(START), text.index(END)
    README.write_text(f"{text[:start]}\n{table()}\n{text[end:]}", encoding="utf-8")


if __name__ == "__main__":
    main()
