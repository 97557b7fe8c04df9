"""R2: the allowance summary as a downloadable CSV or JSON document (contract §9 R2)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Literal

from api.reports.schemas import ExportOut, allowance_summary_out, report_entry_out
from api.reports.service import AllowanceReport, ExportFormat
from models.money import cents_to_decimal_text
from models.timeutil import as_utc, isoformat_z

CSV_HEADER = ("Child Name", "Completed Chores", "Total Earned", "Total Adjustments", "Balance Due", "Pending Value",
              "Last Activity")
ENTRIES_HEADER = ("Date", "Child Name", "Kind", "Amount", "Reason")
CONTENT_TYPES: dict[ExportFormat, Literal["text/csv", "application/json"]] = {
    ExportFormat.CSV: "text/csv",
    ExportFormat.JSON: "application/json",
}


def _plain_time(value: datetime | None) -> str | None:
    """``YYYY-MM-DD HH:MM:SS[.ffffff]`` in UTC, as the JSON export renders datetimes."""
    return None if value is None else str(as_utc(value).replace(tzinfo=None))


def _csv(report: AllowanceReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in report.children:
        writer.writerow([
            row.username,
            row.money.rewards_count,
            cents_to_decimal_text(row.money.earned_cents),
            cents_to_decimal_text(row.money.adjustments_cents),
            cents_to_decimal_text(row.money.balance_cents),
            cents_to_decimal_text(row.pending_cents),
            isoformat_z(row.last_activity_date) or "",
        ])
    writer.writerow([])
    writer.writerow(["FAMILY TOTALS"] + [""] * 6)
    totals = report.totals
    writer.writerow([
        "All Children",
        totals.rewards_count,
        cents_to_decimal_text(totals.earned_cents),
        cents_to_decimal_text(totals.adjustments_cents),
        cents_to_decimal_text(totals.balance_cents),
        "",
        "",
    ])
    if report.entries is not None:
        padding = [""] * (len(CSV_HEADER) - len(ENTRIES_HEADER))
        writer.writerow([])
        writer.writerow(["LEDGER ENTRIES"] + [""] * (len(CSV_HEADER) - 1))
        writer.writerow([*ENTRIES_HEADER, *padding])
        for entry in report.entries:
            writer.writerow([isoformat_z(entry.created_at), entry.child_name, entry.kind.value,
                             cents_to_decimal_text(entry.amount_cents), entry.reason, *padding])
    return buffer.getvalue()


def _json(report: AllowanceReport) -> str:
    document: dict[str, object] = {**allowance_summary_out(report, render_time=_plain_time)}
    if report.entries is not None:
        document["ledger_entries"] = [report_entry_out(entry, _plain_time) for entry in report.entries]
    return json.dumps(document, indent=2)


def export_out(report: AllowanceReport, export_format: ExportFormat, now: datetime) -> ExportOut:
    """R2's body: the document, its media type and a timestamped file name."""
    content = _csv(report) if export_format is ExportFormat.CSV else _json(report)
    return {
        "content": content,
        "content_type": CONTENT_TYPES[export_format],
        "filename": f"allowance_summary_{as_utc(now):%Y%m%d_%H%M%S}.{export_format.value}",
    }
