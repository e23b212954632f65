"""How an issue is laid out beyond its words: figures as tables, the masthead in a box or a grid.

Offices print the same figures as a sentence or as a table (单位：件 above it, categories as
rows under a 今年以来 heading spanning 受理 / 办结, a 合计 row; or measures as rows under
本周 / 今年以来, or measures over 本周 / 今年以来 in two heading rows), and position the masthead
with a text box or a borderless table. A ``Form`` names those choices; the renderer writes
tables as Markdown pipe tables, which the Word writer turns into real tables with merged
heading cells — ruled, borderless, or no table at all but rows aligned with tab stops or spaces.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from audit.generate.numerals import cn_number

#: How the statistics paragraphs are printed.
FIGURE_FORMS = ("sentence", "table", "transposed")
#: The 综窗 figures may also be one row under measures over 本周 / 今年以来 (two heading rows).
WINDOW_FORMS = (*FIGURE_FORMS, "stacked")
#: How a Word document draws its tables: ruled grid, borderless grid, or rows of text aligned by
#: tab stops or by spaces (no table object), as bulletins typed in WPS often are.
TABLE_BORDERS = ("ruled", "none", "tabs", "spaces")
#: How the masthead is positioned in a Word document (other formats print its lines).
MASTHEAD_FORMS = ("lines", "textbox", "table")
_WINDOW_LABELS = (("咨询", "人次"), ("受理", "件"), ("颁发", "件"), ("流转", "件"))


@dataclass(frozen=True)
class Form:
    """The layout choices of one issue; the default is the plain text of the two real layouts.

    ``total_error`` is added to the 受理 cell of the categories table's 合计 row (a misprinted
    total); ``ragged`` leaves the last cell off that row (a table read only in part).
    ``borders`` (one of ``TABLE_BORDERS``) is how the Word writer draws the tables.
    """

    categories: str = "sentence"
    window: str = "sentence"
    masthead: str = "lines"
    total_error: int = 0
    ragged: bool = False
    borders: str = "ruled"

    @property
    def has_total(self) -> bool:
        return self.categories == "table"


def pipe_table(rows: Sequence[Sequence[str]], header_rows: int = 1) -> str:
    """Return ``rows`` as a Markdown pipe table; the rule line follows the first heading row.

    A cell left empty in a heading row, right of a filled one, is the continuation of that
    cell (Markdown cannot merge cells): readers and the Word writer spread it.
    """
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    rule = "| " + " | ".join("---" for _ in rows[0]) + " |"
    return "\n".join([lines[0], rule, *lines[1:]]) if header_rows else "\n".join(lines)


def categories_table(
    values: dict[str, tuple[int, int]], kinds: str, form: Form, carryover_note: str = ""
) -> str:
    """Return the 受理 / 办结 table of the three categories, with its caption (单位：件)."""
    names = {
        "admin_license": "行政许可事项",
        "public_service": "公共服务事项",
        "other_powers": f"其它{kinds}类行权事项",
    }
    if form.categories == "transposed":
        rows = [
            ["指标", *names.values()],
            ["受理（件）", *(str(values[c][0]) for c in names)],
            ["办结（件）", *(str(values[c][1]) for c in names)],
        ]
        if carryover_note:
            rows[2][-1] += carryover_note
        return pipe_table(rows)
    rows = [["事项类别", "今年以来", ""], ["", "受理", "办结"]]
    for category, name in names.items():
        accepted, completed = values[category]
        note = carryover_note if category == "other_powers" else ""
        rows.append([name, str(accepted), f"{completed}{note}"])
    total = [
        "合计",
        str(sum(v[0] for v in values.values()) + form.total_error),
        str(sum(v[1] for v in values.values())),
    ]
    rows.append(total[:-1] if form.ragged else total)
    return "单位：件\n\n" + pipe_table(rows, header_rows=2)


def window_table(week: Sequence[int], ytd: Sequence[int], since: str, form: Form) -> str:
    """Return the 综窗 table: periods as rows under a 综窗办件 heading, measures as rows, or one row
    under each measure over 本周 / ``since`` (``stacked``: 受理（件） over 本周 | 今年以来)."""
    if form.window == "stacked":
        heading, periods, values = ["项目"], [""], ["综窗办件"]
        for (label, unit), w, y in zip(_WINDOW_LABELS, week, ytd, strict=True):
            heading += [f"{label}（{unit}）", ""]
            periods += ["本周", since]
            values += [str(w), str(y)]
        return pipe_table([heading, periods, values], header_rows=2)
    if form.window == "transposed":
        rows = [["指标", "本周", since]]
        rows += [
            [f"{label}（{unit}）", str(w), str(y)]
            for (label, unit), w, y in zip(_WINDOW_LABELS, week, ytd, strict=True)
        ]
        return pipe_table(rows)
    heading = ["时间", "综窗办件", "", "", ""]
    labels = ["", *(f"{label}（{unit}）" for label, unit in _WINDOW_LABELS)]
    return pipe_table([heading, labels, ["本周", *map(str, week)], [since, *map(str, ytd)]], header_rows=2)


def kinds_text(kinds: int, chinese: bool) -> str:
    return cn_number(kinds) if chinese else str(kinds)
