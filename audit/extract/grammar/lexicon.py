"""A profile turned into one pattern that cuts a sentence into the tokens of figure statements.

Tokens: subject phrases, measure phrases, scope words (week, ytd, prior period, change), 分别,
dates, document references, values. Alternatives are tried longest first at each position, so
a subject that contains a measure (受理工作手册) is read as the subject.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from audit.extract.grammar.values import VALUE, Value, read_value
from audit.extract.numbers import NUMBER, parse_number
from audit.profiles.model import Metric, Profile

# A date, or part of one: 2023年9月1日, 9月1日, 2023年, 8月份, 13日 (after 至), 2023-09-01.
_DATE = r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月\d{1,2}日|\d{1,2}月份?|(?<=[至到—-])\d{1,2}日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
# Document numbers and ordinals: 〔2023〕29号, 第54号, 第3批, 令第54号, 12345热线.
_REFERENCE = r"〔\d{4}〕\d+号|第\d+(?:号|批|次|届|期|条|款|页|位|名)|\d+号|\d{5,}(?=热线|专线)|[Nn][Oo]\.\d+"
_RESPECTIVELY = r"分别为|分别是|分别达|分别"


@dataclass(frozen=True)
class Token:
    kind: str  # subject, measure, week, ytd, prior_year, prior_week, change, resp, date, ref, value, sep
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
    subjects: dict[str, str]  # phrase group name -> subject id
    measures: dict[str, dict[str, Metric]]  # measure phrase -> subject id -> metric
    unique: dict[str, str]  # measure phrase -> the one subject that has it


_LEXICONS: dict[tuple[str, str], Lexicon] = {}


def lexicon(profile: Profile) -> Lexicon:
    """Return the lexicon of ``profile`` (compiled once per profile)."""
    key = (profile.id, profile.digest)
    if key not in _LEXICONS:
        _LEXICONS[key] = _compile(profile)
    return _LEXICONS[key]


def _compile(profile: Profile) -> Lexicon:
    alternatives: list[tuple[int, str]] = []
    subjects: dict[str, str] = {}
    for s_index, subject in enumerate(profile.subjects):
        for p_index, phrase in enumerate(subject.phrases):
            name = f"s{s_index}_{p_index}"
            subjects[name] = subject.id
            body = re.escape(phrase).replace(r"\{n\}", "{n}").replace("{n}", f"(?P<{name}n>{NUMBER})")
            alternatives.append((len(phrase) + 10, f"(?P<{name}>{body})"))
    measures: dict[str, dict[str, Metric]] = {}
    for metric in profile.metrics:
        for phrase in metric.measures:
            measures.setdefault(phrase, {})[metric.subject] = metric
    words = [(w, k) for k, ws in profile.words.items() for w in ws]
    words += [(m, "measure") for m in measures]
    for text, kind in sorted(set(words), key=lambda item: -len(item[0])):
        alternatives.append((len(text), f"(?P<{kind}_{len(alternatives)}>{re.escape(text)})"))
    ordered = [alt for _, alt in sorted(alternatives, key=lambda a: -a[0])]
    pattern = "|".join(
        [
            # A quotation (a title, a slogan) is read as one opaque token: its words are not measures.
            r"(?P<quote>“[^“”]{0,60}”)",
            f"(?P<date>{_DATE})",
            f"(?P<ref>{_REFERENCE})",
            *ordered,
            f"(?P<resp>{_RESPECTIVELY})",
            f"(?P<value>{VALUE.pattern})",
            r"(?P<sep>[，。；！？：（）〔〕“”《》]|、)",
        ]
    )
    unique = {phrase: next(iter(by)) for phrase, by in measures.items() if len(by) == 1}
    return Lexicon(re.compile(pattern), subjects, measures, unique)


def tokens(lex: Lexicon, text: str, pos: int = 0) -> Iterator[Token]:
    """Yield the tokens of ``text`` from ``pos`` on, in order (text between tokens is ignored)."""
    for match in lex.pattern.finditer(text, pos):
        # The outer group closes last, so ``lastgroup`` names the alternative that matched.
        group = match.lastgroup or ""
        if group in ("date", "ref", "resp", "sep", "quote"):
            yield Token(group, match.start(), match.end(), match[0])
        elif group == "value":
            yield Token("value", match.start(), match.end(), match[0], value=read_value(match))
        else:
            if group in lex.subjects:
                count = match[group + "n"] if group + "n" in lex.pattern.groupindex else None
                parsed = parse_number(count) if count else None
                yield Token(
                    "subject",
                    match.start(),
                    match.end(),
                    match[0],
                    subject=lex.subjects[group],
                    category_count=int(parsed) if parsed is not None else None,
                )
            else:
                kind = group.rsplit("_", 1)[0]
                yield Token(kind, match.start(), match.end(), match[0])
