"""Signed notes as FHIR documents: a Composition per note, one per addendum, a Provenance per
signature.

A note (intake or session) is a Composition: final and attested (``mode`` legal: who signed,
when) once signed, preliminary while a draft, entered-in-error when a draft was discarded.
Each addendum is a Composition of its own that ``appends`` to the note's, with its author
and time. Each signature has a Provenance: the signer as legal authenticator, on behalf of
the practice, at the signing time, over the note and the resources it documents.
"""
import html

from practice.exports.fhir_common import Ids, compact, record_status
from practice.exports.fhir_terms import LEGAL_AUTHENTICATOR, LEGALLY_AUTHENTICATED


def narrative(*paragraphs: str) -> dict:
    """Plain text as an XHTML narrative, every character escaped."""
    body = "".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>'}


def section(title: str, *, code: dict | None = None, text: str | None = None,
            entries: list[dict] | None = None) -> dict | None:
    """A Composition section, or None when it would hold nothing."""
    if not text and not entries:
        return None
    return compact(title=title, code={"coding": [code], "text": title} if code else None,
                   text=narrative(*text.splitlines()) if text else None, entry=entries)


def note_documents(ids: Ids, kind: str, record: dict, client: dict, *, doc_type: dict,
                   title: str, author_id: int, sections: list, documents: list[dict],
                   encounter: dict | None = None) -> list[dict]:
    """The note's Composition, a Composition per addendum and, when signed, a Provenance.

    :param documents: references to the resources the note documents (the Provenance's
        targets beside the Composition).
    """
    composition_ref = ids.ref(kind, record["id"], "composition")
    signed = bool(record.get("signed_at"))
    composition = compact(
        resourceType="Composition", id=ids.resource_id(kind, record["id"], "composition"),
        identifier=ids.identifier(kind, record["id"])[0], status=record_status(record),
        type={"coding": [doc_type], "text": doc_type["display"]},
        subject=ids.ref("client", client["id"]), encounter=encounter,
        date=record.get("signed_at") or record.get("updated_at") or record["created_at"],
        author=[ids.ref("user", author_id)], title=title,
        attester=[{"mode": "legal", "time": record["signed_at"],
                   "party": ids.ref("user", record["signed_by_id"])}] if signed else None,
        custodian=ids.organization,
        section=[part for part in sections if part])
    resources = [composition]
    for addendum in record.get("addenda", []):
        resources.append({
            "resourceType": "Composition",
            "id": ids.resource_id(f"{kind}-addendum", addendum["id"]),
            "identifier": ids.identifier(f"{kind}-addendum", addendum["id"])[0],
            "status": "final", "type": composition["type"],
            "subject": ids.ref("client", client["id"]), "date": addendum["created_at"],
            "author": [ids.ref("user", addendum["author_id"])], "title": f"Addendum: {title}",
            "custodian": ids.organization,
            "relatesTo": [{"code": "appends", "targetReference": composition_ref}],
            "section": [section("Addendum", text=addendum["body"])]})
    if signed:
        resources.append({
            "resourceType": "Provenance", "id": ids.resource_id(kind, record["id"], "signature"),
            "target": [composition_ref, *documents], "occurredDateTime": record["signed_at"],
            "recorded": record["signed_at"],
            "activity": {"coding": [LEGALLY_AUTHENTICATED], "text": "Signed and locked"},
            "agent": [{"type": {"coding": [LEGAL_AUTHENTICATOR]},
                       "who": ids.ref("user", record["signed_by_id"]),
                       "onBehalfOf": ids.organization}]})
    return resources
