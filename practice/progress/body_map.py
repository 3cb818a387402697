"""How the painful regions changed between two intakes: resolved, persisting and new.

Pure functions over region keys; the page draws both figures and a table from them, so the
change reads in words as well as on the body map.
"""
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from practice.intakes.scoring import WPI_REGIONS, Region


class RegionState(enum.Enum):
    NEW = "new"
    PERSISTING = "persisting"
    RESOLVED = "resolved"

    @property
    def css_class(self) -> str:
        """How the later figure marks it (templates/intakes/_body_map.html, body_map.css)."""
        return f"is-{self.value}"


#: The table lists new regions first, then those still painful, then those resolved.
_ORDER = (RegionState.NEW, RegionState.PERSISTING, RegionState.RESOLVED)


@dataclass(frozen=True)
class RegionChange:
    region: Region
    state: RegionState

    @property
    def painful_before(self) -> bool:
        return self.state is not RegionState.NEW

    @property
    def painful_after(self) -> bool:
        return self.state is not RegionState.RESOLVED


def region_changes(earlier: Iterable[str], later: Iterable[str]) -> list[RegionChange]:
    """Every region painful at either intake, with its change: new ones first, then those
    persisting, then those resolved; each group in the published order of the regions."""
    before, after = set(earlier or ()), set(later or ())
    changes = []
    for region in WPI_REGIONS:
        if region.key in before and region.key in after:
            changes.append(RegionChange(region, RegionState.PERSISTING))
        elif region.key in after:
            changes.append(RegionChange(region, RegionState.NEW))
        elif region.key in before:
            changes.append(RegionChange(region, RegionState.RESOLVED))
    return sorted(changes, key=lambda change: _ORDER.index(change.state))


def count_by_state(changes: list[RegionChange]) -> dict[RegionState, int]:
    return {state: sum(1 for change in changes if change.state is state) for state in _ORDER}


def marked(keys: Iterable[str]) -> dict[str, str]:
    """The figure's classes for one intake's regions: each painful one selected."""
    return dict.fromkeys(keys or (), "is-selected")


def change_marks(changes: list[RegionChange]) -> dict[str, str]:
    """The later figure's classes: new and persisting regions filled (new ones striped),
    resolved ones as a dashed outline."""
    return {change.region.key: change.state.css_class for change in changes}
