"""The intake's body map as a picture for the PDF: the same figure the intake form draws
(``templates/intakes/_body_map.html``), painful regions filled, as plain SVG fpdf2 can draw."""
import re
from dataclasses import dataclass, field

from flask import render_template_string

from practice.intakes.scoring import REGION_CHOICES

_MACRO = '{% from "intakes/_body_map.html" import body_map %}{{ body_map(field) }}'
#: Classes of the form's figure and the plain drawing attributes that stand in for its CSS.
_STYLES = {
    'class="bm-region is-selected"': 'fill="#c0392b" stroke="#333333" stroke-width="0.8"',
    'class="bm-region"': 'fill="#f5f5f5" stroke="#8a8a8a" stroke-width="0.8"',
    'class="bm-body"': 'fill="#e4e4e4" stroke="#8a8a8a" stroke-width="0.8"',
    'class="bm-detail"': 'fill="none" stroke="#8a8a8a" stroke-width="0.8"',
    'class="bm-side"': 'font-size="12" text-anchor="middle" fill="#333333"',
    'class="bm-title"': 'font-size="13" text-anchor="middle" fill="#333333"',
}


@dataclass
class _Answer:
    """What the macro reads from a form field: the regions and their labels."""

    data: list[str]
    choices: list = field(default_factory=lambda: list(REGION_CHOICES))
    errors: tuple = ()
    id: str = "painful_regions"
    name: str = "painful_regions"


def body_map_svg(painful_regions: list[str]) -> bytes:
    page = str(render_template_string(_MACRO, field=_Answer(list(painful_regions or ()))))
    svg = re.search(r"<svg\b.*?</svg>", page, re.DOTALL).group(0)
    svg = re.sub(r"<title>.*?</title>", "", svg)
    svg = re.sub(r'\s(?:role|aria-[a-z]+|tabindex|data-region)="[^"]*"', "", svg)
    for css, plain in _STYLES.items():
        svg = svg.replace(css, plain)
    svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="392" ', 1)
    return svg.encode()
