"""The systems review on an intake: which body systems are asked about, and their findings.

An intake stores its review as one JSON object, the same shape for every intake::

    {"lymphatic": {"findings": ["swollen_nodes", "heaviness"], "note": "Nodes tender ..."},
     "endocrine": {"findings": [], "note": ""}, ...}

Every system below is always present; ``findings`` holds the keys of that system's ticked
findings in the order listed here. Forms, pages and exports go through this module, never the raw JSON.
"""
from collections.abc import Mapping
from dataclasses import dataclass

#: Longest note kept per system (a line or two in the practitioner's words).
NOTE_MAX_LENGTH = 1000


@dataclass(frozen=True)
class ReviewSystem:
    key: str
    label: str
    #: (key, label) of the findings a practitioner ticks.
    findings: tuple[tuple[str, str], ...]

    @property
    def finding_labels(self) -> dict[str, str]:
        return dict(self.findings)


REVIEW_SYSTEMS: tuple[ReviewSystem, ...] = (
    ReviewSystem("lymphatic", "Lymphatic", (
        ("swollen_nodes", "Swollen or tender lymph nodes"),
        ("heaviness", "Heaviness (head, neck, arms or legs)"),
        ("swelling", "Swelling or puffiness"),
    )),
    ReviewSystem("endocrine", "Endocrine", (
        ("sleep", "Hormone-related sleep changes (night sweats, early waking)"),
        ("temperature", "Temperature swings, feeling cold or overheating"),
        ("menstrual", "Menstrual or menopausal changes"),
        ("glucose", "Blood-sugar swings (shaky or irritable when hungry)"),
    )),
    ReviewSystem("digestive", "Digestive / gut", (
        ("bloating", "Bloating or wind"),
        ("bowel_changes", "Bowel changes (constipation or loose stools)"),
        ("food_sensitivity", "Food sensitivities or nausea"),
    )),
    ReviewSystem("sleep", "Sleep", (
        ("falling_asleep", "Trouble falling asleep"),
        ("night_waking", "Waking in the night"),
        ("pain_waking", "Woken by pain"),
    )),
    ReviewSystem("cognitive", "Cognitive fog", (
        ("concentration", "Poor concentration"),
        ("memory", "Forgetfulness"),
        ("word_finding", "Word-finding difficulty"),
    )),
    ReviewSystem("fatigue", "Fatigue", (
        ("post_exertional", "Crash after exertion"),
        ("daytime_rest", "Needs to rest during the day"),
        ("morning_stiffness", "Stiff and slow in the morning"),
    )),
)
SYSTEMS_BY_KEY: dict[str, ReviewSystem] = {system.key: system for system in REVIEW_SYSTEMS}


@dataclass(frozen=True)
class ReviewEntry:
    """One system's findings, ready to show or export."""

    system: ReviewSystem
    findings: tuple[str, ...]
    note: str

    @property
    def finding_texts(self) -> list[str]:
        labels = self.system.finding_labels
        return [labels[key] for key in self.findings]

    @property
    def is_empty(self) -> bool:
        return not self.findings and not self.note


def normalize_review(data: Mapping | None) -> dict[str, dict]:
    """The stored shape for ``data``: every system, its findings in listed order, notes trimmed.

    Unknown systems or findings raise ``ValueError`` (they mean a programming error, not input:
    the form only offers the listed ones).
    """
    data = data or {}
    unknown = set(data) - SYSTEMS_BY_KEY.keys()
    if unknown:
        raise ValueError(f"Unknown review system(s): {', '.join(sorted(unknown))}")
    review = {}
    for system in REVIEW_SYSTEMS:
        entry = data.get(system.key) or {}
        findings = set(entry.get("findings") or ())
        unknown_findings = findings - system.finding_labels.keys()
        if unknown_findings:
            raise ValueError(f"Unknown {system.key} finding(s): {', '.join(sorted(unknown_findings))}")
        note = (entry.get("note") or "").strip()
        if len(note) > NOTE_MAX_LENGTH:
            raise ValueError(f"The {system.label} note is longer than {NOTE_MAX_LENGTH} characters")
        review[system.key] = {"findings": [key for key, _ in system.findings if key in findings],
                              "note": note}
    return review


def review_entries(review: Mapping | None) -> list[ReviewEntry]:
    """The stored review as entries, one per system in the listed order."""
    review = review or {}
    entries = []
    for system in REVIEW_SYSTEMS:
        stored = review.get(system.key) or {}
        known = system.finding_labels
        findings = tuple(key for key in stored.get("findings") or () if key in known)
        entries.append(ReviewEntry(system, findings, stored.get("note") or ""))
    return entries

