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
    "cache_cleared": (
        "已从 {folder} 删除 {n} 条缓存",
        "removed {n} cache {n:s|entry|entries} from {folder}",
    ),
    "cache_none": (
        "{folder}：没有本工具的缓存可删除；未删除任何文件",
        "{folder}: no cache entries of this toolkit to remove; nothing was deleted",
    ),
    "interrupted": (
        "已被 {signal} 中断；输出文件均未写到一半",
        "interrupted by {signal}; no output file was left half-written",
    ),
    "profile_line": (
        "{id}\t{zh} / {en}\t刊名：{titles}\t{n} 项指标\t{path}",
        "{id}\t{zh} / {en}\ttitles: {titles}\t{n} {n:s|metric|metrics}\t{path}",
    ),
    "profile_valid": ("{path}：档案有效", "{path}: valid profile"),
    "and_more": ("{named} 等 {n} 处（另 {more} 处未列出）", "{named} and {more} more ({n} in all)"),
    "worker_died": (
        "解析该文件的工作进程已终止（{how}，可能是内存不足）；未写出任何文件",
        "the worker process parsing it died ({how}, perhaps out of memory); nothing was written",
    ),
    "worker_died.hint": (
        "请重新运行；如再次发生，请加 --jobs 1 单独检查此文件",
        "run again; if it happens again, check this file alone with --jobs 1",
    ),
    "worker_died_unknown": (
        "一个工作进程已终止（可能是内存不足）；未写出任何文件",
        "a worker process died (perhaps out of memory); nothing was written",
    ),
    "worker_died_unknown.hint": ("请加 --jobs 1 重新运行", "run again with --jobs 1"),
    "background_died": (
        "写出该文件的进程已终止（{how}，可能是内存不足）；文件未更新，原有内容保持不变",
        "the process writing it died ({how}, perhaps out of memory); it was not updated, and what it held is unchanged",
    ),
    "background_died.hint": (
        "请重新运行；如再次发生，请加 --jobs 1",
        "run again; if it happens again, run with --jobs 1",
    ),
    "killed_by": ("被 {signal} 终止", "killed by {signal}"),
    "exit_code": ("退出码 {code}", "exit code {code}"),
    "internal_error": ("内部错误：{detail}；{hint}", "internal error: {detail}; {hint}"),
    "internal_error.debug": ("请加 --debug 重新运行并报告此问题", "rerun with --debug and report it"),
    "internal_error.report": ("请报告此问题", "please report it"),
    "usage": ("用法：", "Usage: "),
    "usage.try": ("运行 '{command} {option}' 查看帮助。", "Try '{command} {option}' for help."),
    "usage.error": ("错误：{message}", "Error: {message}"),
    # --- why a file cannot be read ------------------------------------------------------------
    "no_such_file": ("文件或文件夹不存在", "no such file or directory"),
    "check_path": ("请检查路径", "check the path"),
    "name_a_file": ("请给出文件，或要搜索的文件夹", "name a file, or a folder to search"),
    "cannot_list_folder": ("无法列出文件夹内容：{reason}", "cannot list folder: {reason}"),
    "is_a_directory": ("是文件夹", "is a directory"),
    "unexpected_read": ("读取时出现意外错误（{detail}）", "unexpected error while reading ({detail})"),
    "report_this": ("请报告此问题", "please report this"),
    "empty_file": ("空文件", "empty file"),
    "file_too_large": ("文件过大（{size}，上限 {limit}）", "file too large ({size}, limit {limit})"),
    "file_too_large.over": ("文件过大（超过 {limit}）", "file too large (over {limit})"),
    "binary_file": (
        "二进制数据，不是文本、.docx 或 .pdf 周报",
        "binary data, not a text, .docx or .pdf report",
    ),
    "unknown_encoding": (
        "无法识别的文本编码（不是 UTF-8、UTF-16 或 GB18030）",
        "unknown text encoding (not UTF-8, UTF-16 or GB18030)",
    ),
    "damaged_encoding": (
        "{encoding} 文本已损坏（第 {byte} 字节数据无效）",
        "damaged {encoding} text (invalid data at byte {byte})",
    ),
    "invalid_utf8": (
        "第 {line} 行（第 {byte} 字节）不是有效的 UTF-8：文件已损坏或混用了编码",
        "invalid UTF-8 on line {line} (byte {byte}): damaged file or mixed encodings",
    ),
    "save_as_utf8": (
        "请另存为 UTF-8 文本（或 .docx、.pdf）后重新运行",
        "save it again as UTF-8 text (or .docx / .pdf) and run again",
    ),
    "legacy_word": (
        "旧版 Word/WPS 二进制格式（.doc/.wps），不是 .docx",
        "legacy Word/WPS binary format (.doc/.wps), not .docx",
    ),
    "rtf_file": ("RTF 文档，不是 .docx", "RTF document, not .docx"),
    "odt_file": ("OpenDocument 文件（.odt），不是 .docx", "OpenDocument file (.odt), not .docx"),
    "unsupported_suffix": ("不支持 {suffix} 文件", "{suffix} files are not supported"),
    "resave_as_docx": (
        "请在 Word 或 WPS 中打开并另存为 .docx 后重新运行",
        "open it in Word or WPS and save as .docx, then run again",
    ),
    "password_word": ("Word 文档设有密码", "password-protected Word document"),
    "password_word.hint": (
        "请在 Word 中取消密码、保存后重新运行",
        "remove the password in Word, save, then run again",
    ),
    "image_file": ("图片文件，不是文本、.docx 或 .pdf 周报", "image file, not a text, .docx or .pdf report"),
    "run_ocr": ("请先做文字识别（OCR）", "run OCR on it first"),
    "docx_damaged": (".docx 已损坏或不完整", "damaged or truncated .docx"),
    "docx_not_word": (
        ".docx 已损坏或不完整（不是 Word 文档）",
        "damaged or truncated .docx (not a Word document)",
    ),
    "docx_no_document": (
        ".docx 已损坏或不完整（缺少 word/document.xml）",
        "damaged or truncated .docx (no word/document.xml inside)",
    ),
    "docx_resave": (
        "请在 Word 中打开并重新保存，或重新导出",
        "open and re-save it in Word, or export it again",
    ),
    "docx_macro": (
        "含宏的 Word 文档或模板，不是 .docx",
        "macro-enabled Word document or template, not .docx",
    ),
    "no_text": ("没有文字", "no text"),
    "docx_no_text.hint": (
        "文档为空或只有图片；请先做文字识别（OCR）",
        "the document is empty or holds only images; run OCR first",
    ),
    "docx_too_large": (
        ".docx 解压后过大（{size}，上限 {limit}）",
        ".docx too large when uncompressed ({size}, limit {limit})",
    ),
    "docx_too_large.hint": (
        "请删除大的嵌入媒体或拆分文档",
        "remove large embedded media or split the document",
    ),
    "zip_bomb": (
        "拒绝读取：{name} 解压比达 {ratio}:1（疑似压缩炸弹）",
        "refused: {name} inflates {ratio}:1 (zip bomb?)",
    ),
    "pdf_damaged": ("不是有效的 PDF（已损坏或不完整）", "not a valid PDF (damaged or truncated)"),
    "pdf_no_pages": (
        "不是有效的 PDF（已损坏或不完整）：没有页面",
        "not a valid PDF (damaged or truncated): no pages",
    ),
    "pdf_export_again": (
        "请从原文档重新导出 PDF，或打开后重新保存",
        "export the original document to PDF again, or open and re-save it",
    ),
    "pdf_no_text": ("PDF 没有文字层（扫描件？）", "PDF has no text layer (scanned image?)"),
    "pdf_run_ocr": (
        "请做文字识别（OCR），或从 Word 原文档重新导出 PDF",
        "run OCR or export the original document to PDF again from Word",
    ),
    "password_pdf": ("PDF 设有密码", "PDF is password-protected"),
    "pdf_remove_password": (
        "请取消密码（另存或打印为不加密的新 PDF）后重新运行",
        "remove the password (save or print it to a new PDF without protection), then run again",
    ),
    "pdf_undecodable": (
        "PDF 文字无法解码（字体没有 Unicode 映射）",
        "PDF text cannot be decoded (its fonts carry no Unicode mapping)",
    ),
    # --- audit rules --explain ------------------------------------------------------------------
    "explain.unknown": ("不是已知的规则", "is not a rule"),
    "explain.unknown.hint": ("运行 audit rules 查看规则编号", "see `audit rules` for the ids"),
    "explain.kind.issue": ("单期规则：逐期检查", "per issue: each issue on its own"),
    "explain.kind.series": (
        "跨期规则：按总期号排序，每期与同一刊物的上一期比较，问题记在后一期",
        "across issues: each issue against the previous one of its series, reported on the later one",
    ),
    "explain.kind.versions_agree": (
        "跨文件规则：同一期存为多个文件时，各版本与代表该期的文件比较，问题记在代表该期的文件上",
        "across files: the versions of one issue against the file that stands for it, reported on that file",
    ),
    "explain.tests": ("检查（编号、严重程度、问题说明模板）：", "Tests (id, severity, message template):"),
    "explain.settings": ("设置（[tool.audit] 或 audit.toml）：", "Settings ([tool.audit] or audit.toml):"),
    "explain.severity": (
        '[tool.audit.severity] {rule} = "warning" 改变严重程度（或只改一项检查：{rule}.检查编号）',
        '[tool.audit.severity] {rule} = "warning" changes its severity (or one test: {rule}.TEST)',
    ),
    "explain.disable": ('disable = ["{rule}"] 停用此规则', 'disable = ["{rule}"] turns it off'),
    "explain.disabled": ("此规则已在当前设置中停用", "This rule is disabled by the current settings"),
    "explain.setting.carryover_words": (
        "句中出现这些词时视为注明结转：办结多于受理只记为提示",
        "words that state a carry-over: completed above accepted is then only an info",
    ),
    "explain.setting.max_period_days": ("报告期最长天数", "longest reporting period, in days"),
    "explain.setting.max_publish_delay_days": (
        "报告期结束后最迟多少天内印发",
        "most days between the end of the period and publication",
    ),
    "explain.setting.calendar": (
        "法定节假日与调休工作日（chinese-calendar 未收录的年份在此补充）",
        "public holidays and make-up working days (add the years chinese-calendar does not know)",
    ),
    "explain.setting.ytd_tolerance": (
        "累计数允许的偏差（件）",
        "difference allowed in year-to-date figures",
    ),
    "explain.setting.profiles": (
        "附加的系列配置文件（TOML）：哪些数据相互比较由其中的 [relations] 决定",
        "series profiles (TOML) added to the built-in one: their [relations] say which figures are compared",
    ),
    "explain.setting.outlier_info": (
        "稳健得分超过此值记为提示",
        "robust score above which a figure is an info",
    ),
    "explain.setting.outlier_warning": (
        "稳健得分超过此值记为警告",
        "robust score above which a figure is a warning",
    ),
    "explain.setting.outlier_window": (
        "与前后多少期比较",
        "how many issues around a figure it is compared with",
    ),
    "explain.setting.outlier_floor": (
        "离散度下限（对数尺度），避免过于平稳的序列误报",
        "lowest spread (log scale), so that a very even series raises no false alarm",
    ),
    "explain.setting.ratio_info": (
        "两项相关数据（如办结与受理）之比的稳健得分超过此值记为提示",
        "robust score of the ratio of two related figures (e.g. completed per accepted) above which it is an info",
    ),
    "explain.setting.ratio_warning": (
        "两项相关数据（如办结与受理）之比的稳健得分超过此值记为警告",
        "robust score of the ratio of two related figures (e.g. completed per accepted) above which it is a warning",
    ),
    "explain.setting.ratio_floor": (
        "两项相关数据之比的离散度下限（对数尺度）",
        "lowest spread of the ratio of two related figures (log scale)",
    ),
    "explain.setting.versions": (
        "同一期存为多个文件时，由哪种格式的文件代表该期（依次优先）",
        "which file stands for an issue kept as several: formats in order of preference",
    ),
    "explain.setting.ocr_min_confidence": (
        "OCR 识别置信度低于此值的数字记为需核对",
        "OCR engine confidence below which a figure must be checked against the scan",
    ),
    # --- output targets and settings ------------------------------------------------------------
    "cannot_write_here": ("无法在此写入（{reason}）", "cannot write here ({reason})"),
    "choose_folder": ("请换一个文件夹", "choose another folder"),
    "workbook_open": ("正在 Excel、WPS 或 LibreOffice 中打开", "is open in Excel, WPS or LibreOffice"),
    "workbook_open.hint": (
        "请关闭后重新运行（或删除 {lock}）",
        "close it and run again (or delete {lock})",
    ),
    "workbook_additions": (
        "含有新一次运行不会保留的内容：{found}；未写入任何文件",
        "holds what a new run would not keep: {found}; nothing was written",
    ),
    "workbook_additions.hint": (
        "请把它移到“备注”列或另一个文件，或把报告写到新的文件名",
        "move it into the 备注 column or another file, or write the report to a new file name",
    ),
    "workbook_changed": (
        "在审计运行期间被他人保存或打开，已保持原样",
        "was saved or opened by someone else while the audit ran, so it was left as it is",
    ),
    "workbook_changed.hint": (
        "新工作簿为 {name}；请关闭工作簿后重新运行",
        "the new workbook is {name}; close the workbook, then run again",
    ),
    "move_away": (
        "请移走它或换一个文件名；本工具从不覆盖不是它写的文件",
        "move it away or choose another file name; the toolkit never overwrites a file it did not write",
    ),
    "wrong_suffix": (
        "文件名以 {suffix} 结尾，不是 {fmt} 输出",
        "the name ends in {suffix}, which is not {fmt} output",
    ),
    "no_suffix": ("（无）", "(none)"),
    "use_suffix": ("请使用 {wanted}{extra}", "use {wanted}{extra}"),
    "use_report": (
        "；Excel 工作簿用 --report FILE.xlsx 写出",
        "; the Excel workbook is written with --report FILE.xlsx",
    ),
    "not_regular_file": ("不是普通文件", "is not a regular file"),
    "give_xlsx_name": ("请给出以 .xlsx 结尾的文件名", "give a file name ending in .xlsx"),
    "is_a_folder": ("是文件夹", "is a folder"),
    "give_file_name": ("请给出文件名", "give a file name"),
    "unknown_output_format": (
        "{option} 不支持输出格式 {suffix}",
        "unknown output format {suffix} for {option}",
    ),
    "folder_not_writable": ("文件夹不可写", "the folder cannot be written"),
    "not_audit_workbook": ("已存在，且不是审计工作簿", "exists and is not an audit workbook"),
    "never_overwrite_workbook": (
        "是审计工作簿；{option} 从不覆盖审计工作簿（复核记录会丢失）",
        "is an audit workbook; {option} never overwrites one (reviews would be lost)",
    ),
    "choose_file_name": ("请换一个文件名", "choose another file name"),
    "same_file": ("{option} 与 {other} 是同一个文件", "{option} names the same file as {other}"),
    "the_input": ("输入文件 {path}", "the input {path}"),
    "choose_name": ("请换一个名字", "choose another name"),
    "cannot_write": ("无法写入（{reason}）", "cannot write ({reason})"),
    "cannot_replace": ("无法替换该文件（{reason}）", "cannot replace the file ({reason})"),
    "close_in_excel": ("请在 Excel 或 WPS 中关闭它后重新运行", "close it in Excel or WPS and run again"),
    "check_disk": ("请检查磁盘与文件夹", "check the disk and folder"),
    # --- files passed over on purpose -----------------------------------------------------------
    "skipped_link": (
        "是指向 {target} 的链接，位于所搜索的文件夹之外；未跟随",
        "is a link to {target}, outside the folder searched; not followed",
    ),
    "skipped_link.hint": ("要读取它，请直接给出该文件", "name the file itself to read it"),
    "skipped_special": ("是{kind}，不是文件；已跳过", "is a {kind}, not a file; skipped"),
    "kind.named_pipe": ("命名管道", "named pipe"),
    "kind.socket": ("套接字", "socket"),
    "kind.device": ("设备", "device"),
    "skipped_own": ("是{own}，不是期次；已跳过", "is {own}, not an issue; skipped"),
    "skipped_own.hint": ("请把输出写到被审计的文件夹之外", "write outputs outside the folders audited"),
    "own.github": ("audit check 写出的 GitHub 注释", "GitHub annotations written by audit check"),
    "own.text": ("audit check 的文本输出", "the text output of audit check"),
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


class Listed(Text):
    """Names listed one after another: 、 between them in Chinese, a comma in English."""

    def __init__(self, names: list[str]) -> None:
        object.__setattr__(self, "key", "")
        object.__setattr__(self, "values", tuple(names))

    def render(self, lang: str | None = None) -> str:
        return ("、" if (lang or language()) == "zh" else ", ").join(self.values)


class Joined(Text):
    """Several messages shown one after another, each in the language of the run."""

    def __init__(self, items: list[Text]) -> None:
        object.__setattr__(self, "key", "")
        object.__setattr__(self, "values", tuple(items))

    def render(self, lang: str | None = None) -> str:
        separator = "；" if (lang or language()) == "zh" else "; "
        return separator.join(item.render(lang) for item in self.values)
