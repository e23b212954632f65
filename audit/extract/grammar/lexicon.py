"""A profile turned into one pattern that cuts a sentence into the tokens of figure statements.

Tokens: subject phrases, measure phrases, scope words (week, ytd, prior period, change), 分别,
dates, document references, quotations, values, separators. The literal phrases of a profile are
compiled into one trie-shaped alternation, tried at a position only when its first character
can start one: a flat alternation of a hundred phrases made the engine try each at every
character. A longer phrase wins over a shorter one at the same position, so a subject that
contains a measure (受理工作手册) is read as the subject.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from audit.extract.grammar.values import PREFIX, UNIT_PATTERN, VALUE, Value, read_value
from audit.extract.numbers import CN_NUMERAL, NUMBER, parse_number
from audit.profiles.model import Metric, Profile

# A date, or part of one: 2023年9月1日, 9月1日, 2023年, 8月份, 13日 (after 至), 2023-09-01.
_DATE = (
    r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月\d{1,2}日|\d{1,2}月份?|(?<=[至到—-])\d{1,2}日"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
)
# Document numbers and ordinals: 〔2023〕29号, 第54号, 第3批, 令第54号, 12345热线.
_REFERENCE = r"〔\d{4}〕\d+号|第\d+(?:号|批|次|届|期|条|款|页|位|名)|\d+号|\d{5,}(?=热线|专线)|[Nn][Oo]\.\d+"
_RESPECTIVELY = r"分别为|分别是|分别达|分别"
_SEPARATORS = r"[，。；！？：（）]|、"


class Token(NamedTuple):
    kind: (
        str  # subject, measure, week, ytd, prior_year, prior_week, change, resp, date, ref, quote, value, sep
    )
    start: int
    end: int
    text: str
    subject: str = ""
    category_count: int | None = None
    value: Value | None = None


@dataclass(frozen=True)
class Lexicon:
    """The compiled pattern of a profile and what each of its phrases means."""

    pattern: re.Pattern[str]
    phrases: dict[str, tuple[str, str]]  # literal phrase -> (kind, subject id for a subject)
    counted: dict[str, str]  # group name of a phrase with {n} -> subject id
    measures: dict[str, dict[str, Metric]]  # measure phrase -> subject id -> metric
    unique: dict[str, str]  # measure phrase -> the one subject that has it
    numbered: re.Pattern[str]  # finds whether a text holds a number at all
    scopes: re.Pattern[str]  # the scope words alone, for a sentence without numbers
    measured: re.Pattern[str]  # finds whether a text holds a measure phrase at all
    subjected: re.Pattern[str]  # finds whether a text names a subject at all
    numbers: re.Pattern[str]  # quotations, dates, references and values alone


_LEXICONS: dict[tuple[str, str], Lexicon] = {}


def lexicon(profile: Profile) -> Lexicon:
    """Return the lexicon of ``profile`` (compiled once per profile)."""
    key = (profile.id, profile.digest)
    if key not in _LEXICONS:
        _LEXICONS[key] = _compile(profile)
    return _LEXICONS[key]


def _trie(words: list[str]) -> str:
    """Return a regular expression matching any of ``words``, the longest first at a position."""
    tree: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(tree)


def _charset(chars: Iterable[str]) -> str:
    """Return the body of a character class of ``chars`` (each once, in a stable order)."""
    return "".join(re.escape(c) for c in sorted(set(chars)))


def _guarded(alternatives: list[tuple[str, str]]) -> str:
    """Return ``alternatives`` (character class of its first characters, pattern) as one alternation.

    Each is guarded by the characters it can start with: at a position where it cannot match, the
    engine fails it on one set lookup instead of walking its branches.
    """
    return "|".join(f"(?=[{chars}]){body}" for chars, body in alternatives)


def _compile(profile: Profile) -> Lexicon:
    phrases: dict[str, tuple[str, str]] = {}
    counted: dict[str, str] = {}
    patterns: list[tuple[str, str]] = []
    numerals = CN_NUMERAL[1:-2]
    for s_index, subject in enumerate(profile.subjects):
        for p_index, phrase in enumerate(subject.phrases):
            if "{n}" in phrase:
                name = f"s{s_index}_{p_index}"
                counted[name] = subject.id
                body = re.escape(phrase).replace(r"\{n\}", "{n}").replace("{n}", f"(?P<{name}n>{NUMBER})")
                starts = "0-9" + _charset(numerals) if phrase.startswith("{n}") else _charset(phrase[0])
                patterns.append((starts, f"(?P<{name}>{body})"))
            else:
                phrases.setdefault(phrase, ("subject", subject.id))
    measures: dict[str, dict[str, Metric]] = {}
    for metric in profile.metrics:
        for phrase in metric.measures:
            measures.setdefault(phrase, {})[metric.subject] = metric
            phrases.setdefault(phrase, ("measure", ""))
    for kind, words in profile.words.items():
        for word in words:
            phrases.setdefault(word, (kind, ""))
    value_firsts = "0-9" + _charset("-+" + numerals + "".join(w[0] for w in PREFIX.split("|")))
    # A quotation (a title, a slogan) is read as one opaque token: its words are not measures.
    quote = ("“", r"(?P<quote>“[^“”]{0,60}”)")
    date = ("0-9", f"(?P<date>{_DATE})")
    ref = ("0-9" + _charset("〔第Nn"), f"(?P<ref>{_REFERENCE})")
    value = (value_firsts, f"(?P<value>{VALUE.pattern})")
    alternatives = [
        quote,
        date,
        ref,
        *patterns,
        (_charset(p[0] for p in phrases), f"(?P<phrase>{_trie(list(phrases))})"),
        ("分", f"(?P<resp>{_RESPECTIVELY})"),
        value,
        (_charset("，。；！？：（）、"), f"(?P<sep>{_SEPARATORS})"),
    ]
    first = "".join(chars for chars, _ in alternatives)
    bodies = [body for _, body in patterns]
    unique = {phrase: next(iter(by)) for phrase, by in measures.items() if len(by) == 1}
    numbered = re.compile(rf"\d|{CN_NUMERAL}(?:余|多)?[万亿]?(?:{UNIT_PATTERN})")
    scope_words = [w for kind in ("week", "ytd") for w in profile.words.get(kind, ())]
    return Lexicon(
        re.compile(f"(?=[{first}])(?:{_guarded(alternatives)})"),
        phrases,
        counted,
        measures,
        unique,
        numbered,
        re.compile(_trie(scope_words)),
        re.compile(_trie(list(measures))),
        re.compile("|".join([*bodies, _trie([p for p, (k, _) in phrases.items() if k == "subject"])])),
        re.compile(_guarded([quote, date, ref, value])),
    )


def number_tokens(lex: Lexicon, text: str, pos: int = 0) -> Iterator[Token]:
    """Yield the quotations, dates, references and values of a text that names no measure."""
    for match in lex.numbers.finditer(text, pos):
        group = match.lastgroup or ""
        value = read_value(match) if group == "value" else None
        yield Token(group, match.start(), match.end(), match[0], value=value)


def last_scope(lex: Lexicon, text: str, scope: str | None) -> str | None:
    """Return the scope a sentence without numbers leaves for the next one (its last scope word)."""
    for match in lex.scopes.finditer(text):
        scope = lex.phrases.get(match[0], (scope, ""))[0]
    return scope


def tokens(lex: Lexicon, text: str, pos: int = 0) -> Iterator[Token]:
    """Yield the tokens of ``text`` from ``pos`` on, in order (text between tokens is ignored)."""
    phrases = lex.phrases
    counted = lex.counted
    # Positional fields: a sentence has dozens of tokens and an archive millions of sentences.
    for match in lex.pattern.finditer(text, pos):
        # The outer group closes last, so ``lastgroup`` names the alternative that matched.
        group = match.lastgroup or ""
        start, end = match.span()
        word = match[0]
        if group == "phrase":
            kind, subject = phrases[word]
            yield Token(kind, start, end, word, subject)
        elif group == "value":
            yield Token("value", start, end, word, "", None, read_value(match))
        elif group in counted:
            count = match[group + "n"]
            parsed = parse_number(count) if count else None
            yield Token(
                "subject", start, end, word, counted[group], int(parsed) if parsed is not None else None
            )
        else:
            yield Token(group, start, end, word)
