"""The message catalogue: every key in both languages, the same fields, plurals, locale detection."""

from __future__ import annotations

import re
import string

import pytest

from audit.errors import NoIssues
from audit.messages import MESSAGES, locale_language, say, set_language, text
from reports.text import render as render_text
from reports.xlsx_layout import SHEETS, STATUSES, WORDS

FIELD = string.Formatter()
CJK = re.compile(r"[\u4e00-\u9fff]")
# The same character twice in a row, where Chinese never doubles one (期期, 的的); 人人 or 天天 would be fine.
DOUBLED = re.compile(r"(期|的|第|件|条|行|了|是)\1")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in FIELD.parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_fields(key: str) -> None:
    zh, en = MESSAGES[key]
    assert zh.strip() and en.strip()
    assert CJK.search(zh), f"{key}: the Chinese text holds no Chinese"
    assert _fields(zh) == _fields(en), key
    assert not DOUBLED.search(zh), zh


@pytest.mark.parametrize(("key", "pairs"), [("sheets", SHEETS), ("statuses", STATUSES), ("words", WORDS)])
def test_workbook_labels_have_both_languages(key: str, pairs: dict[str, tuple[str, str]]) -> None:
    assert all(zh.strip() and en.strip() and CJK.search(zh) for zh, en in pairs.values()), key


@pytest.mark.parametrize(
    ("n", "english", "chinese"),
    [
        (1, "1 waiver written to w.yaml", "已将 1 条豁免写入 w.yaml"),
        (2, "2 waivers written to w.yaml", "已将 2 条豁免写入 w.yaml"),
        (0, "0 waivers written to w.yaml", "已将 0 条豁免写入 w.yaml"),
    ],
)
def test_english_is_pluralised(n: int, english: str, chinese: str) -> None:
    assert say("waivers_written", "en", n=n, path="w.yaml") == english
    assert say("waivers_written", "zh", n=n, path="w.yaml") == chinese


@pytest.mark.parametrize(
    ("counts", "line"),
    [
        ((1, 1, 1, 1), "1 issue, 1 figure: 1 error, 1 warning, 1 info, 0 waived, 0 unreadable files"),
        ((2, 5, 0, 3), "2 issues, 5 figures: 0 errors, 3 warnings, 1 info, 0 waived, 0 unreadable files"),
    ],
)
def test_text_summary_is_pluralised(counts: tuple[int, int, int, int], line: str) -> None:
    issues, facts, errors, warnings = counts
    summary = {
        "issues": issues,
        "facts": facts,
        "errors": errors,
        "warnings": warnings,
        "infos": 1,
        "waived": 0,
        "unreadable": 0,
    }
    data = {"issues": [{"source": "a.md"}] * issues, "findings": [], "summary": summary}
    assert render_text(data, "en").splitlines()[-1] == line


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LC_ALL": "zh_CN.GB18030", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_locale_chooses_the_language(env: dict[str, str], lang: str) -> None:
    assert locale_language(env) == lang


def test_errors_render_in_the_language_of_the_run() -> None:
    error = NoIssues("drafts/", text("no_issues"), text("no_issues.hint"))
    set_language("zh")
    assert (
        str(error)
        == "drafts/: 未找到任何期次文件（.md、.txt、.docx、.pdf）；请检查路径，给出周报文件或存放周报的文件夹"
    )
    set_language("en")
    assert str(error).startswith("drafts/: no issue found (no .md, .txt, .docx or .pdf file); check the path")


def test_unknown_keys_are_refused_when_raised() -> None:
    with pytest.raises(KeyError):
        text("no_such_message")


@pytest.mark.parametrize(
    ("found", "zh", "en"),
    [
        (["批注"], "批注", "批注"),
        (["A", "B"], "A、B", "A, B"),
        (
            ["A", "B", "C", "D", "E", "F"],
            "A、B、C、D 等 6 处（另 2 处未列出）",
            "A, B, C, D and 2 more (6 in all)",
        ),
    ],
)
def test_workbook_additions_are_listed_in_the_language_shown(found: list[str], zh: str, en: str) -> None:
    from audit.keep import NAMED, describe

    assert NAMED == 4
    assert (describe(found).render("zh"), describe(found).render("en")) == (zh, en)
