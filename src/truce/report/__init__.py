"""Reports built from the records: the daily report (HTML, PDF, Markdown, JSON)."""

from truce.report.daily import DailyReport, daily_report, latest_event_day
from truce.report.render import FORMATS, render

__all__ = ["FORMATS", "DailyReport", "daily_report", "latest_event_day", "render"]
