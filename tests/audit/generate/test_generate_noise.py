"""Export noise changes the look of an issue, never a figure."""

from __future__ import annotations

import random
import re
import unicodedata
from datetime import date

import pytest

from audit.generate.noise import ALL, FOOTER_RE, add_noise
from audit.generate.render import render
from audit.generate.series import generate_series

TEXTS = [render(s) for s in generate_series(6, seed=4, start=date(2024, 12, 9), style="mixed")]


def figures(text: str) -> list[str]:
    """Return the numbers of a text once page footers, spaces, breaks and separators are gone."""
    text = unicodedata.normalize("NFKC", text)
    text = "\n".join(line for line in text.split("\n") if not FOOTER_RE.match(line))
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    return re.findall(r"\d+(?:\.\d+)?", text)


@pytest.mark.parametrize("kind", [*ALL, "all"])
def test_noise_keeps_every_figure(kind: str) -> None:
    kinds = ALL if kind == "all" else (kind,)
    for i, text in enumerate(TEXTS):
        for seed in range(3):
            noisy = add_noise(text, random.Random(seed * 10 + i), kinds)
            assert figures(noisy) == figures(text)


@pytest.mark.parametrize("kind", ALL)
def test_each_kind_changes_something(kind: str) -> None:
    assert any(add_noise(t, random.Random(1), (kind,)) != t for t in TEXTS)


def test_kinds_look_like_real_exports() -> None:
    rng = random.Random(2)
    text = TEXTS[-1]
    assert re.search(r"[０-９]", add_noise(text, rng, ("fullwidth",)))
    assert re.search(r"\d{1,3},\d{3}", add_noise(text, rng, ("thousands",)))
    broken = add_noise(text, rng, ("linebreaks",))
    assert max(len(line) for line in broken.split("\n")) <= 40
    assert re.search(r"^(— \d+ —|-\d+-|- \d+ -)$", add_noise(text, rng, ("footers",)), re.MULTILINE)
    dashed = add_noise(text, rng, ("dashes",))
    period = next(line for line in dashed.split("\n") if re.match(r"（.*日.*日）$", line))
    assert "—" not in period or "——" in period


def test_noise_is_deterministic_and_checks_kinds() -> None:
    assert add_noise(TEXTS[0], random.Random(5)) == add_noise(TEXTS[0], random.Random(5))
    with pytest.raises(ValueError):
        add_noise(TEXTS[0], random.Random(5), ("smudges",))
