"""Dump what an audit workbook holds, as text to diff: values, styles and every sheet feature.

Usage: python benchmarks/dump_xlsx.py WORKBOOK.xlsx [--no-styles] > dump.txt

Written to prove that a change of writer keeps the workbook: cell values (with their type),
number formats, fills, fonts, alignment, comments, merged ranges, data validations, freeze panes,
autofilter, print setup, page header and footer, column widths, hidden and grouped columns, row
heights, sheet states, defined names and charts. The run time (生成时间) changes from run to run,
so it is masked.
"""

from __future__ import annotations

import re
import sys
from datetime import date, datetime
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

_RUN_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def _value(value: Any) -> str:
    if isinstance(value, datetime | date):
        return f"{type(value).__name__}:{value.isoformat()}"
    if isinstance(value, bool):
        return f"bool:{value}"
    if isinstance(value, int | float):
        return f"num:{float(value)!r}"
    return repr(value)


def _colour(colour: Any) -> str | None:
    rgb = getattr(colour, "rgb", None)
    return rgb[-6:].upper() if isinstance(rgb, str) else None


def _style(cell: Any) -> str:
    parts = []
    fill = cell.fill
    if fill is not None and fill.fill_type not in (None, "none"):
        parts.append(f"fill={fill.fill_type}:{_colour(fill.fgColor)}")
    font = cell.font
    if font.b:
        parts.append("bold")
    if _colour(font.color) not in (None, "000000"):
        parts.append(f"color={_colour(font.color)}")
    if font.sz and float(font.sz) != 11:
        parts.append(f"size={float(font.sz)}")
    align = cell.alignment
    if align.wrap_text:
        parts.append("wrap")
    if align.horizontal:
        parts.append(f"h={align.horizontal}")
    if align.vertical:
        parts.append(f"v={align.vertical}")
    if cell.number_format != "General":
        parts.append(f"fmt={cell.number_format}")
    if cell.quotePrefix:
        parts.append("quote")
    if cell.border.bottom is not None and cell.border.bottom.style:
        parts.append(f"bottom={cell.border.bottom.style}:{_colour(cell.border.bottom.color)}")
    return " ".join(parts)


def _title(title: Any) -> str:
    texts = []
    if title is not None and title.tx is not None and title.tx.rich is not None:
        for paragraph in title.tx.rich.p:
            texts += [run.t for run in paragraph.r or ()]
    return "".join(texts)


def _chart(chart: Any) -> list[str]:
    anchor = chart.anchor._from
    lines = [f"  chart {type(chart).__name__} at col {anchor.col} row {anchor.row}"]
    lines.append(f"    title {_title(chart.title)!r} x axis {_title(chart.x_axis.title)!r}")
    lines.append(f"    y numFmt {getattr(chart.y_axis.numFmt, 'formatCode', None)!r}")
    for series in chart.series:
        name = series.tx.strRef.f if series.tx and series.tx.strRef else (series.tx.v if series.tx else None)
        smooth = getattr(series.smooth, "val", series.smooth)
        lines.append(
            f"    series {name!r} x={series.xVal.numRef.f} y={series.yVal.numRef.f} "
            f"smooth={bool(smooth)} marker={getattr(series.marker, 'symbol', None)}"
        )
    return lines


def dump(path: str, styles: bool = True) -> list[str]:
    workbook = load_workbook(path)
    out = [f"sheets {workbook.sheetnames}"]
    out.append(f"creator {workbook.properties.creator!r} title {workbook.properties.title!r}")
    for name in sorted(workbook.defined_names):
        defined = workbook.defined_names[name]
        out.append(f"name {name} = {defined.attr_text} hidden={bool(defined.hidden)}")
    for sheet in workbook.worksheets:
        out.append(f"== sheet {sheet.title} state={sheet.sheet_state}")
        out.append(f"  freeze {sheet.freeze_panes} filter {sheet.auto_filter.ref}")
        out.append(f"  merged {sorted(str(r) for r in sheet.merged_cells.ranges)}")
        for check in sheet.data_validations.dataValidation:
            out.append(
                f"  validation {check.type} {check.formula1} {check.sqref} blank={bool(check.allow_blank)} "
                f"error={bool(check.showErrorMessage)} {check.errorTitle!r} {check.error!r}"
            )
        setup = sheet.page_setup
        # A missing fitToWidth or fitToHeight is 1, the file format's default.
        fit = f"{setup.fitToWidth or 1}x{1 if setup.fitToHeight is None else setup.fitToHeight}"
        out.append(
            f"  print {setup.orientation} paper={setup.paperSize} fit={fit} "
            f"fitToPage={sheet.sheet_properties.pageSetUpPr.fitToPage if sheet.sheet_properties.pageSetUpPr else None} "
            f"titles={sheet.print_title_rows}"
        )
        margins = sheet.page_margins
        out.append(
            f"  margins {margins.left} {margins.right} {margins.top} {margins.bottom} "
            f"{margins.header} {margins.footer}"
        )
        for where, part in (
            ("header", sheet.oddHeader.left),
            ("header", sheet.oddHeader.center),
            ("header", sheet.oddHeader.right),
            ("footer", sheet.oddFooter.left),
            ("footer", sheet.oddFooter.right),
        ):
            text = _RUN_TIME.sub("<run time>", part.text or "")
            out.append(f"  {where} {text!r} size={part.size}")
        # One line per column: a writer may store neighbouring columns alike as one range.
        for dimension in sorted(sheet.column_dimensions.values(), key=lambda d: d.min or 0):
            if dimension.width or dimension.hidden or dimension.outline_level:
                for index in range(dimension.min, (dimension.max or dimension.min) + 1):
                    out.append(
                        f"  column {get_column_letter(index)} width={dimension.width} "
                        f"hidden={dimension.hidden} level={dimension.outline_level}"
                    )
        for number, dimension in sorted(sheet.row_dimensions.items()):
            if dimension.height:
                out.append(f"  row {number} height={dimension.height}")
        for chart in sheet._charts:
            out += _chart(chart)
        out.append(f"  size {sheet.max_row}x{sheet.max_column}")
        for row in sheet.iter_rows():
            for cell in row:
                label = _value(cell.value)
                if sheet.title in ("概览", "Summary") and isinstance(cell.value, datetime):
                    first = sheet.cell(cell.row, 1).value
                    if first in ("生成时间", "Generated"):
                        label = "<run time>"
                style = _style(cell) if styles else ""
                comment = f" comment={cell.comment.text!r}" if cell.comment else ""
                if cell.value is None and not style and not comment:
                    continue
                out.append(f"  {cell.coordinate} {cell.data_type} {label} [{style}]{comment}")
    return out


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    print("\n".join(dump(arguments[0], styles="--no-styles" not in sys.argv)))
