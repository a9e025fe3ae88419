"""The action plan with its progress as a table for people who live in spreadsheets (CSV and XLSX).

One row per action: the plan's fields (App. 13) and where it stands now. Dates stay dates: the XLSX writer
stores them as dates, CSV as YYYY-MM-DD.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import date

from scr_cli.review.monitoring import ActionState

HEADERS = ("ID", "Recommendation", "Action", "Owner agency", "Owner officer", "Intended outcome",
           "Measure of success", "Evidence required", "Audit", "Due (plan)", "Due (agreed)", "Agreed by",
           "Status", "RAG", "State", "Last update", "Last note", "Evidence given", "Completion", "Completed on")
DATE_COLUMNS = frozenset({"Due (plan)", "Due (agreed)", "Last update", "Completed on"})

Cell = str | date | None


def rows(states: Sequence[ActionState], agency_names: Mapping[str, str]) -> list[list[Cell]]:
    out: list[list[Cell]] = []
    for s in states:
        a, latest = s.action, s.latest
        evidence = "; ".join(e.value for e in latest.evidence) if latest else ""
        out.append([a.id, a.recommendation, a.action, agency_names.get(a.owner_agency, a.owner_agency),
                    a.owner_officer, a.outcome, a.measure, a.evidence, a.audit, a.due, s.due, s.agreed_by or "",
                    s.status, s.rag, s.label, latest.date if latest else None, latest.note if latest else "",
                    evidence, s.completion, s.completed_on])
    return out


def to_csv(table: Sequence[Sequence[Cell]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADERS)
    for row in table:
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, date) else v for v in row])
    return buffer.getvalue()
