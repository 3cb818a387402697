"""The audit event of a search: which clients' notes it showed, so each of them sees it in
"Who saw my record" (the client ids are listed as an export lists them)."""
from practice.core import audit
from practice.notes_search.queries import Hit


def record_search(words: list[str], hits: list[Hit], *, include_archived: bool) -> None:
    audit.record("notes.search", detail={
        "words": len(words), "results": len(hits), "archived_included": include_archived,
        "client_ids": sorted({hit.client_id for hit in hits})})
