"""How a client's measures changed from the first intake to the latest one.

For every measure here a lower value is better. Pain ratings use the commonly cited
thresholds for a 0-10 scale (Farrar et al. 2001, Pain 94:149): a fall of about 30% or
2 points is a clinically important improvement, 50% a substantial one.
"""
from dataclasses import dataclass

from practice.clients.models import Intake


@dataclass(frozen=True)
class MeasureChange:
    label: str
    first: int
    latest: int
    maximum: int
    #: Pain ratings get the clinical-importance reading; index scores only the change.
    is_pain_rating: bool = False

    @property
    def change(self) -> int:
        return self.latest - self.first

    @property
    def percent(self) -> int | None:
        """Change as a whole percentage of the first value (None when that was 0)."""
        return round(100 * self.change / self.first) if self.first else None

    @property
    def direction(self) -> str:
        if self.change < 0:
            return "better"
        return "worse" if self.change > 0 else "same"

    @property
    def reading(self) -> str | None:
        """A plain-words verdict on a pain change, or None for other measures."""
        if not self.is_pain_rating or self.change == 0:
            return None
        drop = -self.change
        share = drop / self.first if self.first else 0
        if drop > 0 and share >= 0.5:
            return "substantial improvement (50% or more)"
        if drop > 0 and (share >= 0.3 or drop >= 2):
            return "clinically important improvement (about 30% or 2 points)"
        if drop > 0:
            return "small improvement"
        return "pain has increased"


@dataclass(frozen=True)
class IntakeProgress:
    first: Intake
    latest: Intake
    changes: list[MeasureChange]


def intake_progress(intakes: list[Intake]) -> IntakeProgress | None:
    """Changes from the first intake to the latest (oldest-first list); None for fewer than 2."""
    if len(intakes) < 2:
        return None
    first, latest = intakes[0], intakes[-1]
    before, after = first.scores, latest.scores
    changes = [
        MeasureChange("Widespread Pain Index (WPI)", before.wpi, after.wpi, 19),
        MeasureChange("Symptom Severity Scale (SSS)", before.sss, after.sss, 12),
        MeasureChange("Polysymptomatic distress (PSD)", before.psd, after.psd, 31),
        MeasureChange("Pain overall", first.pain_overall, latest.pain_overall, 10, True),
        MeasureChange("Neck and shoulder pain", first.pain_neck_shoulders,
                      latest.pain_neck_shoulders, 10, True),
    ]
    return IntakeProgress(first, latest, changes)
