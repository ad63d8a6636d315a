"""Benchmark: what Voice Privacy's sentences cost every sentence said to Assist.

Voice Privacy's sentences are one sentence trigger, and Home Assistant tries triggers before
its own intents, for every sentence anyone says. So the figure that matters is what the trigger
adds to a sentence that is not ours. Two in-process Home Assistants, one with the
conversation integration alone, one with Voice Privacy's sentences registered as well (its
`async_setup`; no hub is needed for the trigger):
1. the first sentence after start, which compiles every trigger sentence (once);
2. Home Assistant's own sentences ("turn on the kitchen light", ...) through the default
   agent, median and worst per sentence, with and without the trigger;
3. our own sentences, from recognition to the spoken answer ("Voice Privacy is not set up":
   the handler runs, nothing is switched);
4. the worst event-loop stall during 1-3.

Run: .venv/bin/python benchmarks/voice_sentences.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
import shutil
import statistics
import sys
import tempfile
import time

# Home Assistant first: it swaps voluptuous for probatio before anything imports it.
from homeassistant import loader
from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import frame, translation
from homeassistant.setup import async_setup_component

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from loop_stall import StallWatch
from pytest_homeassistant_custom_component.common import async_test_home_assistant

HOME_ASSISTANTS_OWN = [
    ("en", "turn on the kitchen light"),
    ("en", "what is the temperature in the living room"),
    ("en", "set a timer for 5 minutes"),
    ("en", "mute the TV"),
    ("de", "schalte das Licht in der Küche aus"),
    ("fr", "allume la lumière du salon"),
    ("es", "apaga las luces de la cocina"),
    ("nl", "zet de woonkamer lamp aan"),
]
OURS = [
    ("en", "turn on privacy mode in the bedroom for three hours"),
    ("en", "which microphones are live"),
    ("de", "Mikrofon aus"),
    ("fr", "coupe tous les micros jusqu'à 7 heures"),
    ("es", "desactiva el modo privacidad en todas partes"),
    ("nl", "zet de privacymodus in de slaapkamer aan"),
]


async def _say(hass: HomeAssistant, language: str, text: str) -> float:
    start = time.perf_counter()
    await conversation.async_converse(hass, text, None, Context(), language)
    return time.perf_counter() - start


async def run(with_voice_privacy: bool, repeat: int) -> dict[str, float]:
    """One Home Assistant: the first sentence, then every sentence `repeat` times."""
    config_dir = tempfile.mkdtemp(prefix="vp_voice_")
    try:
        async with async_test_home_assistant(config_dir=config_dir) as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
            frame.async_setup(hass)
            await translation.async_load_integrations(hass, {"homeassistant"})
            for domain in ("homeassistant", "conversation", "intent"):
                assert await async_setup_component(hass, domain, {})
            if with_voice_privacy:
                assert await async_setup_component(hass, "voice_privacy", {})
            await hass.async_block_till_done()
            async with StallWatch() as watch:
                first = await _say(hass, "en", "turn on the kitchen light")
                own = [await _say(hass, *s) for _ in range(repeat) for s in HOME_ASSISTANTS_OWN]
                ours = [await _say(hass, *s) for _ in range(repeat) for s in OURS]
            await hass.async_stop(force=True)
    finally:
        shutil.rmtree(config_dir, ignore_errors=True)
    return {
        "first_ms": first * 1000,
        "own_median_ms": statistics.median(own) * 1000,
        "own_max_ms": max(own) * 1000,
        "ours_median_ms": statistics.median(ours) * 1000,
        "ours_max_ms": max(ours) * 1000,
        "stall_ms": watch.worst * 1000,
    }


def main() -> None:
    """Measure Home Assistant alone, then with Voice Privacy's sentences; print both."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    alone = asyncio.run(run(with_voice_privacy=False, repeat=args.repeat))
    ours = asyncio.run(run(with_voice_privacy=True, repeat=args.repeat))
    print(f"{'ms':<44} {'HA alone':>10} {'with VP':>10}")
    rows = [
        ("first sentence after start", "first_ms"),
        ("HA's own sentences, median", "own_median_ms"),
        ("HA's own sentences, worst", "own_max_ms"),
        ("Voice Privacy sentences, median", "ours_median_ms"),
        ("Voice Privacy sentences, worst", "ours_max_ms"),
        ("worst event-loop stall", "stall_ms"),
    ]
    for label, key in rows:
        print(f"{label:<44} {alone[key]:10.1f} {ours[key]:10.1f}")


if __name__ == "__main__":
    main()
