"""Export noise real copies of the report carry; every kind keeps each figure's value and the meaning.

Kinds, each selectable on its own: fullwidth (１２３ ，：（）), thousands (46,612), spacing
(spaces between figures and Chinese added or removed), linebreaks (hard breaks every 30–40
characters, inside words and figures too, as PDF exports do), blanklines (a blank line inside a
paragraph), footers (page-number lines "— 3 —", "-3-", "- 3 -" between paragraphs), dashes (the
period line's dash as - － ～ 至 ...) and brackets (half-/full-width brackets swapped per line).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable

from audit.generate.render import space_digits

_HAN = "\u4e00-\u9fff"
_HALF_TO_FULL = str.maketrans({**{str(d): chr(0xFF10 + d) for d in range(10)}, "%": "％"})
_PUNCT_TO_FULL = {":": "：", ";": "；", "(": "（", ")": "）", ",": "，"}
FOOTER_STYLES: tuple[str, ...] = ("— {n} —", "-{n}-", "- {n} -")
FOOTER_RE = re.compile(r"^\s*(?:—\s*\d+\s*—|-\s*\d+\s*-)\s*$")
PERIOD_DASHES: tuple[str, ...] = ("-", "－", "～", "~", "至", "——", "–")


def _lines_map(text: str, fn: Callable[[str], str]) -> str:
    """Return ``text`` with ``fn`` applied to each line."""
    return "\n".join(fn(line) for line in text.split("\n"))


def fullwidth(text: str, rng: random.Random) -> str:
    """Return ``text`` with digits, % and ASCII punctuation turned full-width on about half the lines."""

    def convert(line: str) -> str:
        if not line.strip() or rng.random() < 0.5:
            return line
        line = line.translate(_HALF_TO_FULL)
        # A comma between digits is a thousands separator; a full-width one there would read as a list.
        return re.sub(
            r"[:;(),]",
            lambda m: m.group() if _between_digits(line, m.start()) else _PUNCT_TO_FULL[m.group()],
            line,
        )

    return _lines_map(text, convert)


def _between_digits(line: str, i: int) -> bool:
    """Return True when the character at ``i`` sits between two digits."""
    return 0 < i < len(line) - 1 and line[i - 1].isdigit() and line[i + 1].isdigit()


def thousands(text: str, rng: random.Random) -> str:
    """Return ``text`` with thousands separators in figures of five digits or more, on most lines."""

    def group(m: re.Match[str]) -> str:
        return f"{int(m.group()):,}"

    def convert(line: str) -> str:
        if rng.random() < 0.3:
            return line
        return re.sub(r"(?<![\d.,])\d{5,}(?![\d.,]|\s*年)", group, line)

    return _lines_map(text, convert)


def spacing(text: str, rng: random.Random) -> str:
    """Return ``text`` with the spaces between figures and Chinese added or removed, paragraph by paragraph."""

    def convert(para: str) -> str:
        choice = rng.random()
        if choice < 0.4:
            return re.sub(rf"(?<=[{_HAN}]) +(?=\d)|(?<=\d) +(?=[{_HAN}])", "", para)
        if choice < 0.7:
            return space_digits(para)
        return para

    return "\n\n".join(convert(p) for p in text.split("\n\n"))


def linebreaks(text: str, rng: random.Random) -> str:
    """Return ``text`` with hard line breaks every 30–40 characters inside long lines."""

    def convert(line: str) -> str:
        pieces = []
        while len(line) > 40:
            cut = rng.randint(30, 40)
            pieces.append(line[:cut])
            line = line[cut:]
        pieces.append(line)
        return "\n".join(pieces)

    return _lines_map(text, convert)


def blanklines(text: str, rng: random.Random) -> str:
    """Return ``text`` with a blank line inside one to three long paragraphs, never next to a figure."""
    paras = text.split("\n\n")
    long = [i for i, p in enumerate(paras) if len(p) >= 60 and not p.startswith("#")]
    for i in rng.sample(long, min(len(long), rng.randint(1, 3))):
        p = paras[i]
        cuts = [j for j in range(20, len(p) - 20) if _cjk(p[j - 1]) and _cjk(p[j])]
        if cuts:
            j = rng.choice(cuts)
            paras[i] = p[:j] + "\n\n" + p[j:]
    return "\n\n".join(paras)


def _cjk(ch: str) -> bool:
    """Return True for a Chinese character."""
    return "\u4e00" <= ch <= "\u9fff"


def footers(text: str, rng: random.Random) -> str:
    """Return ``text`` with page-number lines between paragraphs, every six to nine paragraphs."""
    style = rng.choice(FOOTER_STYLES)
    paras = text.rstrip("\n").split("\n\n")
    out: list[str] = []
    page, gap = 1, rng.randint(6, 9)
    for i, p in enumerate(paras, start=1):
        out.append(p)
        if i % gap == 0 and i < len(paras):
            out.append(style.format(n=page))
            page += 1
    out.append(style.format(n=page))
    return "\n\n".join(out) + "\n"


_PERIOD_LINE = re.compile(r"^(（[^（）\n]*?日\s*)—(\s*[^（）\n]*?日）)$", re.MULTILINE)


def dashes(text: str, rng: random.Random) -> str:
    """Return ``text`` with the period line's dash replaced by one of the variants real copies use."""
    return _PERIOD_LINE.sub(lambda m: m.group(1) + rng.choice(PERIOD_DASHES) + m.group(2), text)


def brackets(text: str, rng: random.Random) -> str:
    """Return ``text`` with the brackets of some lines switched between half- and full-width."""

    def convert(line: str) -> str:
        r = rng.random()
        if r < 0.2:
            return line.replace("（", "(").replace("）", ")")
        if r < 0.35:
            return line.replace("(", "（").replace(")", "）")
        return line

    return _lines_map(text, convert)


NOISES: dict[str, Callable[[str, random.Random], str]] = {
    "spacing": spacing,
    "thousands": thousands,
    "fullwidth": fullwidth,
    "dashes": dashes,
    "brackets": brackets,
    "linebreaks": linebreaks,
    "blanklines": blanklines,
    "footers": footers,
}
ALL: tuple[str, ...] = tuple(NOISES)


def add_noise(text: str, rng: random.Random, kinds: Iterable[str] = ALL) -> str:
    """Return ``text`` with the chosen kinds of export noise applied, in a fixed order."""
    chosen = set(kinds)
    unknown = chosen - set(NOISES)
    if unknown:
        raise ValueError(f"unknown noise kinds {sorted(unknown)}; known: {', '.join(ALL)}")
    for name, fn in NOISES.items():
        if name in chosen:
            text = fn(text, rng)
    return text
