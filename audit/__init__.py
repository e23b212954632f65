"""Audit toolkit for the 窗口工作周报 weekly reports: ingest, extract, check, report."""

__version__ = "0.1.0"
