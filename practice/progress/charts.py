"""Check-in charts as plain geometry for a server-rendered SVG (templates/progress/_charts.html).

No JavaScript and no inline styles: the template draws the numbers computed here with
CSS classes, so the charts work under the app's Content Security Policy and in print.
Each chart comes with a one-paragraph summary as its text alternative.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import mean

from practice.core.formatting import format_date
from practice.progress.models import LOWER_IS_BETTER, MEASURES

WIDTH, HEIGHT = 320, 140
LEFT, RIGHT, TOP, BOTTOM = 24, 10, 8, 22
PLOT_WIDTH, PLOT_HEIGHT = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
#: The trend line averages each day with the days before it, this many in all.
TREND_DAYS = 7


@dataclass(frozen=True)
class ChartPoint:
    day: date
    value: int
    x: float
    y: float


@dataclass
class MeasureChart:
    name: str
    label: str
    scale: str
    first_day: date
    last_day: date
    points: list[ChartPoint] = field(default_factory=list)
    trend_path: str = ""
    summary: str = ""

    width = WIDTH
    height = HEIGHT

    @property
    def lower_is_better(self) -> bool:
        return self.name in LOWER_IS_BETTER

    @property
    def latest(self) -> ChartPoint | None:
        return self.points[-1] if self.points else None

    @property
    def gridlines(self) -> list[tuple[float, int]]:
        return [(y_for(value), value) for value in (0, 5, 10)]

    @property
    def day_labels(self) -> list[tuple[float, str, str]]:
        """``(x, text, anchor)`` for the first, middle and last day of the range."""
        span = (self.last_day - self.first_day).days
        middle = self.first_day + timedelta(days=span // 2)
        labels = [(x_for(self.first_day, self.first_day, span), self.first_day, "start"),
                  (x_for(middle, self.first_day, span), middle, "middle"),
                  (x_for(self.last_day, self.first_day, span), self.last_day, "end")]
        return [(x, format_date(day, "%d %b"), anchor) for x, day, anchor in labels]

    @property
    def plot_box(self) -> tuple[int, int, int, int]:
        return LEFT, TOP, PLOT_WIDTH, PLOT_HEIGHT


def x_for(day: date, first_day: date, span_days: int) -> float:
    if span_days <= 0:
        return LEFT + PLOT_WIDTH / 2
    return round(LEFT + PLOT_WIDTH * (day - first_day).days / span_days, 1)


def y_for(value: float) -> float:
    return round(TOP + PLOT_HEIGHT * (10 - value) / 10, 1)


def build_charts(check_ins, first_day: date, last_day: date) -> list[MeasureChart]:
    """One chart per measure over ``first_day``..``last_day`` from check-ins (oldest first)."""
    span = (last_day - first_day).days
    charts = []
    for name, label, scale in MEASURES:
        values = [(check_in.checked_on, getattr(check_in, name)) for check_in in check_ins
                  if getattr(check_in, name) is not None and first_day <= check_in.checked_on <= last_day]
        chart = MeasureChart(name, label, scale, first_day, last_day)
        chart.points = [ChartPoint(day, value, x_for(day, first_day, span), y_for(value))
                        for day, value in values]
        chart.trend_path = _trend_path(values, first_day, span)
        chart.summary = summarize(chart, values)
        charts.append(chart)
    return charts


def trend(values: list[tuple[date, int]]) -> list[tuple[date, float]]:
    """Each day's average over the ``TREND_DAYS`` days ending on it (days without ratings skipped)."""
    averaged = []
    for day, _value in values:
        window = [value for other, value in values if 0 <= (day - other).days < TREND_DAYS]
        averaged.append((day, mean(window)))
    return averaged


def _trend_path(values, first_day: date, span: int) -> str:
    if len(values) < 2:
        return ""
    commands = [f"{x_for(day, first_day, span)} {y_for(value)}" for day, value in trend(values)]
    return "M" + " L".join(commands)


def summarize(chart: MeasureChart, values: list[tuple[date, int]]) -> str:
    """A sentence or two a screen reader (or a glance) can use instead of the chart."""
    period = f"{format_date(chart.first_day)} to {format_date(chart.last_day)}"
    if not values:
        return f"{chart.label}: no ratings from {period}."
    latest_day, latest_value = values[-1]
    count = "one rating" if len(values) == 1 else f"{len(values)} ratings"
    text = (f"{chart.label}: {count} from {period}. Latest {latest_value} out of 10 "
            f"on {format_date(latest_day)}.")
    first_rated = values[0][0]
    early = [value for day, value in values if (day - first_rated).days < 7]
    late = [value for day, value in values if (latest_day - day).days < 7]
    if (latest_day - first_rated).days >= 13:
        before, after = mean(early), mean(late)
        text += (f" Average {before:.1f} in the first week rated and {after:.1f} in the last"
                 f" ({describe_change(chart.name, after - before)}).")
    return text


def describe_change(name: str, change: float) -> str:
    if abs(change) < 0.5:
        return "about the same"
    better = (change < 0) == (name in LOWER_IS_BETTER)
    direction = "down" if change < 0 else "up"
    return f"{direction} {abs(change):.1f}, {'better' if better else 'worse'}"
