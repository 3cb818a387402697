"""axe-core audits of the pages the journeys visit.

``assert_accessible(page)`` fails on any serious or critical violation, listing each rule
and the elements that break it. A violation that is known, reported and waiting for a fix
in its feature can be listed in ``KNOWN_VIOLATIONS`` (page, rule and element): it is then
shown in the run's summary instead of failing, and any other element breaking the same rule
still fails. Remove the entry once the page is fixed.
"""
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

#: axe-core impact levels that fail a test; minor and moderate ones are left to review.
BLOCKING_IMPACTS = ("serious", "critical")
MAX_NODES_SHOWN = 8

_axe = Axe()


@dataclass(frozen=True)
class KnownViolation:
    path: str  #: regular expression matched against the page's path
    rule: str  #: axe-core rule id
    element: str  #: regular expression searched in the failing element's selector and HTML
    note: str  #: what is wrong, for the summary

    def covers(self, path: str, rule: str, node: dict) -> bool:
        described = f"{_target(node)} {node.get('html', '')}"
        return (rule == self.rule and re.search(self.element, described) is not None
                and re.fullmatch(self.path, path) is not None)


KNOWN_VIOLATIONS: list[KnownViolation] = []

#: Known violations met during this run, for the summary: ``(note, url)``.
seen_known: set[tuple[str, str]] = set()


def _target(node: dict) -> str:
    return " ".join(map(str, node["target"]))


def _unknown_nodes(path: str, violation: dict) -> list[dict]:
    nodes = []
    for node in violation["nodes"]:
        known = next((entry for entry in KNOWN_VIOLATIONS
                      if entry.covers(path, violation["id"], node)), None)
        if known is None:
            nodes.append(node)
        else:
            seen_known.add((f"{known.rule} on {known.path}: {known.note}", path))
    return nodes


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page; fail on any serious or critical violation."""
    page.wait_for_load_state("load")
    path = urlsplit(page.url).path
    results = _axe.run(page)
    blocking = []
    for violation in results.response["violations"]:
        if violation.get("impact") in BLOCKING_IMPACTS:
            nodes = _unknown_nodes(path, violation)
            if nodes:
                blocking.append((violation, nodes))
    if not blocking:
        return
    lines = [f"axe-core found {len(blocking)} serious/critical violation(s) on {page.url}:"]
    for violation, nodes in blocking:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in nodes[:MAX_NODES_SHOWN]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {_target(node)}: {summary[:240]}")
        if len(nodes) > MAX_NODES_SHOWN:
            lines.append(f"    ... and {len(nodes) - MAX_NODES_SHOWN} more")
    raise AssertionError("\n".join(lines))
