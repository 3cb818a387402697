"""The body systems a plan, a session step or an exercise works on."""
import enum


class FocusSystem(enum.Enum):
    LYMPHATIC = "lymphatic"
    ENDOCRINE = "endocrine"
    CIRCULATORY = "circulatory"
    DIGESTIVE = "digestive"
    NERVOUS_SLEEP = "nervous_sleep"
    MUSCULOSKELETAL = "musculoskeletal"
    OTHER = "other"

    @property
    def label(self) -> str:
        return FOCUS_LABELS[self]


FOCUS_LABELS = {
    FocusSystem.LYMPHATIC: "Lymphatic",
    FocusSystem.ENDOCRINE: "Endocrine",
    FocusSystem.CIRCULATORY: "Circulatory",
    FocusSystem.DIGESTIVE: "Digestive",
    FocusSystem.NERVOUS_SLEEP: "Nervous system and sleep",
    FocusSystem.MUSCULOSKELETAL: "Musculoskeletal (neck and shoulders)",
    FocusSystem.OTHER: "Other",
}

FOCUS_CHOICES = [(focus.value, focus.label) for focus in FocusSystem]


def parse_focus_list(values) -> list[FocusSystem]:
    """Focus systems from stored or submitted values, unknown ones dropped, order kept."""
    known = {focus.value: focus for focus in FocusSystem}
    seen = []
    for value in values or []:
        focus = known.get(value)
        if focus and focus not in seen:
            seen.append(focus)
    return seen
