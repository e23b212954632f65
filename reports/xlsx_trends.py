"""The Trends sheet: each series' year-to-date figures, one block per series, a chart per figure.

Year-to-date figures restart every 1 January, so one line across New Year would plunge there:
each year is a line of its own over the issue number (第N期), drawn as straight segments between
the printed values (a smoothed curve would show values no issue printed). A figure gets a chart
only where its series has at least three values; counts show thousands separators, shares a %.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from xlsxwriter.chart import Chart
from xlsxwriter.utility import xl_col_to_name

from reports.xlsx_cells import Book, Sheet
from reports.xlsx_keep import quote_sheetname
from reports.xlsx_layout import pick, sheet_name, word
from reports.xlsx_summary import issue_label, issue_order
from schemas.facts import METRIC_LABELS

CHART_ROWS = 16  # rows a chart takes (7.5 cm at the default row height)
CHART_SIZE = {"width": 567, "height": 283}  # 15 × 7.5 cm, in pixels at 96 dpi
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


def write_trends(book: Book, data: Mapping[str, Any], lang: str) -> None:
    """Add the Trends sheet: a block per series, its year-to-date figures per issue, and their charts."""
    ytd: dict[tuple[str, str], Any] = {}
    units: dict[str, str] = {}
    for fact in data["facts"]:
        if fact["scope"] == "ytd":
            ytd[(fact["source"], fact["metric"])] = fact["value"]
            units[fact["metric"]] = fact.get("unit") or ""
    charted: dict[str, set[str]] = {}  # the metrics of each issue, so a block finds its own at once
    for source, metric in ytd:
        charted.setdefault(source, set()).add(metric)
    labels = dict(METRIC_LABELS)  # read once: each lookup asks the profiles in effect
    sheet = Sheet(book, sheet_name("trends", lang))
    sheet.caps = {1: 16, 2: 6, 3: 6, 4: 8}
    for series, issues in _blocks(data).items():
        present = set().union(*(charted.get(issue["source"], ()) for issue in issues))
        _block(sheet, series, issues, ytd, units, present, labels, lang)
    if not sheet.rows:
        sheet.add([sheet.cell(word("no_trends", lang))])
    sheet.finish(freeze=False)


def _block(
    sheet: Sheet,
    series: tuple[str, str],
    issues: Sequence[Mapping[str, Any]],
    ytd: Mapping[tuple[str, str], Any],
    units: Mapping[str, str],
    present: set[str],
    labels: Mapping[str, tuple[str, str]],
    lang: str,
) -> None:
    metrics = [m for m in labels if m in present] + sorted(present - set(labels))
    publisher, title = series
    heading = " · ".join(part for part in (title, publisher) if part) or word("trends_unknown", lang)
    start = sheet.add([sheet.cell(heading, font="header")])
    heads = [word("trend_issue", lang), word("years", lang), pick(("期号", "Issue no."), lang)]
    heads += [pick(("总期号", "Serial"), lang)]
    heads += [pick(labels.get(m, (m, m)), lang) for m in metrics]
    header = sheet.add(sheet.header(heads))
    for issue in issues:
        values = [
            sheet.cell(value)
            for value in (
                issue_label(issue, lang),
                issue.get("year"),
                issue.get("issue_no"),
                issue.get("serial_no"),
            )
        ]
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
        chart = _chart(
            sheet, issues, header, len(_FIXED) + 1 + index, metric, labels.get(metric, (metric, metric)), lang
        )
        # Charts are kept apart from the rows, so placing one does not break the rows' order.
        sheet.ws.insert_chart(start - 1 + (number // 2) * CHART_ROWS, anchor - 1 + (number % 2) * 9, chart)
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
    sheet: Sheet,
    issues: Sequence[Mapping[str, Any]],
    header: int,
    column: int,
    metric: str,
    label: tuple[str, str],
    lang: str,
) -> Chart:
    """Return the chart of one figure: a straight line per year over the issue number."""
    chart = sheet.book.xlsx.add_chart({"type": "scatter", "subtype": "straight_with_markers"})
    if chart is None:  # xlsxwriter returns None for a chart type it does not know
        raise RuntimeError("xlsxwriter has no scatter chart")
    chart.set_title({"name": word("chart", lang, label=pick(label, lang))})
    chart.set_style(13)
    chart.set_size(CHART_SIZE)
    chart.set_x_axis({"name": pick(("期号", "Issue no."), lang)})
    chart.set_y_axis({"num_format": SHARE_FORMAT if metric.endswith("share") else COUNT_FORMAT})
    where = quote_sheetname(sheet.title)
    xs, ys = xl_col_to_name(2), xl_col_to_name(column - 1)
    for year, first, last in _runs(issues, header + 1):
        chart.add_series(
            {
                "name": str(year) if year is not None else "?",
                "categories": f"={where}!${xs}${first}:${xs}${last}",
                "values": f"={where}!${ys}${first}:${ys}${last}",
                "marker": {"type": "circle"},
            }
        )
    return chart
