"""The precautions checklist: what each item is called, what it asks, and what it means for the
work (what to do instead, and the caution the client reads).

Pure data and small functions, imported by the exercise library and plan templates (which
carry the precautions they conflict with) as much as by the checklist itself. The sources
behind each item are in docs/precautions.md.
"""
import enum
from dataclasses import dataclass


class PrecautionKind(enum.Enum):
    INFECTION = "infection"
    BLOOD_CLOTS = "blood_clots"
    CANCER = "cancer"
    HEART_FAILURE = "heart_failure"
    KIDNEY_FAILURE = "kidney_failure"
    LYMPHOEDEMA = "lymphoedema"
    PREGNANCY = "pregnancy"
    RECENT_SURGERY = "recent_surgery"
    BLOOD_THINNERS = "blood_thinners"
    IMPLANTED_DEVICE = "implanted_device"
    OSTEOPOROSIS = "osteoporosis"
    REDUCED_SENSATION = "reduced_sensation"
    BROKEN_SKIN = "broken_skin"
    ALLERGIES = "allergies"
    OTHER = "other"

    @property
    def about(self) -> "KindInfo":
        return KINDS[self]

    @property
    def label(self) -> str:
        return KINDS[self].label


class Side(enum.Enum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class Limb(enum.Enum):
    ARM = "arm"
    LEG = "leg"
    TRUNK = "trunk"
    HEAD_NECK = "head_neck"


SIDE_LABELS = {Side.LEFT: "Left", Side.RIGHT: "Right", Side.BOTH: "Both sides"}
LIMB_LABELS = {Limb.ARM: "Arm", Limb.LEG: "Leg", Limb.TRUNK: "Trunk or breast",
               Limb.HEAD_NECK: "Head and neck"}


#: The detail fields an item can have; each kind asks for some of them (``KindInfo.fields``).
DETAILS, SITE, EVENT_ON, DUE_ON, SIDE, LIMB, UNDER_TREATMENT, CLEARED = (
    "details", "site", "event_on", "due_on", "side", "limb", "under_treatment",
    "cleared_by_doctor")


@dataclass(frozen=True)
class KindInfo:
    label: str
    #: The detail fields the checklist asks for this item, in form order.
    fields: tuple[str, ...]
    #: What the details field asks, where the item has one.
    details_prompt: str
    #: For the practitioner, when an exercise or step conflicts: what to do instead.
    instead: str
    #: For the client, beside an exercise that concerns them: the caution in plain words,
    #: never naming the condition (``{where}`` is filled in where the item says where).
    client_caution: str
    #: Going ahead against it always asks a second confirmation.
    grave: bool = False


KINDS: dict[PrecautionKind, KindInfo] = {
    PrecautionKind.INFECTION: KindInfo(
        "Active infection or fever", (DETAILS,), "What, and since when",
        "Postpone lymph work, heat and exercise until the infection or fever has settled "
        "(on antibiotics, only once the client's doctor says so); breathing practice meanwhile.",
        "Not on a day you have a raised temperature or feel ill: rest and breathe gently "
        "instead, and start again once you are well.", grave=True),
    PrecautionKind.BLOOD_CLOTS: KindInfo(
        "History of blood clots (DVT or PE)", (DETAILS,), "When, where, and the treatment",
        "No lymph drainage, patting or massage without the agreement of the client's doctor, "
        "and never on a limb with a clot; choose breathing or gentle movement instead.",
        "Use only the gentle touch you were shown, never on a leg or arm that is swollen, "
        "painful or hot.", grave=True),
    PrecautionKind.CANCER: KindInfo(
        "Cancer, under treatment or recent", (UNDER_TREATMENT, CLEARED, DETAILS),
        "Which, the treatment, and what the doctor cleared",
        "Lymph work and heat only with the agreement of the client's cancer team; keep away "
        "from treated areas. Breathing and gentle movement are the safe choice meanwhile.",
        "Do this only as you were shown, and ask your doctor's team before changing anything."),
    PrecautionKind.HEART_FAILURE: KindInfo(
        "Heart failure", (DETAILS,), "How well controlled, and the treatment",
        "Lymph work sends fluid back to the heart: only when the heart failure is stable and "
        "the client's doctor agrees, short and light.",
        "Keep it short and gentle. Stop and rest if you get short of breath or more swollen "
        "than usual."),
    PrecautionKind.KIDNEY_FAILURE: KindInfo(
        "Kidney failure", (DETAILS,), "Stage and treatment (for example dialysis)",
        "Lymph work adds to the fluid the kidneys must clear: only with the agreement of the "
        "client's doctor, short and light.",
        "Keep it short and gentle; stop if you feel unwell or more swollen than usual."),
    PrecautionKind.LYMPHOEDEMA: KindInfo(
        "Lymphoedema", (SIDE, LIMB, DETAILS), "Garment, therapist, anything else",
        "Keep heat, patting and pressure off the affected limb and that side of the trunk; "
        "follow the client's lymphoedema therapist's advice.",
        "Keep warmth, patting and pressure away from {where}."),
    PrecautionKind.PREGNANCY: KindInfo(
        "Pregnancy", (DUE_ON, DETAILS), "Anything the midwife has said",
        "No bouncing, jumping, deep forward bends or work on the belly, and no overheating; "
        "choose seated or supported versions.",
        "No bouncing or jumping, nothing pressing on your belly, and do not get too hot."),
    PrecautionKind.RECENT_SURGERY: KindInfo(
        "Recent surgery", (SITE, EVENT_ON, DETAILS), "What the surgeon allows",
        "Keep away from the operated area and within the range the surgeon allows until they "
        "clear it.",
        "Keep away from {where} and move it only as far as your surgeon allows."),
    PrecautionKind.BLOOD_THINNERS: KindInfo(
        "Blood thinners", (DETAILS,), "Which medicine",
        "Stroke lightly instead of patting, tapping or deep pressure: bruising comes easily.",
        "Stroke gently instead of patting, tapping or pressing: you may bruise easily."),
    PrecautionKind.IMPLANTED_DEVICE: KindInfo(
        "Implanted device", (SITE, DETAILS), "Which device",
        "No heat, pressure or tapping over the device; check the maker's advice.",
        "No warmth, pressing or tapping over {where}."),
    PrecautionKind.OSTEOPOROSIS: KindInfo(
        "Osteoporosis", (DETAILS,), "Fractures, what the doctor advises",
        "No bouncing, heel drops, twisting under load or deep forward bends; choose supported, "
        "upright versions.",
        "Keep your heels down: no bouncing, no twisting while you lift, no deep bending "
        "forward."),
    PrecautionKind.REDUCED_SENSATION: KindInfo(
        "Reduced sensation", (SITE, DETAILS), "What causes it",
        "No heat on skin the client cannot feel properly: they will not notice a burn.",
        "Never put warmth on {where}: you may not feel it burn."),
    PrecautionKind.BROKEN_SKIN: KindInfo(
        "Broken skin", (SITE, DETAILS), "What it is (wound, ulcer, rash)",
        "Keep off broken skin, wounds and rashes: no heat, rubbing or tapping there.",
        "Keep away from {where}."),
    PrecautionKind.ALLERGIES: KindInfo(
        "Allergies", (DETAILS,), "To what",
        "Check what touches the skin (oils, creams, heat packs) against the client's allergies.",
        "Use only what is safe for your skin: check oils, creams and packs first."),
    PrecautionKind.OTHER: KindInfo(
        "Other", (DETAILS,), "What to keep in mind",
        "Read the note on the checklist before going ahead.",
        "Take care as you were shown."),
}

#: What the client's "where" reads as when the item does not say (never the condition).
WHERE_FALLBACK = {
    PrecautionKind.LYMPHOEDEMA: "the swollen limb",
    PrecautionKind.RECENT_SURGERY: "the area that was operated on",
    PrecautionKind.IMPLANTED_DEVICE: "your implanted device",
    PrecautionKind.REDUCED_SENSATION: "skin that feels numb",
    PrecautionKind.BROKEN_SKIN: "any cut, sore or rash",
}

#: What an exercise or plan step can be tagged with: every item but the free-text one.
TAGGABLE = tuple(kind for kind in PrecautionKind if kind is not PrecautionKind.OTHER)
TAG_CHOICES = [(kind.value, kind.label) for kind in TAGGABLE]


#: Every kind by its stored value, and its place on the checklist (built once: stored lists
#: are parsed for every row loaded, many times per page).
_KINDS_BY_VALUE = {kind.value: kind for kind in PrecautionKind}
_CHECKLIST_PLACE = {kind: place for place, kind in enumerate(PrecautionKind)}


def parse_kinds(values) -> list[PrecautionKind]:
    """Kinds from stored or submitted values, unknown ones dropped, order of the list kept."""
    if not values:
        return []
    chosen = {_KINDS_BY_VALUE[value] if isinstance(value, str) else value for value in values
              if isinstance(value, PrecautionKind) or value in _KINDS_BY_VALUE}
    return sorted(chosen, key=_CHECKLIST_PLACE.__getitem__)


# Typical conflicts of the techniques the practice library and templates use (sources in
# docs/precautions.md). The starter library and templates are tagged from these.

#: Gentle lymphatic drainage by hand: moves fluid towards the heart.
LYMPH_DRAINAGE = (PrecautionKind.INFECTION, PrecautionKind.BLOOD_CLOTS, PrecautionKind.CANCER,
                  PrecautionKind.HEART_FAILURE, PrecautionKind.KIDNEY_FAILURE,
                  PrecautionKind.BROKEN_SKIN, PrecautionKind.RECENT_SURGERY)
#: Patting and tapping along the limbs: lymph work with impact.
PATTING = (*LYMPH_DRAINAGE, PrecautionKind.LYMPHOEDEMA, PrecautionKind.BLOOD_THINNERS)
#: Warmth on the skin (compress, wheat bag, shower).
HEAT = (PrecautionKind.INFECTION, PrecautionKind.LYMPHOEDEMA, PrecautionKind.REDUCED_SENSATION,
        PrecautionKind.BROKEN_SKIN)
#: Bouncing, shaking and heel drops.
BOUNCING = (PrecautionKind.INFECTION, PrecautionKind.PREGNANCY, PrecautionKind.OSTEOPOROSIS)
#: Standing forms with forward bends, twists and arms overhead.
STANDING_FORMS = (PrecautionKind.INFECTION, PrecautionKind.PREGNANCY,
                  PrecautionKind.OSTEOPOROSIS, PrecautionKind.RECENT_SURGERY)
#: Moving the shoulders and arms.
SHOULDER_MOVEMENT = (PrecautionKind.RECENT_SURGERY,)
#: Rubbing the skin (kidney area).
RUBBING = (PrecautionKind.INFECTION, PrecautionKind.BROKEN_SKIN)
#: Work on the belly.
ABDOMINAL = (PrecautionKind.PREGNANCY, PrecautionKind.RECENT_SURGERY)
#: Exercise that raises the heart rate (walking).
EXERTION = (PrecautionKind.INFECTION,)
