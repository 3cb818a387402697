"""Precautions in words: weeks and trimesters, summaries, and what the client reads."""
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from practice.precautions.conflicts import find_conflicts, open_conflicts
from practice.precautions.kinds import (
    KINDS,
    TAGGABLE,
    Limb,
    PrecautionKind,
    Side,
    parse_kinds,
)
from practice.precautions.wording import brief, client_caution, gestation, summary

TODAY = date(2026, 12, 2)
#: Words a take-home sheet must never print: the conditions themselves.
CONDITION_WORDS = ("cancer", "pregnan", "lymphoedema", "clot", "dvt", "heart", "kidney",
                   "osteoporosis", "surgery", "thinner", "warfarin", "infection", "fever",
                   "allerg")


@dataclass
class Item:
    kind: PrecautionKind
    details: str | None = None
    site: str | None = None
    event_on: date | None = None
    due_on: date | None = None
    side: Side | None = None
    limb: Limb | None = None
    under_treatment: bool | None = None
    cleared_by_doctor: bool | None = None
    ended_on: date | None = None

    @property
    def is_grave(self) -> bool:
        if self.kind is PrecautionKind.CANCER:
            return bool(self.under_treatment)
        return self.kind.about.grave


def due_in(weeks: int, days: int = 0) -> date:
    """The due date of a pregnancy ``weeks``+``days`` along on ``TODAY``."""
    return TODAY + timedelta(weeks=40) - timedelta(weeks=weeks, days=days)


@pytest.mark.parametrize(("weeks", "days", "trimester"), [
    (0, 0, 1), (13, 6, 1), (14, 0, 2), (27, 6, 2), (28, 0, 3), (40, 0, 3)])
def test_the_trimester_follows_the_acog_weeks(weeks, days, trimester):
    found = gestation(due_in(weeks, days), TODAY)
    assert (found.weeks, found.days, found.trimester) == (weeks, days, trimester)


def test_no_weeks_once_the_due_date_has_passed():
    assert gestation(TODAY - timedelta(days=1), TODAY) is None
    assert "has passed: update the checklist" in summary(
        Item(PrecautionKind.PREGNANCY, due_on=TODAY - timedelta(days=1)), TODAY)


def test_the_weeks_change_day_by_day():
    item = Item(PrecautionKind.PREGNANCY, due_on=due_in(13, 6))
    assert summary(item, TODAY).startswith("Pregnancy: 13 weeks, first trimester (due ")
    assert "14 weeks, second trimester" in summary(item, TODAY + timedelta(days=1))


@pytest.mark.parametrize(("item", "expected"), [
    (Item(PrecautionKind.LYMPHOEDEMA, side=Side.LEFT, limb=Limb.ARM), "Lymphoedema: left arm"),
    (Item(PrecautionKind.LYMPHOEDEMA, side=Side.BOTH, limb=Limb.LEG), "Lymphoedema: both legs"),
    (Item(PrecautionKind.CANCER, under_treatment=False, cleared_by_doctor=True,
          details="Breast, 2025"),
     "Cancer, under treatment or recent: treatment finished; cleared by their doctor; "
     "Breast, 2025"),
    (Item(PrecautionKind.RECENT_SURGERY, site="Right shoulder", event_on=date(2026, 10, 1)),
     "Recent surgery: Right shoulder (1 Oct 2026)"),
    (Item(PrecautionKind.OSTEOPOROSIS), "Osteoporosis"),
])
def test_summaries(item, expected):
    assert summary(item, TODAY) == expected


@pytest.mark.parametrize("kind", list(PrecautionKind))
def test_what_the_client_reads_never_names_the_condition(kind):
    item = Item(kind, details="Warfarin; breast cancer 2024", side=Side.LEFT, limb=Limb.ARM,
                site="right knee", due_on=due_in(20))
    caution = client_caution(item).lower()
    assert caution
    assert "{" not in caution
    assert not [word for word in CONDITION_WORDS if word in caution], caution


def test_the_client_reads_where_without_the_condition():
    item = Item(PrecautionKind.LYMPHOEDEMA, side=Side.LEFT, limb=Limb.ARM)
    assert client_caution(item) == ("Keep warmth, patting and pressure away from your left arm "
                                    "and that side of your body.")
    assert "(right knee)" in client_caution(Item(PrecautionKind.RECENT_SURGERY, site="right knee"))
    assert client_caution(Item(PrecautionKind.BROKEN_SKIN)) == "Keep away from any cut, sore or rash."


def test_every_item_says_what_to_do_instead():
    assert all(info.instead and info.client_caution for info in KINDS.values())
    assert PrecautionKind.OTHER not in TAGGABLE


def test_conflicts_name_the_precaution_and_the_gravest_ask_more():
    items = [Item(PrecautionKind.BLOOD_THINNERS, details="Warfarin"),
             Item(PrecautionKind.CANCER, under_treatment=True),
             Item(PrecautionKind.LYMPHOEDEMA, side=Side.LEFT, limb=Limb.ARM,
                  ended_on=TODAY - timedelta(days=1))]
    found = find_conflicts(items, [("Patting", ["blood_thinners", "lymphoedema", "cancer"]),
                                   ("Breathing", [])], TODAY)
    assert [(c.work, c.kind, c.grave) for c in found] == [
        ("Patting", PrecautionKind.CANCER, True), ("Patting", PrecautionKind.BLOOD_THINNERS, False)]
    assert found[1].precaution == "Blood thinners: Warfarin"
    assert "Stroke lightly" in found[1].instead
    assert open_conflicts(found, [PrecautionKind.CANCER]) == [found[1]]
    assert not find_conflicts([Item(PrecautionKind.CANCER, under_treatment=False)],
                              [("Patting", ["cancer"])], TODAY)[0].grave


def test_kinds_are_read_in_checklist_order_and_unknown_ones_dropped():
    assert parse_kinds(["lymphoedema", "nonsense", "infection", PrecautionKind.ALLERGIES,
                        "infection"]) == [PrecautionKind.INFECTION, PrecautionKind.LYMPHOEDEMA,
                                          PrecautionKind.ALLERGIES]


def test_a_warning_names_the_item_briefly():
    long_note = "Warfarin (atrial fibrillation): gentle contact only, he bruises easily."
    assert brief(Item(PrecautionKind.BLOOD_THINNERS, details="Warfarin"), TODAY) == \
        "Blood thinners: Warfarin"
    assert brief(Item(PrecautionKind.BLOOD_THINNERS, details=long_note), TODAY) == "Blood thinners"
    assert brief(Item(PrecautionKind.LYMPHOEDEMA, side=Side.LEFT, limb=Limb.ARM,
                      details=long_note), TODAY) == "Lymphoedema: left arm"
    assert brief(Item(PrecautionKind.OTHER, details=long_note), TODAY) == \
        "Other: Warfarin (atrial fibrillation): gentle…"
