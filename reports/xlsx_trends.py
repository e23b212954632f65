"""The Trends sheet: each series' year-to-date figures, one block per series, a chart per figure.

Year-to-date figures restart every 1 January, so one line across New Year would plunge there:
each year is a line of its own over the issue number (第N期), drawn as straight segments between
the printed values (a smoothed curve would show values no issue printed). A figure gets a chart
only where its series has at least three values; counts show thousands separators, shares a %.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl.chart import Reference, ScatterChart, Series
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from reports.xlsx_cells import Sheet
from reports.xlsx_layout import pick, sheet_name, word
from reports.xlsx_summary import issue_label, issue_order
from schemas.facts import METRIC_LABELS

CHART_ROWS = 16  # rows a chart takes (7.5 cm at the default row height)
MIN_POINTS = 3
COUNT_FORMAT = "#,##0"
SHARE_FORMAT = '0.00"%"'
_FIXED = ("issue", "year", "issue_no", "serial_no")


def _series_name(issue: Mapping[str, Any]) -> tuple[str, str]:
    return (str(issue.get("publisher") or ""), str(issue.get("title") or ""))


def _blocks(data: Mapping[str, Any]) -> dict[tuple[str, str], list[Mapping[str, Any]]]:
    """Return the issues of each series (publisher, title), each in numbering order."""
    blocks: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for issue in sorted(data["issues"], key=issue_order):
        blocks.setdefault(_series_name(issue), []).append(issue)
    return blocks


def write_trends(workbook: Workbook, data: Mapping[str, Any], lang: str) -> None:
    """Add the Trends sheet: a block per series, its year-to-date figures per issue, and their charts."""
    ytd: dict[tuple[str, str], Any] = {}
    units: dict[str, str] = {}
    for fact in data["facts"]:
        if fact["scope"] == "ytd":
            ytd[(fact["source"], fact["metric"])] = fact["value"]
            units[fact["metric"]] = fact.get("unit") or ""
    sheet = Sheet(workbook, sheet_name("trends", lang))
    sheet.caps = {1: 16, 2: 6, 3: 6, 4: 8}
    for series, issues in _blocks(data).items():
        _block(sheet, series, issues, ytd, units, lang)
    if not sheet.rows:
        sheet.add([sheet.cell(word("no_trends", lang))])
    sheet.finish(freeze=False)


def _block(
    sheet: Sheet,
    series: tuple[str, str],
    issues: Sequence[Mapping[str, Any]],
    ytd: Mapping[tuple[str, str], Any],
    units: Mapping[str, str],
    lang: str,
) -> None:
    present = {metric for (source, metric) in ytd for issue in issues if issue["source"] == source}
    metrics = [m for m in METRIC_LABELS if m in present] + sorted(present - set(METRIC_LABELS))
    publisher, title = series
    heading = " · ".join(part for part in (title, publisher) if part) or word("trends_unknown", lang)
    start = sheet.add([sheet.cell(heading, font="header")])
    heads = [word("trend_issue", lang), word("years", lang), pick(("期号", "Issue no."), lang)]
    heads += [pick(("总期号", "Serial"), lang)]
    heads += [pick(METRIC_LABELS.get(m, (m, m)), lang) for m in metrics]
    header = sheet.add(sheet.header(heads))
    for issue in issues:
        values = [issue_label(issue, lang), issue.get("year"), issue.get("issue_no"), issue.get("serial_no")]
        figures = []
        for metric in metrics:
            value = ytd.get((issue["source"], metric))
            fmt = SHARE_FORMAT if units.get(metric) == "%" else COUNT_FORMAT
            figures.append(sheet.cell(value, number_format=fmt) if value is not None else None)
        sheet.add([*values, *figures])
    last = len(sheet.rows)
    charted = [
        (index, metric)
        for index, metric in enumerate(metrics)
        if sum(ytd.get((i["source"], metric)) is not None for i in issues) >= MIN_POINTS
    ]
    anchor = len(_FIXED) + len(metrics) + 2
    for number, (index, metric) in enumerate(charted):
        chart = _chart(sheet, issues, header, len(_FIXED) + 1 + index, metric, lang)
        letter = get_column_letter(anchor + (number % 2) * 9)
        sheet.ws.add_chart(chart, f"{letter}{start + (number // 2) * CHART_ROWS}")
    height = max(last - start + 1, -(-len(charted) // 2) * CHART_ROWS)
    while len(sheet.rows) < start + height:
        sheet.add([])
    sheet.add([])


def _runs(issues: Sequence[Mapping[str, Any]], first: int) -> list[tuple[Any, int, int]]:
    """Return (year, first row, last row) of each run of consecutive rows of one year."""
    runs: list[tuple[Any, int, int]] = []
    for offset, issue in enumerate(issues):
        row, year = first + offset, issue.get("year")
        if runs and runs[-1][0] == year:
            runs[-1] = (year, runs[-1][1], row)
        else:
            runs.append((year, row, row))
    return runs


def _chart(
    sheet: Sheet, issues: Sequence[Mapping[str, Any]], header: int, column: int, metric: str, lang: str
) -> ScatterChart:
    """Return the chart of one figure: a straight line per year over the issue number."""
    chart = ScatterChart()
    chart.title = word("chart", lang, label=pick(METRIC_LABELS.get(metric, (metric, metric)), lang))
    chart.style = 13
    chart.height, chart.width = 7.5, 15
    chart.x_axis.title = pick(("期号", "Issue no."), lang)
    # openpyxl 3.1 hides both axes unless told otherwise.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.numFmt = SHARE_FORMAT if metric.endswith("share") else COUNT_FORMAT
    chart.scatterStyle = "lineMarker"
    for year, first, last in _runs(issues, header + 1):
        xs = Reference(sheet.ws, min_col=3, min_row=first, max_row=last)
        ys = Reference(sheet.ws, min_col=column, min_row=first, max_row=last)
        line = Series(ys, xs, title=str(year) if year is not None else "?")
        line.smooth = False
        line.marker.symbol = "circle"
        chart.series.append(line)
    return chart
