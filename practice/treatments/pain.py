"""Reading a change in 0-10 pain ratings.

A drop of 2 points or 30% is the usual threshold for a clinically important improvement,
and 50% for a substantial one (Farrar et al. 2001, Pain 94:149; see the domain notes).
"""
from dataclasses import dataclass

IMPORTANT_POINTS = 2
IMPORTANT_FRACTION = 0.30
SUBSTANTIAL_FRACTION = 0.50


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

    def _fraction_less(self) -> float:
        return (self.before - self.after) / self.before if self.before else 0.0

    @property
    def is_important_improvement(self) -> bool:
        drop = self.before - self.after
        return drop > 0 and (drop >= IMPORTANT_POINTS or self._fraction_less() >= IMPORTANT_FRACTION)

    @property
    def is_substantial_improvement(self) -> bool:
        return self.after < self.before and self._fraction_less() >= SUBSTANTIAL_FRACTION


def pain_change(before: int | None, after: int | None) -> PainChange | None:
    """The change between two ratings, or ``None`` when either was not taken."""
    if before is None or after is None:
        return None
    return PainChange(before, after)
