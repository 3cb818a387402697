"""Render the body-map macro on its own and check its markup."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from practice.intakes.scoring import REGION_CHOICES, REGION_KEYS, WPI_REGIONS
from tests.html import parse as soup

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass
class StandInField:
    """Just enough of a WTForms multi-select field for the macro."""

    name: str = "painful_regions"
    id: str = "painful_regions"
    choices: list[tuple[str, str]] = field(default_factory=lambda: list(REGION_CHOICES))
    data: list[str] | None = None
    errors: list[str] = field(default_factory=list)


class Collector(HTMLParser):
    """Collect start tags with their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


ENV = Environment(
    loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined
)
TEMPLATE = ENV.from_string(
    '{% from "intakes/_body_map.html" import body_map %}{{ body_map(f) }}'
)


def render(data=None, errors=None) -> str:
    return TEMPLATE.render(f=StandInField(data=data, errors=errors or []))


def parse(html: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = Collector()
    collector.feed(html)
    return collector.tags


def checkboxes(tags):
    return [a for t, a in tags if t == "input" and a.get("type") == "checkbox"]


def test_nineteen_checkboxes_in_published_order():
    tags = parse(render())
    boxes = checkboxes(tags)
    assert sorted(b["value"] for b in boxes) == sorted(REGION_KEYS)
    assert len(boxes) == 19
    for box in boxes:
        assert box["name"] == "painful_regions"
        assert box["id"] == f"painful_regions-{box['value']}"
        assert "checked" not in box
    label_for = {a["for"] for t, a in tags if t == "label"}
    assert {b["id"] for b in boxes} <= label_for


def test_checkboxes_grouped_by_region_group():
    page = soup(render())
    groups = {fieldset.legend.get_text(strip=True): fieldset for fieldset in page.select("fieldset")
              if fieldset.legend is not None}
    for region in WPI_REGIONS:
        box = groups[region.group.label].select_one(f'input[type="checkbox"][value="{region.key}"]')
        assert box is not None, region.key


def selected_count(html: str) -> str:
    return soup(html).select_one("[data-bm-count]").get_text()


@pytest.mark.parametrize("data", [None, []])
def test_nothing_selected(data):
    html = render(data)
    assert not [b for b in checkboxes(parse(html)) if "checked" in b]
    assert soup(html).select(".is-selected") == []
    assert selected_count(html) == "0"
    assert " ".join(soup(html).select_one(".bm-count").get_text().split()) == \
        "0 of 19 regions selected"


def test_selected_regions_are_checked():
    selected = ["neck", "hip_left", "jaw_right"]
    tags = parse(render(selected))
    checked = {b["value"] for b in checkboxes(tags) if "checked" in b}
    assert checked == set(selected)
    # The figure starts in the same state (the script keeps it in sync later).
    for _, attrs in tags:
        key = attrs.get("data-region")
        if key:
            assert ("is-selected" in attrs["class"].split()) is (key in selected)
            if attrs.get("role") == "checkbox":
                expected = "true" if key in selected else "false"
                assert attrs["aria-checked"] == expected
    assert selected_count(render(selected)) == "3"


def test_every_region_has_one_focusable_labelled_shape():
    tags = parse(render())
    labels = dict(REGION_CHOICES)
    for key in REGION_KEYS:
        shapes = [a for _, a in tags if a.get("data-region") == key]
        assert shapes, key
        assert all("bm-region" in (a.get("class") or "").split() for a in shapes)
        primary = [a for a in shapes if a.get("tabindex") == "0"]
        assert len(primary) == 1, key
        assert primary[0]["role"] == "checkbox"
        assert primary[0]["aria-checked"] == "false"
        assert primary[0]["aria-label"] == labels[key]
        for other in shapes:
            if other is not primary[0]:
                assert other.get("aria-hidden") == "true"
                assert "tabindex" not in other


def test_figure_hidden_without_javascript_and_counter_is_live():
    tags = parse(render())
    figure = [a for _, a in tags if "data-bm-js" in a]
    assert figure
    assert all("hidden" in a for a in figure)
    assert any(a.get("aria-live") == "polite" for _, a in tags)
    page = soup(render())
    legends = [legend.get_text(strip=True) for legend in page.select("legend")]
    assert "Painful regions in the past week (Widespread Pain Index)" in legends
    texts = {node.get_text(strip=True) for node in page.find_all(string=True)}
    assert {"Front", "Back"} <= texts


def test_no_inline_styles_or_scripts():
    html = render(["neck"], errors=["Pick at least one region."])
    assert soup(html).select("[style], style, script") == []
    handlers = [k for _, attrs in parse(html) for k in attrs if k.startswith("on")]
    assert handlers == []


def test_errors_are_shown():
    html = render(errors=["Pick at least one region."])
    assert "Pick at least one region." in html


def test_values_are_escaped():
    stand_in = StandInField(choices=[("neck", 'Neck <b>"x"</b>')])
    html = TEMPLATE.render(f=stand_in)
    assert soup(html).select("b") == []  # the label's markup is shown as text, never parsed
    assert 'Neck <b>"x"</b>' in soup(html).get_text()
    assert "of 1 regions selected" in html
    # Regions missing from the choices are left out of the figure as well.
    assert soup(html).select('[data-region="chest"]') == []
