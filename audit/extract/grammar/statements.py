"""Bind the tokens of a sentence into figure statements: subject + measure + value, in a scope.

Read as a reader reads: a subject, a scope word (本周, 今年以来) and a prior-period word (去年同期)
carry from clause to clause until another replaces them; a change word (同比增长, 较上周增加) holds
for its clause. Measures wait for their values: 受理X件、办结Y件 binds each in turn, 受理、办结
分别为X件、Y件 binds them in order, and a subject named after the value (完成31个办理项) still
counts. Every value gets a role; a value next to a measure that cannot be bound for sure is
``unclear``, so that the caller can name the sentence instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from audit.extract.grammar.lexicon import Lexicon, Token, last_scope, number_tokens, tokens
from audit.extract.grammar.values import Value
from audit.profiles.model import Metric, Profile

#: Separators that end a clause; 、 and ： join the parts of one.
CLAUSE_END = frozenset("，；。！？（）")
_DIGITS = re.compile(r"\d+")
SCOPE_KINDS = ("week", "ytd")
PRIOR_KINDS = ("prior_year", "prior_week")


@dataclass
class Statement:
    """A value bound to a metric in a scope (week, ytd, prior_year, prior_week or change)."""

    metric: Metric
    scope: str
    value: Value
    subject: Token | None
    parts: list[Value] = field(default_factory=list)

    @property
    def total(self) -> float | None:
        if not self.parts:
            return self.value.value
        values = [self.value.value, *(p.value for p in self.parts)]
        return None if None in values else float(sum(v for v in values if v is not None))


class Role(NamedTuple):
    """The role of one number that is not a current figure: date, count, prior, change, unclear ..."""

    start: int
    end: int
    raw: str
    role: str
    value: Value | None = None
    metric: str = ""
    scope: str = ""
    problem: str = ""


@dataclass
class Reading:
    statements: list[Statement]
    roles: list[Role]
    scope: str | None
    subjects: list[Token] = field(default_factory=list)


@dataclass
class _Clause:
    pending: list[Token] = field(default_factory=list)
    bound: set[int] = field(default_factory=set)
    respectively: bool = False
    change: bool = False
    last: Statement | None = None
    previous: str = ""
    measured: bool = False
    valued: bool = False


def _implied(lex: Lexicon, toks: list[Token]) -> str | None:
    """Return the one subject the measures of a sentence point at, when only one has them.

    Two of its own measures are needed (咨询…颁发…流转): one verb alone (完成 31 个高频事项) is
    narrative as often as it is a figure.
    """
    found = [lex.unique[t.text] for t in toks if t.kind == "measure" and t.text in lex.unique]
    return found[0] if len(set(found)) == 1 and len(found) >= 2 else None


def _next_subjects(toks: list[Token]) -> list[Token | None]:
    """Return, for each token, a subject named later in its clause (完成31个办理项), past any parenthesis.

    One backward pass: looking forward from every value would be quadratic in a clause of many.
    """
    found: list[Token | None] = [None] * len(toks)
    current: Token | None = None
    outer: list[Token | None] = []
    for index in range(len(toks) - 1, -1, -1):
        found[index] = current
        token = toks[index]
        if token.kind == "subject":
            current = token
        elif token.kind == "sep" and token.text == "）":
            outer.append(current)
            current = None
        elif token.kind == "sep" and token.text == "（":
            current = outer.pop() if outer else None
        elif token.kind == "sep" and token.text in CLAUSE_END:
            current = None
    return found


def read_sentence(
    lex: Lexicon,
    profile: Profile,
    text: str,
    scope: str | None = None,
    start: int = 0,
    context: str | None = None,
) -> Reading:
    """Return the statements and number roles of one sentence from ``start`` on.

    ``scope`` is the scope carried in from the sentences before it in the paragraph; ``context``
    the subject its section heading names (（一）省本级综窗办件情况), used when the sentence names none.
    """
    if not _may_bind(lex, text, start, context):
        # Without a measure, or a subject for it, no number can be a figure: dates, references
        # and counts only (most narrative sentences).
        return Reading([], _plain_roles(lex, text, start), last_scope(lex, text, scope))
    toks = list(tokens(lex, text, start))
    implied = _implied(lex, toks) or context
    later = _next_subjects(toks)
    named = any(t.kind == "subject" for t in toks)
    statements: list[Statement] = []
    roles: list[Role] = []
    subjects: list[Token] = []
    subject: Token | None = None
    prior: str | None = None
    prior_clause = -1
    clause_no = 0
    clause = _Clause()
    stack: list[tuple[_Clause, int, str | None, int]] = []
    last_measure: Token | None = None
    for index, token in enumerate(toks):
        kind = token.kind
        if kind == "sep":
            if token.text == "（":
                # A parenthesis is a clause of its own inside the clause around it: 受理（件）332407
                # keeps 受理 waiting, and 上年同期 inside （上年同期300000件） stays inside.
                stack.append((clause, clause_no, prior, prior_clause))
                clause, clause_no = _Clause(), clause_no + 1
            elif token.text == "）" and stack:
                clause, clause_no, prior, prior_clause = stack.pop()
            elif token.text in CLAUSE_END:
                if prior and prior_clause == clause_no and clause.valued and not clause.measured:
                    # 受理A件，上年同期为B件，办结C件: an aside on the figure before, not a passage.
                    prior = None
                clause, clause_no = _Clause(), clause_no + 1
            clause.previous = "、" if token.text == "、" else "sep"
            continue
        if kind == "subject":
            subject = token
            subjects.append(token)
        elif kind in SCOPE_KINDS:
            scope = kind
            if prior and clause_no != prior_clause:
                prior = None
        elif kind in PRIOR_KINDS:
            prior, prior_clause = kind, clause_no
        elif kind == "change":
            clause.change = True
        elif kind == "resp":
            clause.respectively = True
        elif kind == "measure":
            if clause.last is not None and clause.previous != "measure":
                clause.pending = [m for i, m in enumerate(clause.pending) if i not in clause.bound]
                clause.bound = set()
            clause.pending.append(token)
            clause.measured = True
            last_measure = token
        elif kind == "date":
            roles.append(Role(token.start, token.end, token.text, "date"))
            if token.text.endswith("1月1日") and text[token.end : token.end + 1] in ("至", "起", "以"):
                scope = "ytd"
                if prior and clause_no != prior_clause:
                    prior = None
        elif kind == "ref":
            roles.append(Role(token.start, token.end, token.text, "reference"))
        elif kind == "quote":
            roles.extend(
                Role(token.start + m.start(), token.start + m.end(), m[0], "reference")
                for m in _DIGITS.finditer(token.text)
            )
        elif kind == "value" and token.value is not None:
            clause.valued = True
            _value(
                lex,
                profile,
                named,
                token.value,
                clause,
                statements,
                roles,
                subject or later[index],
                implied,
                scope,
                prior,
                last_measure,
            )
        clause.previous = kind
    return Reading(statements, roles, scope, subjects)


def _value(
    lex: Lexicon,
    profile: Profile,
    named: bool,
    value: Value,
    clause: _Clause,
    statements: list[Statement],
    roles: list[Role],
    subject: Token | None,
    implied: str | None,
    scope: str | None,
    prior: str | None,
    last_measure: Token | None,
) -> None:
    unbound = [i for i in range(len(clause.pending)) if i not in clause.bound]
    measure: Token | None = None
    if unbound and (clause.respectively or len(unbound) == 1):
        measure = clause.pending[unbound[0]]
    elif (
        len(unbound) > 1 and (subject or implied) and _fits(lex, [clause.pending[i] for i in unbound], value)
    ):
        # 受理、办结12件: one value, several measures and no 分别 — which one is it?
        clause.bound.update(unbound)
        roles.append(Role(value.start, value.end, value.raw, "unclear", value, problem="measures"))
        return
    elif clause.last is not None and clause.last.metric.parts_add_up and clause.previous == "、":
        clause.last.parts.append(value)
        roles.append(Role(value.start, value.end, value.raw, "part", value, clause.last.metric.id))
        return
    elif (prior or clause.change) and last_measure is not None:
        measure = last_measure
    elif clause.last is not None and clause.previous == "、":
        # 受理332407件、327016件: a second value for the same measure.
        roles.append(
            Role(value.start, value.end, value.raw, "unclear", value, clause.last.metric.id, problem="values")
        )
        return
    if measure is None:
        roles.append(Role(value.start, value.end, value.raw, _bare_role(value), value))
        return
    subject_id = subject.subject if subject is not None else implied
    metric = lex.measures[measure.text].get(subject_id or "")
    unit_ok = metric is not None and (not value.unit or value.unit == metric.unit)
    modifier = "change" if clause.change else prior
    if metric is None or (not unit_ok and modifier != "change"):
        # A measure whose subject cannot be told is narrative (完成 31 个高频事项), unless the
        # sentence names a subject of the series elsewhere: then it is a figure left unbound.
        if metric is None and named and not modifier and _fits(lex, [measure], value):
            roles.append(Role(value.start, value.end, value.raw, "unclear", value, problem="subject"))
            return
        roles.append(Role(value.start, value.end, value.raw, _bare_role(value), value))
        return
    clause.bound.add(clause.pending.index(measure) if measure in clause.pending else -1)
    if value.problem:
        roles.append(
            Role(
                value.start, value.end, value.raw, "unreadable", value, metric.id, scope or "", value.problem
            )
        )
        return
    if modifier:
        roles.append(
            Role(
                value.start,
                value.end,
                value.raw,
                "change" if modifier == "change" else "prior",
                value,
                metric.id,
                modifier,
            )
        )
        return
    chosen = scope
    default = profile.subject(metric.subject).scope if subject is not None else None
    if chosen is None:
        chosen = default
    if chosen not in metric.scopes:
        chosen = metric.scopes[0] if len(metric.scopes) == 1 else None
    if chosen is None:
        roles.append(Role(value.start, value.end, value.raw, "unclear", value, metric.id, problem="scope"))
        return
    statement = Statement(metric, chosen, value, subject)
    statements.append(statement)
    clause.last = statement


def _may_bind(lex: Lexicon, text: str, start: int, context: str | None) -> bool:
    """Return True when a value of ``text`` could be bound: a measure, and a subject for it."""
    measures = [m[0] for m in lex.measured.finditer(text, start)]
    if not measures:
        return False
    if context is not None or lex.subjected.search(text, start):
        return True
    unique = [lex.unique[m] for m in measures if m in lex.unique]
    return len(unique) >= 2 and len(set(unique)) == 1


def _plain_roles(lex: Lexicon, text: str, start: int) -> list[Role]:
    roles: list[Role] = []
    for token in number_tokens(lex, text, start):
        if token.kind == "value" and token.value is not None:
            roles.append(Role(token.start, token.end, token.text, _bare_role(token.value), token.value))
        elif token.kind == "quote":
            roles.extend(
                Role(token.start + m.start(), token.start + m.end(), m[0], "reference")
                for m in _DIGITS.finditer(token.text)
            )
        else:
            roles.append(
                Role(token.start, token.end, token.text, "date" if token.kind == "date" else "reference")
            )
    return roles


def _fits(lex: Lexicon, measures: list[Token], value: Value) -> bool:
    """Return True when ``value``'s unit is one that some metric of these measures is counted in."""
    return not value.unit or any(
        m.unit == value.unit for t in measures for m in lex.measures[t.text].values()
    )


def _bare_role(value: Value) -> str:
    if value.problem:
        return "unreadable"
    if value.unit and value.unit != "%":
        return "count"
    return "unclassified"
