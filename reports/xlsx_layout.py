"""What the audit workbook looks like: sheet names, columns and labels in both languages.

The writer renders these and the review reader (``audit.review``) finds its way back by them,
so a workbook written in one language can be carried over into the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SHEETS: dict[str, tuple[str, str]] = {
    "summary": ("概览", "Summary"),
    "findings": ("问题清单", "Findings"),
    "facts": ("提取数据", "Facts"),
    "issues": ("期次", "Issues"),
    "numbers": ("未归类数字", "Unclassified numbers"),
    "trends": ("趋势", "Trends"),
    "resolved": ("已解决", "Resolved"),
}

SEVERITY_LABELS: dict[str, tuple[str, str]] = {
    "error": ("错误", "Error"),
    "warning": ("警告", "Warning"),
    "info": ("提示", "Info"),
}

# Review states a reviewer picks from the drop-down; the first is the default of a new finding.
STATUSES: dict[str, tuple[str, str]] = {
    "pending": ("待复核", "Pending"),
    "confirmed": ("已确认", "Confirmed"),
    "false_positive": ("误报", "False positive"),
    "waived": ("已豁免", "Waived"),
}

# Rules about numbering, dates and periods: their findings mark a row of the Issues sheet.
ISSUE_RULES = frozenset(
    {
        "header_complete",
        "period_valid",
        "published_after_period",
        "as_of_matches_period",
        "year_consistent",
        "serial_sequential",
        "issue_no_sequential",
        "numbering_consistent",
        "published_monotonic",
        "period_contiguous",
    }
)


@dataclass(frozen=True)
class Column:
    """One column of a table sheet: its key, headers, widest allowed width and whether text wraps.

    A ``technical`` column (rule id, file, fingerprint, …) is grouped and hidden: a click on the
    outline's + shows it, and it is never printed, so the printed page keeps a readable scale.
    """

    key: str
    zh: str
    en: str
    cap: int = 40
    wrap: bool = False
    technical: bool = False

    def header(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


# What a reader needs on paper first; the technical columns follow, hidden; the review columns last.
# The printed widths add up to at most 145 character widths: A4 landscape at 75 % or more, 8 pt text or more.
FINDING_COLUMNS: tuple[Column, ...] = (
    Column("severity", "严重程度", "Severity", 6),
    Column("issue", "期次与出处", "Issue, where", 10, wrap=True),
    Column("metric", "指标", "Metric", 8, wrap=True),
    Column("message", "问题说明", "Message", 22, wrap=True),
    # Filled only where one typing slip explains the finding (audit.suggest).
    Column("suggestion", "疑似录入错误", "Probable typing error", 14, wrap=True),
    Column("evidence", "原文", "Evidence", 28, wrap=True),
    Column("other", "对照", "Compared with", 8, wrap=True),
    Column("waiver", "豁免", "Waiver", 8, wrap=True),
    # The message states both figures: on paper these two would only repeat it.
    Column("observed", "实际值", "Observed", 16, technical=True),
    Column("suggested", "建议值", "Suggested value", 16, technical=True),
    Column("expected", "期望值", "Expected", 16, technical=True),
    Column("rule", "规则", "Rule", 24, technical=True),
    Column("title", "规则说明", "Rule description", 30, technical=True),
    Column("year", "年份", "Year", 8, technical=True),
    Column("issue_no", "期号", "Issue no.", 8, technical=True),
    Column("serial_no", "总期号", "Serial", 8, technical=True),
    Column("source", "文件", "Source file", 40, technical=True),
    Column("page", "页", "Page", 6, technical=True),
    Column("line", "行", "Line", 6, technical=True),
    Column("scope", "口径", "Scope", 10, technical=True),
    Column("printed", "原文（原样）", "Evidence as printed", 60, technical=True),
    Column("other_source", "对照文件", "Other source file", 40, technical=True),
    Column("fingerprint", "指纹", "Fingerprint", 18, technical=True),
    Column("caused_by", "根本原因（指纹）", "Caused by (fingerprint)", 18, technical=True),
)
REVIEW_COLUMNS: tuple[Column, ...] = (
    Column("status", "复核状态", "Review status", 6, wrap=True),
    Column("reviewer", "复核人", "Reviewer", 6, wrap=True),
    Column("reviewed", "复核日期", "Review date", 10),
    Column("note", "备注", "Note", 12, wrap=True),
)
RESOLVED_COLUMN = Column("resolved", "解决日期", "Resolved on", 12)

FACT_COLUMNS: tuple[Column, ...] = (
    Column("year", "年份", "Year", 8),
    Column("issue_no", "期号", "Issue", 8),
    Column("serial_no", "总期号", "Serial", 8),
    Column("source", "文件", "Source file", 40),
    Column("page", "页", "Page", 6),
    Column("line", "行", "Line", 6),
    Column("metric_label", "指标", "Metric", 24),
    Column("metric", "指标代码", "Metric id", 24),
    Column("scope", "口径", "Scope", 10),
    Column("value", "数值", "Value", 14),
    Column("unit", "单位", "Unit", 6),
    Column("carryover", "注明结转", "Carry-over stated", 10),
    Column("category_count", "类别数", "Categories", 8),
    Column("evidence", "原文", "Evidence", 80, wrap=True),
    Column("rules", "相关规则", "Rules", 30, wrap=True),
)

#: Numbers of the body the figure logic gave no role (or could not read): each one a reader checks.
NUMBER_COLUMNS: tuple[Column, ...] = (
    Column("year", "年份", "Year", 8),
    Column("issue_no", "期号", "Issue", 8),
    Column("serial_no", "总期号", "Serial", 8),
    Column("source", "文件", "Source file", 40),
    Column("line", "行", "Line", 6),
    Column("raw", "数字（原样）", "Number as printed", 14),
    Column("role", "情况", "What it is", 30, wrap=True),
    Column("problem", "原因", "Why", 30, wrap=True),
    Column("evidence", "原文", "Evidence", 80, wrap=True),
)

ISSUE_COLUMNS: tuple[Column, ...] = (
    Column("year", "年份", "Year", 8),
    Column("issue_no", "期号", "Issue", 8),
    Column("serial_no", "总期号", "Serial", 8),
    Column("published", "印发日期", "Published", 12),
    Column("period_start", "报告期起", "Period start", 12),
    Column("period_end", "报告期止", "Period end", 12),
    Column("as_of", "数据截至", "Figures as of", 12),
    Column("copies", "印数", "Copies", 8),
    Column("publisher", "发布单位", "Publisher", 30, wrap=True),
    Column("title", "刊名", "Title", 16),
    Column("source", "文件", "Source file", 40),
    Column("kind", "类型", "Kind", 8),
    Column("issue_no_end", "期号止（合刊）", "Issue to (combined)", 10),
    Column("serial_no_end", "总期号止（合刊）", "Serial to (combined)", 10),
    Column("year_inferred", "年份系推断", "Year inferred", 8),
    Column("rules", "编号与日期问题", "Numbering and date findings", 40, wrap=True),
)

WORDS: dict[str, tuple[str, str]] = {
    "role_unclassified": (
        "未归类：不是指标数据，也不是日期、序号等",
        "unclassified: no metric, date, heading or count",
    ),
    "role_unclear": (
        "不确定：靠近指标词，但无法判断属于哪个指标",
        "unclear: next to a metric phrase, but which figure it is cannot be told",
    ),
    "role_unreadable": (
        "无法读取：数字的写法无法转成数值",
        "unreadable: the number as printed cannot be read as a value",
    ),
    "kind_regular": ("常规", "regular"),
    "kind_combined": ("合刊", "combined"),
    "kind_supplement": ("增刊", "supplement"),
    "heading": ("窗口工作周报统计审计", "Weekly report statistics audit"),
    "files": ("审计文件数", "Files audited"),
    "unreadable": ("无法读取的文件", "Unreadable files"),
    "years": ("年份", "Years"),
    "issue_range": ("期号范围", "Issues"),
    "serial_range": ("总期号范围", "Serial numbers"),
    "generated": ("生成时间", "Generated"),
    "tool": ("工具版本", "Tool version"),
    "rule_set": ("规则集", "Rule set"),
    "rule_count": ("{n} 条规则", "{n} rules"),
    "facts": ("提取数据", "Figures extracted"),
    "severity_counts": ("按严重程度统计（未豁免）", "Findings by severity (not waived)"),
    "waived": ("已豁免", "Waived"),
    "by_rule": ("按规则统计", "Findings by rule"),
    "kind": ("类别", "Kind"),
    "issue": ("单期", "per issue"),
    "series": ("跨期", "across issues"),
    "by_issue": ("各期状态", "Status by issue"),
    "status": ("状态", "Status"),
    "pass": ("通过", "Pass"),
    "message": ("原因", "Reason"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "issue_label": ("{year}年第{issue}期", "{year} No. {issue}"),
    "serial_label": ("总第{serial}期", "serial {serial}"),
    "serial_suffix": ("（总第{serial}期）", " (serial {serial})"),
    "line": ("第{line}行", "line {line}"),
    "as_of": ("数据截至", "Figures as of"),
    "chart": ("{label}（今年以来）", "{label} (year to date)"),
    "page": ("第{page}页", "page {page}"),
    "no_findings": ("未发现问题", "No findings"),
    "consequence": ("↳ 由上方问题引起：", "↳ Follows from the finding above: "),
    "no_trends": ("没有可画趋势的累计数据", "No year-to-date figures to chart"),
    "trends_unknown": ("（未识别刊物）", "(series not recognised)"),
    "trend_issue": ("期次", "Issue"),
    "mark_legend": (
        "【】标出原文中与问题有关的数字（按原样印出的形式：全角数字、千分位、中文数字均可）",
        "【】 marks the figure of the finding in the sentence, in whatever form it is printed "
        "(full-width digits, thousands separators, Chinese numerals)",
    ),
    "mark_label": ("标记说明", "The 【】 mark"),
    "page_footer": ("第&P页 共&N页", "Page &P of &N"),
}


def word(key: str, lang: str, **values: Any) -> str:
    """Return the label ``key`` in ``lang``, filled with ``values``."""
    text = WORDS[key][1 if lang == "en" else 0]
    return text.format(**values) if values else text


def pick(pair: tuple[str, str], lang: str) -> str:
    """Return the ``lang`` half of a (zh, en) pair."""
    return pair[1 if lang == "en" else 0]


def sheet_name(key: str, lang: str) -> str:
    return pick(SHEETS[key], lang)


def find_sheet(names: list[str], key: str) -> str | None:
    """Return whichever of the sheet's names (zh or en) is among ``names``."""
    return next((name for name in SHEETS[key] if name in names), None)


def column_keys(headers: list[Any], columns: tuple[Column, ...]) -> dict[str, int]:
    """Map column keys to positions in a header row written in either language."""
    by_header = {text: column.key for column in columns for text in (column.zh, column.en)}
    return {by_header[h]: i for i, h in enumerate(headers) if isinstance(h, str) and h in by_header}


def status_key(text: Any) -> str | None:
    """Return the status key of a drop-down label in either language, None for anything else."""
    if not isinstance(text, str):
        return None
    wanted = text.strip().casefold()
    return next((key for key, pair in STATUSES.items() if wanted in (pair[0], pair[1].casefold())), None)


def severity_key(text: Any) -> str | None:
    """Return the severity of a label (or key) in either language."""
    for key, pair in SEVERITY_LABELS.items():
        if text in (key, *pair):
            return key
    return None


@dataclass(frozen=True)
class Review:
    """What a reviewer wrote beside a finding; ``status`` is a STATUSES key or their own text."""

    status: str = "pending"
    reviewer: Any = None
    reviewed: Any = None
    note: Any = None

    def label(self, lang: str) -> str:
        """Return the status as the drop-down shows it in ``lang``."""
        return pick(STATUSES[self.status], lang) if self.status in STATUSES else self.status
