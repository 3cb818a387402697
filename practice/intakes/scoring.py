"""Scoring for the ACR 2016 fibromyalgia criteria (WPI, SSS, PSD).

These scores are a screening and tracking aid for the practice. They are not a
diagnosis; a diagnosis belongs to a physician.

Sources: Wolfe F. et al., 2016 revisions to the 2010/2011 fibromyalgia diagnostic
criteria (Semin Arthritis Rheum 2016); Wolfe F. et al., J Rheumatol 38:1113 (2011);
Wolfe F. et al., J Rheumatol 42:1494 (2015) for the PSD bands.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class RegionGroup(StrEnum):
    """The five body regions used for the generalized-pain rule."""

    LEFT_UPPER = "left_upper"
    RIGHT_UPPER = "right_upper"
    LEFT_LOWER = "left_lower"
    RIGHT_LOWER = "right_lower"
    AXIAL = "axial"

    @property
    def label(self) -> str:
        return _GROUP_LABELS[self]


_GROUP_LABELS = {
    RegionGroup.LEFT_UPPER: "Left upper region",
    RegionGroup.RIGHT_UPPER: "Right upper region",
    RegionGroup.LEFT_LOWER: "Left lower region",
    RegionGroup.RIGHT_LOWER: "Right lower region",
    RegionGroup.AXIAL: "Axial region",
}


@dataclass(frozen=True)
class Region:
    """One of the 19 Widespread Pain Index regions."""

    key: str
    label: str
    group: RegionGroup
    counts_for_generalized: bool = True


_G = RegionGroup
WPI_REGIONS: tuple[Region, ...] = (
    Region("jaw_left", "Jaw (left)", _G.LEFT_UPPER, False),
    Region("shoulder_girdle_left", "Shoulder girdle (left)", _G.LEFT_UPPER),
    Region("upper_arm_left", "Upper arm (left)", _G.LEFT_UPPER),
    Region("lower_arm_left", "Lower arm (left)", _G.LEFT_UPPER),
    Region("jaw_right", "Jaw (right)", _G.RIGHT_UPPER, False),
    Region("shoulder_girdle_right", "Shoulder girdle (right)", _G.RIGHT_UPPER),
    Region("upper_arm_right", "Upper arm (right)", _G.RIGHT_UPPER),
    Region("lower_arm_right", "Lower arm (right)", _G.RIGHT_UPPER),
    Region("hip_left", "Hip - buttock, trochanter (left)", _G.LEFT_LOWER),
    Region("upper_leg_left", "Upper leg (left)", _G.LEFT_LOWER),
    Region("lower_leg_left", "Lower leg (left)", _G.LEFT_LOWER),
    Region("hip_right", "Hip - buttock, trochanter (right)", _G.RIGHT_LOWER),
    Region("upper_leg_right", "Upper leg (right)", _G.RIGHT_LOWER),
    Region("lower_leg_right", "Lower leg (right)", _G.RIGHT_LOWER),
    Region("neck", "Neck", _G.AXIAL),
    Region("upper_back", "Upper back", _G.AXIAL),
    Region("lower_back", "Lower back", _G.AXIAL),
    Region("chest", "Chest", _G.AXIAL, False),
    Region("abdomen", "Abdomen", _G.AXIAL, False),
)
REGION_KEYS: tuple[str, ...] = tuple(r.key for r in WPI_REGIONS)
REGION_CHOICES: list[tuple[str, str]] = [(r.key, r.label) for r in WPI_REGIONS]
REGIONS_BY_KEY: dict[str, Region] = {r.key: r for r in WPI_REGIONS}


@dataclass(frozen=True)
class SymptomItem:
    """One Symptom Severity Scale item and its answer levels."""

    key: str
    label: str
    levels: tuple[str, ...]

    @property
    def max_value(self) -> int:
        return len(self.levels) - 1

    @property
    def choices(self) -> list[tuple[int, str]]:
        """(value, text) pairs for a WTForms radio or select field (coerce=int)."""
        return [(i, f"{i} - {text}") for i, text in enumerate(self.levels)]


SEVERITY_LEVELS: tuple[str, ...] = (
    "No problem",
    "Slight or mild problems, generally mild or intermittent",
    "Moderate, considerable problems, often present and/or at a moderate level",
    "Severe: pervasive, continuous, life-disturbing problems",
)
SOMATIC_LEVELS: tuple[str, ...] = ("No", "Yes")

_SEV = SEVERITY_LEVELS
SEVERITY_ITEMS: tuple[SymptomItem, ...] = (
    SymptomItem("fatigue", "Fatigue (past week)", _SEV),
    SymptomItem("waking_unrefreshed", "Waking unrefreshed (past week)", _SEV),
    SymptomItem("cognitive_symptoms", "Cognitive symptoms (past week)", _SEV),
)
SOMATIC_ITEMS: tuple[SymptomItem, ...] = (
    SymptomItem("headaches", "Headaches (past 6 months)", SOMATIC_LEVELS),
    SymptomItem(
        "lower_abdominal_pain",
        "Pain or cramps in the lower abdomen (past 6 months)",
        SOMATIC_LEVELS,
    ),
    SymptomItem("depression", "Depression (past 6 months)", SOMATIC_LEVELS),
)
SEVERITY_CHOICES: list[tuple[int, str]] = SEVERITY_ITEMS[0].choices
SOMATIC_CHOICES: list[tuple[int, str]] = SOMATIC_ITEMS[0].choices


class PsdBand(StrEnum):
    """Polysymptomatic distress bands (Wolfe 2015)."""

    NONE = "none"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"
    VERY_SEVERE = "very_severe"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


_PSD_UPPER_BOUNDS = ((3, PsdBand.NONE), (7, PsdBand.MILD), (11, PsdBand.MODERATE),
                     (19, PsdBand.SEVERE), (31, PsdBand.VERY_SEVERE))


def psd_band(psd: int) -> PsdBand:
    """Return the band for a PSD score (0-31); raise ValueError outside that range."""
    if isinstance(psd, bool) or not isinstance(psd, int) or psd < 0:
        raise ValueError(f"PSD must be an integer 0-31, got {psd!r}")
    for upper, band in _PSD_UPPER_BOUNDS:
        if psd <= upper:
            return band
    raise ValueError(f"PSD must be an integer 0-31, got {psd!r}")


@dataclass(frozen=True)
class FibromyalgiaScores:
    """Result of :func:`score`."""

    wpi: int
    sss: int
    psd: int
    psd_band: PsdBand
    painful_groups: int
    generalized_pain: bool
    duration_3_months: bool | None
    criteria_met: bool

    @property
    def summary(self) -> str:
        verdict = "criteria met" if self.criteria_met else "criteria not met"
        return (f"WPI {self.wpi}/19, SSS {self.sss}/12, PSD {self.psd} "
                f"({self.psd_band.label.lower()}); {verdict}")


def _item(name: str, value: int, maximum: int) -> int:
    valid = isinstance(value, int) and not isinstance(value, bool)
    if not (valid and 0 <= value <= maximum):
        raise ValueError(f"{name} must be an integer 0-{maximum}, got {value!r}")
    return value


def score(
    painful_regions: Iterable[str],
    fatigue: int,
    waking_unrefreshed: int,
    cognitive_symptoms: int,
    headaches: int,
    lower_abdominal_pain: int,
    depression: int,
    symptoms_3_months: bool | None,
) -> FibromyalgiaScores:
    """Score the 2016 criteria from the intake answers.

    Raises ValueError for unknown region keys or out-of-range items; duplicate
    regions count once. A bare string for ``painful_regions`` is a TypeError.
    """
    if isinstance(painful_regions, str):
        raise TypeError("painful_regions must be a collection of keys, not a string")
    regions = set(painful_regions)
    unknown = sorted(str(k) for k in regions - REGIONS_BY_KEY.keys())
    if unknown:
        raise ValueError(f"Unknown pain region(s): {', '.join(unknown)}")
    if symptoms_3_months is not None and not isinstance(symptoms_3_months, bool):
        raise ValueError(
            f"symptoms_3_months must be True, False or None, got {symptoms_3_months!r}"
        )

    sss = (
        _item("fatigue", fatigue, 3)
        + _item("waking_unrefreshed", waking_unrefreshed, 3)
        + _item("cognitive_symptoms", cognitive_symptoms, 3)
        + _item("headaches", headaches, 1)
        + _item("lower_abdominal_pain", lower_abdominal_pain, 1)
        + _item("depression", depression, 1)
    )
    wpi = len(regions)
    counted = (REGIONS_BY_KEY[k] for k in regions)
    groups = {r.group for r in counted if r.counts_for_generalized}
    generalized = len(groups) >= 4
    severity_ok = (wpi >= 7 and sss >= 5) or (4 <= wpi <= 6 and sss >= 9)
    psd = wpi + sss
    return FibromyalgiaScores(
        wpi=wpi,
        sss=sss,
        psd=psd,
        psd_band=psd_band(psd),
        painful_groups=len(groups),
        generalized_pain=generalized,
        duration_3_months=symptoms_3_months,
        criteria_met=severity_ok and generalized and symptoms_3_months is True,
    )
