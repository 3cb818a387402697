"""The outcomes as a CSV file, written row by row as it is sent (the report is aggregate: one
row per group, never a client)."""
import csv
import io
from collections.abc import Iterator

from practice.core.spreadsheets import csv_cell
from practice.outcomes.figures import MEASURES
from practice.outcomes.queries import OutcomesReport

CAVEAT = ("Observational figures from routine records, with no comparison group: they "
          "describe the clients seen, not what caused any change.")


def csv_header() -> list[str]:
    header = ["template", "condition_type", "period_from", "period_to", "clients", "sessions"]
    for key, _label in MEASURES:
        header += [f"median_change_{key}", f"n_{key}"]
    return header + ["important_improvement_percent", "important_improvement_clients",
                     "n_important_improvement", "median_adherence_percent", "n_adherence"]


def csv_chunks(report: OutcomesReport) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(csv_header())
    yield ("\ufeff" + buffer.getvalue()).encode()
    for row in report.rows:
        buffer.seek(0)
        buffer.truncate()
        values = [row.template, row.condition, report.period.first.isoformat(),
                  report.period.last.isoformat(), row.clients, row.sessions]
        for key, _label in MEASURES:
            values += [row.changes[key].value, row.changes[key].n]
        values += [row.improved.percent, row.improved.count, row.improved.n,
                   row.adherence.value, row.adherence.n]
        writer.writerow([csv_cell(value) for value in values])
        yield buffer.getvalue().encode()
    buffer.seek(0)
    buffer.truncate()
    writer.writerow([f"Note: {CAVEAT}"])
    yield buffer.getvalue().encode()
