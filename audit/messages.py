"""Every message the command line shows a person, keyed, in Chinese and English.

The library raises errors whose reason and hint are :class:`Text` (a key and its values), and
renders them only when shown, in the language of the run: ``--lang`` when given, else Chinese
under a Chinese locale (``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` starting ``zh``), else English.

Adding a message is one entry in ``MESSAGES``: a key and its (zh, en) templates, filled with
``str.format`` fields. An English field written ``{n:s|waiver|waivers}`` picks the singular or
plural noun by the number ``n``; Chinese needs no plural.
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from audit.messages_help import HELP

LANGUAGES = ("zh", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    # --- what a run says on stderr -------------------------------------------------------------
    "no_issues": (
        "未找到任何期次文件（.md、.txt、.docx、.pdf）",
        "no issue found (no .md, .txt, .docx or .pdf file)",
    ),
    "no_issues.hint": (
        "请检查路径，给出周报文件或存放周报的文件夹",
        "check the path and give the issue files or a folder holding them",
    ),
    "not_an_issue": (
        "不是任何已知刊物的期次（没有报头：刊名、发布单位、期号、日期均未找到）",
        "not an issue of any known series (no masthead: no title, publisher, numbering or dates)",
    ),
    "not_an_issue.hint": (
        "请确认这是周报全文，或将它移出要审计的文件夹",
        "check that it is a full issue, or move it out of the folder audited",
    ),
    "waivers_written": (
        "已将 {n} 条豁免写入 {path}",
        "{n} {n:s|waiver|waivers} written to {path}",
    ),
    "cache_cleared": ("已清除 {n} 条缓存", "cleared {n} cached {n:s|extraction|extractions}"),
    "interrupted": (
        "已被 {signal} 中断；输出文件均未写到一半",
        "interrupted by {signal}; no output file was left half-written",
    ),
    "internal_error": ("内部错误：{detail}；{hint}", "internal error: {detail}; {hint}"),
    "internal_error.debug": ("请加 --debug 重新运行并报告此问题", "rerun with --debug and report it"),
    "internal_error.report": ("请报告此问题", "please report it"),
    "usage": ("用法：", "Usage: "),
    "usage.try": ("运行 '{command} {option}' 查看帮助。", "Try '{command} {option}' for help."),
    "usage.error": ("错误：{message}", "Error: {message}"),
    # --- why a file cannot be read ------------------------------------------------------------
    "no_such_file": ("文件或文件夹不存在", "no such file or directory"),
    "check_path": ("请检查路径", "check the path"),
    "empty_file": ("空文件", "empty file"),
    "file_too_large": ("文件过大（{size}，上限 {limit}）", "file too large ({size}, limit {limit})"),
    "file_too_large.over": ("文件过大（超过 {limit}）", "file too large (over {limit})"),
    "binary_file": (
        "二进制文件，不是文本、.docx 或 .pdf 周报",
        "binary file, not a text, .docx or .pdf report",
    ),
    "unknown_encoding": (
        "无法识别的文本编码（不是 UTF-8、UTF-16 或 GB18030）",
        "unknown text encoding (not UTF-8, UTF-16 or GB18030)",
    ),
    "save_as_utf8": ("请另存为 UTF-8 文本", "save it as UTF-8 text"),
    "legacy_word": (
        "旧版 Word/WPS 二进制格式（.doc/.wps），不是 .docx",
        "legacy Word/WPS binary format (.doc/.wps), not .docx",
    ),
    "resave_as_docx": ("请在 Word 或 WPS 中另存为 .docx", "save it as .docx in Word or WPS"),
    "password_word": ("Word 文档设有密码", "password-protected Word document"),
    "password_word.hint": (
        "请在 Word 中取消密码、保存后重新运行",
        "remove the password in Word, save, then run again",
    ),
    "password_pdf": ("PDF 设有密码", "PDF is password-protected"),
    "image_file": ("图片文件，不是文本、.docx 或 .pdf 周报", "image file, not a text, .docx or .pdf report"),
    "run_ocr": ("请先做文字识别（OCR）", "run OCR on it first"),
    # --- output targets and settings ------------------------------------------------------------
    "cannot_write_here": ("无法在此写入（{reason}）", "cannot write here ({reason})"),
    "choose_folder": ("请换一个文件夹", "choose another folder"),
    "workbook_open": ("正在 Excel、WPS 或 LibreOffice 中打开", "is open in Excel, WPS or LibreOffice"),
    "workbook_open.hint": (
        "请关闭后重新运行（或删除 {lock}）",
        "close it and run again (or delete {lock})",
    ),
    # --- waivers exported from the workbook ------------------------------------------------------
    "waiver_no_reason": (
        "第 {row} 行标为已豁免但备注中没有理由",
        "row {row} is marked waived without a reason in 备注",
    ),
    "waiver_no_approver": (
        "第 {row} 行标为已豁免但没有复核人（或给出 --approved-by）",
        "row {row} is marked waived without 复核人 (or give --approved-by)",
    ),
    "waiver_bad_rule": (
        "第 {row} 行的规则 {rule} 不能豁免",
        "row {row} names rule {rule}, which cannot be waived",
    ),
    "waiver_no_issue": (
        "第 {row} 行没有刊物与总期号（或期号），无法按期次豁免",
        "row {row} names no series and serial (or issue) number to key the waiver on",
    ),
    "fill_in": ("请填写后重新运行", "fill them in and run again"),
    **HELP,
}

_ACTIVE: list[str] = []


def locale_language(environ: Mapping[str, str] | None = None) -> str:
    """Return "zh" when the locale is Chinese (the first of LC_ALL, LC_MESSAGES, LANG set), else "en"."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_language(lang: str | None) -> str:
    """Make ``lang`` (or, when None, the locale's language) the language messages render in; return it."""
    chosen = lang if lang in LANGUAGES else locale_language()
    _ACTIVE[:] = [chosen]
    return chosen


def language() -> str:
    """Return the language messages render in now."""
    return _ACTIVE[0] if _ACTIVE else locale_language()


class _Formatter(string.Formatter):
    """``str.format`` plus ``{n:s|one|many}``: the singular or plural noun by the number ``n``."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        if format_spec.startswith("s|"):
            one, _, many = format_spec[2:].partition("|")
            return one if value == 1 else many
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def say(key: str, lang: str | None = None, **values: Any) -> str:
    """Return message ``key`` in ``lang`` (default: the active language), filled with ``values``."""
    chosen = lang or language()
    template = MESSAGES[key][1 if chosen == "en" else 0]
    filled = {k: v.render(chosen) if isinstance(v, Text) else v for k, v in values.items()}
    return _FORMATTER.format(template, **filled) if filled else template


@dataclass(frozen=True)
class Text:
    """A message not yet rendered: shown in the language of the run whenever it is turned into a string."""

    key: str
    values: tuple[tuple[str, Any], ...] = ()

    def render(self, lang: str | None = None) -> str:
        return say(self.key, lang, **dict(self.values))

    def __str__(self) -> str:
        return self.render()

    def __bool__(self) -> bool:
        return True


def text(key: str, **values: Any) -> Text:
    """Return message ``key`` with ``values``, rendered when shown (raise errors with these)."""
    if key not in MESSAGES:
        raise KeyError(key)
    return Text(key, tuple(values.items()))
