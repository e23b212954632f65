"""JUnit XML for CI dashboards: one test suite per issue, one test case per rule."""

from __future__ import annotations

import re
from itertools import groupby
from typing import Any
from xml.etree import ElementTree as ET

from schemas.rules import RULES

# Lone surrogates too: no UTF-8 file can hold them (a saved result may carry them as \ud800 escapes).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: Any) -> str:
    """Return ``text`` with the characters XML 1.0 cannot hold made visible."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", "" if text is None else str(text))


def _page(finding: dict[str, Any]) -> str:
    """Return "第N页 " for a finding in a paged document (PDF), else nothing."""
    return f"第{finding['page']}页 " if finding.get("page") else ""


def render(data: dict[str, Any]) -> str:
    """Return JUnit XML: a testcase per (issue, rule), failed by error/warning findings, skipped when waived."""
    root = ET.Element("testsuites", name="weekly-report-audit")
    by_source = {
        s: list(f)
        for s, f in groupby(sorted(data["findings"], key=lambda f: f["source"]), lambda f: f["source"])
    }
    sources = [issue["source"] for issue in data["issues"]]
    sources += sorted(set(by_source) - set(sources))
    rule_ids = [rule.id for rule in RULES]
    for source in sources:
        findings = by_source.get(source, [])
        suite = ET.SubElement(root, "testsuite", name=_xml_text(source))
        ids = rule_ids + sorted({f["rule"] for f in findings} - set(rule_ids))
        failures = skipped = 0
        for rule_id in ids:
            case = ET.SubElement(suite, "testcase", classname=_xml_text(source), name=rule_id)
            hits = [f for f in findings if f["rule"] == rule_id and f["severity"] != "info"]
            live = [f for f in hits if not f["waived"]]
            if live:
                failures += 1
                body = "\n".join(
                    f"{_page(f)}line {f['line'] or '-'}: {f['message']} | {f['evidence'] or ''}" for f in live
                )
                failure = ET.SubElement(
                    case, "failure", message=_xml_text(live[0]["message"]), type=live[0]["severity"]
                )
                failure.text = _xml_text(body)
            elif hits:
                skipped += 1
                ET.SubElement(case, "skipped", message=_xml_text(f"waived: {hits[0]['waiver']}"))
        suite.set("tests", str(len(ids)))
        suite.set("failures", str(failures))
        suite.set("skipped", str(skipped))
        suite.set("errors", "0")
    for item in data.get("unreadable", []):
        suite = ET.SubElement(
            root, "testsuite", name=_xml_text(item["source"]), tests="1", failures="0", errors="1"
        )
        case = ET.SubElement(suite, "testcase", classname=_xml_text(item["source"]), name="readable")
        ET.SubElement(case, "error", message=_xml_text(item["message"]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
