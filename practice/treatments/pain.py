"""Reading a change in 0-10 pain ratings within one session: before against after.

Shown as what it is, the points and the share of the starting pain, with no "important" or
"substantial" mark: those thresholds describe change over a course of care and are given to
the client's course change (``progress.baseline``).
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class PainChange:
    before: int
    after: int

    @property
    def delta(self) -> int:
        """After minus before: negative means less pain."""
        return self.after - self.before

    @property
    def percent_less(self) -> int | None:
        """The drop as a whole percentage of the starting pain (negative when it rose)."""
        if self.before == 0:
            return None
        return round(100 * (self.before - self.after) / self.before)


def pain_change(before: int | None, after: int | None) -> PainChange | None:
    """The change between two ratings, or ``None`` when either was not taken."""
    if before is None or after is None:
        return None
    return PainChange(before, after)
