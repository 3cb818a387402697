"""The one change the outcomes make: the record that someone downloaded them."""
from practice.core import audit
from practice.outcomes.queries import OutcomesReport, describe


def record_outcomes_export(report: OutcomesReport) -> None:
    """A download of the outcomes is on the audit trail, with the choices it was made from."""
    audit.record("outcomes.export", detail={"format": "csv", **describe(report)})
