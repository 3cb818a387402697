"""The consent wordings, by version. A version never changes once shipped: a new wording is a
new version added here (and made current), so every record keeps pointing at the words the
client agreed to."""
import enum
from dataclasses import dataclass
from datetime import date


class ConsentKind(enum.Enum):
    TREATMENT = "treatment"
    RECORDS = "records"
    #: Reminders and other messages about their care: the client's own choice, in the portal.
    MESSAGES = "messages"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    ConsentKind.TREATMENT: "Consent to treatment",
    ConsentKind.RECORDS: "Consent to keeping records",
    ConsentKind.MESSAGES: "Reminders and other messages",
}
#: What the practitioner records; messages are the client's to give or stop in the portal.
PRACTITIONER_KINDS = (ConsentKind.TREATMENT, ConsentKind.RECORDS)


@dataclass(frozen=True)
class Wording:
    kind: ConsentKind
    #: Stored on each consent record: ``<kind>-<year>-<month>`` of the day it was introduced.
    version: str
    introduced_on: date
    text: str


WORDINGS: tuple[Wording, ...] = (
    Wording(ConsentKind.TREATMENT, "treatment-2026-12", date(2026, 12, 2),
            "I agree to medical qigong sessions with my practitioner: breathing, gentle "
            "movement and light hands-on work such as lymph-care strokes, and exercises to do at "
            "home. I understand that qigong does not diagnose or treat disease and does not "
            "replace my doctor's care. I will tell my practitioner about changes in my health, "
            "my medicines, and if I am or may be pregnant. I can ask questions, say no to any "
            "part of a session, and stop at any time."),
    Wording(ConsentKind.RECORDS, "records-2026-12", date(2026, 12, 2),
            "I agree that my practitioner keeps records of my care: my contact details, health "
            "history, intake and session notes, home exercises and check-ins. They are kept "
            "securely and seen only by my practitioner (and the practice's administrator, to "
            "run the practice); every view and change is logged, and I can see who opened my "
            "record. They are kept after my care ends for as long as the law requires. I can "
            "ask to see them, for a copy, and for mistakes to be corrected."),
    Wording(ConsentKind.MESSAGES, "messages-2026-12", date(2026, 12, 2),
            "Send me reminders and other messages about my care by email, for example "
            "appointment reminders and changes to my home exercises. I can stop them at any "
            "time on this page. Messages about my account, such as an invitation or a password "
            "reset link, are sent whatever I choose here."),
)
BY_VERSION = {wording.version: wording for wording in WORDINGS}


def current_wording(kind: ConsentKind) -> Wording:
    """The wording now in use for ``kind``: the most recently introduced one."""
    return max((wording for wording in WORDINGS if wording.kind is kind),
               key=lambda wording: wording.introduced_on)


def wording_of(version: str) -> Wording | None:
    return BY_VERSION.get(version)
