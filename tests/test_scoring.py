"""Tests for the ACR 2016 fibromyalgia scoring functions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practice.intakes import scoring
from practice.intakes.scoring import (
    REGION_CHOICES,
    REGION_KEYS,
    SEVERITY_ITEMS,
    SOMATIC_ITEMS,
    WPI_REGIONS,
    FibromyalgiaScores,
    PsdBand,
    RegionGroup,
    psd_band,
    score,
)

# One region in each of the five groups, all counting toward generalized pain.
FOUR_GROUPS = ["shoulder_girdle_left", "upper_arm_right", "hip_left", "upper_leg_right"]
FIVE_GROUPS = [*FOUR_GROUPS, "neck"]


def run(regions, sss=0, months=True):
    """Score with the SSS spread over the items (severity items first)."""
    items = [0] * 6
    left = sss
    for i, cap in enumerate((3, 3, 3, 1, 1, 1)):
        items[i] = min(cap, left)
        left -= items[i]
    assert left == 0, "sss out of range for the helper"
    return score(regions, *items, symptoms_3_months=months)


def regions_in_groups(wpi: int, groups: int = 5) -> list[str]:
    """Pick ``wpi`` regions whose pain spans exactly ``groups`` groups."""
    chosen = FIVE_GROUPS[:groups]
    allowed = {scoring.REGIONS_BY_KEY[k].group for k in chosen}
    extra = sorted(
        (r for r in WPI_REGIONS if r.key not in chosen and r.group in allowed),
        key=lambda r: not r.counts_for_generalized,
    )
    extra = [r.key for r in extra]
    result = chosen + extra[: wpi - len(chosen)]
    assert len(result) == wpi
    return result


# --- region definitions ------------------------------------------------------


def test_regions_published_order_and_keys():
    assert REGION_KEYS == (
        "jaw_left", "shoulder_girdle_left", "upper_arm_left", "lower_arm_left",
        "jaw_right", "shoulder_girdle_right", "upper_arm_right", "lower_arm_right",
        "hip_left", "upper_leg_left", "lower_leg_left",
        "hip_right", "upper_leg_right", "lower_leg_right",
        "neck", "upper_back", "lower_back", "chest", "abdomen",
    )  # fmt: skip
    assert len(WPI_REGIONS) == 19
    assert REGION_CHOICES[0] == ("jaw_left", "Jaw (left)")
    assert ("hip_right", "Hip - buttock, trochanter (right)") in REGION_CHOICES
    assert [k for k, _ in REGION_CHOICES] == list(REGION_KEYS)


def test_region_groups_and_non_counting_regions():
    per_group = dict.fromkeys(RegionGroup, 0)
    for r in WPI_REGIONS:
        per_group[r.group] += 1
    assert per_group == {
        RegionGroup.LEFT_UPPER: 4, RegionGroup.RIGHT_UPPER: 4,
        RegionGroup.LEFT_LOWER: 3, RegionGroup.RIGHT_LOWER: 3, RegionGroup.AXIAL: 5,
    }  # fmt: skip
    not_counting = {r.key for r in WPI_REGIONS if not r.counts_for_generalized}
    assert not_counting == {"jaw_left", "jaw_right", "chest", "abdomen"}
    assert all(g.label for g in RegionGroup)


def test_symptom_items():
    assert [i.key for i in SEVERITY_ITEMS] == [
        "fatigue", "waking_unrefreshed", "cognitive_symptoms"
    ]
    assert [i.key for i in SOMATIC_ITEMS] == [
        "headaches", "lower_abdominal_pain", "depression"
    ]
    assert all(i.max_value == 3 and len(i.choices) == 4 for i in SEVERITY_ITEMS)
    assert all(i.max_value == 1 and len(i.choices) == 2 for i in SOMATIC_ITEMS)
    assert [v for v, _ in scoring.SEVERITY_CHOICES] == [0, 1, 2, 3]
    assert [v for v, _ in scoring.SOMATIC_CHOICES] == [0, 1]
    assert "life-disturbing" in SEVERITY_ITEMS[0].levels[3]


# --- severity thresholds -----------------------------------------------------


@pytest.mark.parametrize(
    ("wpi", "sss", "met"),
    [
        (3, 12, False),  # WPI below 4 never qualifies
        (4, 8, False),
        (4, 9, True),
        (6, 8, False),
        (6, 9, True),
        (6, 12, True),
        (7, 4, False),
        (7, 5, True),
        (19, 4, False),
        (19, 5, True),
    ],
)
def test_wpi_sss_thresholds(wpi, sss, met):
    groups = 5 if wpi >= 5 else 4
    if wpi >= 4:
        regions = regions_in_groups(wpi, groups)
    else:
        regions = ["neck", "chest", "jaw_left"]
    result = run(regions, sss)
    assert result.wpi == wpi
    assert result.sss == sss
    assert result.criteria_met is met
    if wpi >= 4:
        assert result.generalized_pain


def test_wpi_3_cannot_reach_generalized_pain():
    # With WPI 3 at most 3 groups can be painful, so the 2010 "WPI 3-6" branch
    # can never lead to a positive result under the 2016 rules.
    result = run(["shoulder_girdle_left", "hip_right", "neck"], 12)
    assert result.painful_groups == 3
    assert not result.generalized_pain
    assert not result.criteria_met


# --- generalized pain --------------------------------------------------------


def test_three_groups_not_generalized():
    regions = ["shoulder_girdle_left", "upper_arm_left", "lower_arm_left",
               "shoulder_girdle_right", "upper_arm_right", "lower_arm_right",
               "neck", "upper_back", "lower_back"]  # fmt: skip
    result = run(regions, 12)
    assert result.wpi == 9
    assert result.painful_groups == 3
    assert not result.generalized_pain
    assert not result.criteria_met


def test_four_groups_generalized():
    result = run(regions_in_groups(7, 4), 5)
    assert result.painful_groups == 4
    assert result.generalized_pain
    assert result.criteria_met


@pytest.mark.parametrize("excluded", ["jaw_left", "jaw_right", "chest", "abdomen"])
def test_jaw_chest_abdomen_do_not_count_for_groups(excluded):
    # Three groups from counting regions, the fourth only from an excluded one.
    base = ["upper_leg_left", "lower_leg_left", "upper_leg_right", "lower_leg_right",
            "hip_left", "hip_right"]  # fmt: skip
    if excluded in ("chest", "abdomen"):
        base.append("shoulder_girdle_left")  # axial only via the excluded region
    else:
        base.append("neck")  # axial counts; an upper group only via the jaw
    result = run([*base, excluded], 12)
    assert result.wpi == 8  # excluded regions still count toward the WPI
    assert result.painful_groups == 3
    assert not result.generalized_pain
    assert not result.criteria_met


def test_excluded_regions_only():
    result = run(["jaw_left", "jaw_right", "chest", "abdomen"], 12)
    assert result.wpi == 4
    assert result.painful_groups == 0
    assert not result.criteria_met


# --- three-month rule --------------------------------------------------------


@pytest.mark.parametrize(
    ("months", "met"), [(True, True), (False, False), (None, False)]
)
def test_three_month_rule(months, met):
    result = run(regions_in_groups(7), 5, months=months)
    assert result.duration_3_months is months
    assert result.criteria_met is met


# --- PSD ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("psd", "band"),
    [
        (0, PsdBand.NONE), (3, PsdBand.NONE),
        (4, PsdBand.MILD), (7, PsdBand.MILD),
        (8, PsdBand.MODERATE), (11, PsdBand.MODERATE),
        (12, PsdBand.SEVERE), (19, PsdBand.SEVERE),
        (20, PsdBand.VERY_SEVERE), (31, PsdBand.VERY_SEVERE),
    ],
)  # fmt: skip
def test_psd_band_boundaries(psd, band):
    assert psd_band(psd) is band


@pytest.mark.parametrize("bad", [-1, 32, 3.0, "5", True, None])
def test_psd_band_rejects_out_of_range(bad):
    with pytest.raises(ValueError):
        psd_band(bad)


def test_psd_in_result_all_and_nothing():
    nothing = score([], 0, 0, 0, 0, 0, 0, None)
    assert (nothing.wpi, nothing.sss, nothing.psd) == (0, 0, 0)
    assert nothing.psd_band is PsdBand.NONE
    everything = score(REGION_KEYS, 3, 3, 3, 1, 1, 1, True)
    assert (everything.wpi, everything.sss, everything.psd) == (19, 12, 31)
    assert everything.psd_band is PsdBand.VERY_SEVERE
    assert everything.painful_groups == 5
    assert everything.criteria_met


# --- input handling ----------------------------------------------------------


def test_duplicate_regions_count_once():
    result = score(["neck", "neck", "chest"], 0, 0, 0, 0, 0, 0, True)
    assert result.wpi == 2


def test_accepts_any_iterable_of_keys():
    assert score(iter(("neck", "chest")), 1, 0, 0, 0, 0, 0, True).psd == 3
    assert score(frozenset(REGION_KEYS[:2]), 0, 0, 0, 0, 0, 0, True).wpi == 2


@pytest.mark.parametrize("regions", [["knee"], ["neck", "Neck"], [""], [None], [7]])
def test_unknown_regions_rejected(regions):
    with pytest.raises(ValueError):
        score(regions, 0, 0, 0, 0, 0, 0, True)


def test_bare_string_regions_rejected():
    with pytest.raises(TypeError):
        score("neck", 0, 0, 0, 0, 0, 0, True)


@pytest.mark.parametrize("position", range(6))
@pytest.mark.parametrize("bad", [-1, 4, 2.0, "1", None, True])
def test_out_of_range_items_rejected(position, bad):
    items = [0] * 6
    items[position] = bad
    if position >= 3 and bad == 4:
        items[position] = 2  # somatic items stop at 1
    with pytest.raises(ValueError):
        score(["neck"], *items, symptoms_3_months=True)


@pytest.mark.parametrize("months", [1, 0, "yes", "True"])
def test_three_month_answer_must_be_bool_or_none(months):
    with pytest.raises(ValueError):
        score(["neck"], 0, 0, 0, 0, 0, 0, months)


def test_result_is_frozen_and_summarised():
    result = run(regions_in_groups(7), 5)
    assert isinstance(result, FibromyalgiaScores)
    with pytest.raises(AttributeError):
        result.wpi = 3  # type: ignore[misc]
    assert result.summary == "WPI 7/19, SSS 5/12, PSD 12 (severe); criteria met"
    assert "not met" in run([], 0).summary


# --- independent re-implementation -------------------------------------------
# Written from the published criteria text, deliberately in a different shape.

PUBLISHED_GROUPS = {
    "left upper": ["jaw_left", "shoulder_girdle_left", "upper_arm_left",
                   "lower_arm_left"],
    "right upper": ["jaw_right", "shoulder_girdle_right", "upper_arm_right",
                    "lower_arm_right"],
    "left lower": ["hip_left", "upper_leg_left", "lower_leg_left"],
    "right lower": ["hip_right", "upper_leg_right", "lower_leg_right"],
    "axial": ["neck", "upper_back", "lower_back", "chest", "abdomen"],
}  # fmt: skip
NOT_FOR_GENERALIZED = ("jaw_left", "jaw_right", "chest", "abdomen")


def reference(painful, sev, som, months):
    painful = list(dict.fromkeys(painful))
    wpi = 0
    for names in PUBLISHED_GROUPS.values():
        for name in names:
            if name in painful:
                wpi += 1
    sss = sum(sev) + sum(som)
    groups_with_pain = 0
    for names in PUBLISHED_GROUPS.values():
        hit = False
        for name in names:
            if name in painful and name not in NOT_FOR_GENERALIZED:
                hit = True
        if hit:
            groups_with_pain += 1
    psd = wpi + sss
    if psd < 4:
        band = "none"
    elif psd < 8:
        band = "mild"
    elif psd < 12:
        band = "moderate"
    elif psd < 20:
        band = "severe"
    else:
        band = "very_severe"
    first_branch = wpi >= 7 and sss >= 5
    second_branch = wpi in (4, 5, 6) and sss >= 9
    met = True
    if not (first_branch or second_branch):
        met = False
    if groups_with_pain < 4:
        met = False
    if months is not True:
        met = False
    return wpi, sss, psd, band, groups_with_pain, groups_with_pain >= 4, met


ALL_KEYS = [k for names in PUBLISHED_GROUPS.values() for k in names]


@given(
    painful=st.lists(st.sampled_from(ALL_KEYS), max_size=25),
    sev=st.tuples(*[st.integers(0, 3)] * 3),
    som=st.tuples(*[st.integers(0, 1)] * 3),
    months=st.sampled_from([True, False, None]),
)
def test_matches_independent_reference(painful, sev, som, months):
    got = score(painful, *sev, *som, symptoms_3_months=months)
    wpi, sss, psd, band, groups, generalized, met = reference(painful, sev, som, months)
    assert (got.wpi, got.sss, got.psd) == (wpi, sss, psd)
    assert got.psd_band.value == band
    assert got.painful_groups == groups
    assert got.generalized_pain is generalized
    assert got.duration_3_months is months
    assert got.criteria_met is met
    # PSD >= 12 is necessary for the 2016 criteria.
    if got.criteria_met:
        assert got.psd >= 12
