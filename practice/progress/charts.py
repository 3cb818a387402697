"""Charts over time as plain geometry for a server-rendered SVG (templates/_charts.html).

No JavaScript and no inline styles: the template draws the numbers computed here with
CSS classes, so the charts work under the app's Content Security Policy and in print.
The drawing keeps its natural size (``WIDTH`` CSS pixels, narrower only on a narrow phone),
so its text stays at least 12 px. Each chart comes with a one-paragraph summary as its text
alternative and the rows of a table beside it: the check-in charts week by week, the intake
scores intake by intake.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta

from practice.core.formatting import format_date
from practice.progress.models import LOWER_IS_BETTER, MEASURES

WIDTH, HEIGHT = 300, 170
LEFT, RIGHT, TOP, BOTTOM = 30, 14, 10, 28
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
class Series:
    """One line of a chart: its points, and either a trend through them or a line joining them."""

    name: str
    label: str
    points: list[ChartPoint] = field(default_factory=list)
    #: The 7-day average of daily ratings (check-ins).
    trend_path: str = ""
    #: The points joined in order (scores measured now and then, e.g. at each intake).
    line_path: str = ""

    @property
    def latest(self) -> ChartPoint | None:
        return self.points[-1] if self.points else None


@dataclass(frozen=True)
class WeekRow:
    """One week of a check-in chart, for the table beside it."""

    first_day: date
    days_rated: int
    average: float | None
    lowest: int | None
    highest: int | None


@dataclass
class TimeChart:
    name: str
    label: str
    scale: str
    first_day: date
    last_day: date
    maximum: int = 10
    series: list[Series] = field(default_factory=list)
    summary: str = ""
    weeks: list[WeekRow] = field(default_factory=list)

    width = WIDTH
    height = HEIGHT

    # One measure per chart (the check-ins): its one series.
    @property
    def points(self) -> list[ChartPoint]:
        return self.series[0].points if self.series else []

    @property
    def trend_path(self) -> str:
        return self.series[0].trend_path if self.series else ""

    @property
    def latest(self) -> ChartPoint | None:
        return self.series[0].latest if self.series else None

    @property
    def lower_is_better(self) -> bool:
        return self.name in LOWER_IS_BETTER

    def y(self, value: float) -> float:
        return y_for(value, self.maximum)

    def x(self, day: date) -> float:
        return x_for(day, self.first_day, (self.last_day - self.first_day).days)

    def place(self, day: date, value: int) -> ChartPoint:
        return ChartPoint(day, value, self.x(day), self.y(value))

    @property
    def gridlines(self) -> list[tuple[float, int]]:
        return [(self.y(value), value) for value in (0, round(self.maximum / 2), self.maximum)]

    @property
    def day_labels(self) -> list[tuple[float, str, str]]:
        """``(x, text, anchor)`` for the first and last day of the range (and the middle one
        when the range is long enough for three labels to fit)."""
        span = (self.last_day - self.first_day).days
        labels = [(self.x(self.first_day), self.first_day, "start")]
        if span >= 14:
            middle = self.first_day + timedelta(days=span // 2)
            labels.append((self.x(middle), middle, "middle"))
        if span > 0:
            labels.append((self.x(self.last_day), self.last_day, "end"))
        return [(x, format_date(day, "%d %b"), anchor) for x, day, anchor in labels]

    @property
    def plot_box(self) -> tuple[int, int, int, int]:
        return LEFT, TOP, PLOT_WIDTH, PLOT_HEIGHT


def x_for(day: date, first_day: date, span_days: int) -> float:
    if span_days <= 0:
        return LEFT + PLOT_WIDTH / 2
    return round(LEFT + PLOT_WIDTH * (day - first_day).days / span_days, 1)


def y_for(value: float, maximum: int = 10) -> float:
    return round(TOP + PLOT_HEIGHT * (maximum - value) / maximum, 1)


def path_through(points: list[ChartPoint]) -> str:
    """An SVG path joining ``points`` in order ("" for fewer than two)."""
    if len(points) < 2:
        return ""
    return "M" + " L".join(f"{point.x} {point.y}" for point in points)


# --- daily check-ins ---------------------------------------------------------------------------

def build_charts(check_ins, first_day: date, last_day: date) -> list[TimeChart]:
    """One chart per measure over ``first_day``..``last_day`` from check-ins (oldest first)."""
    charts = []
    for name, label, scale in MEASURES:
        values = [(check_in.checked_on, getattr(check_in, name)) for check_in in check_ins
                  if getattr(check_in, name) is not None and first_day <= check_in.checked_on <= last_day]
        chart = TimeChart(name, label, scale, first_day, last_day)
        series = Series(name, label, [chart.place(day, value) for day, value in values])
        if len(values) >= 2:
            series.trend_path = path_through([chart.place(day, value)
                                              for day, value in trend(values)])
        chart.series = [series]
        chart.summary = summarize(chart, values)
        chart.weeks = week_rows(values, first_day, last_day)
        charts.append(chart)
    return charts


def mean(values: list[int]) -> int | float:
    """``statistics.mean`` for whole-number ratings, without its exact fractions (a chart
    takes hundreds of averages): an int when the average is whole, else the same float."""
    total, count = sum(values), len(values)
    whole, rest = divmod(total, count)
    return whole if rest == 0 else total / count


def trend(values: list[tuple[date, int]]) -> list[tuple[date, float]]:
    """Each day's average over the ``TREND_DAYS`` days ending on it (days without ratings skipped;
    ``values`` one per day, oldest first)."""
    averaged = []
    start = 0
    for end, (day, _value) in enumerate(values):  # oldest first: the window only moves on
        while (day - values[start][0]).days >= TREND_DAYS:
            start += 1
        averaged.append((day, mean([value for _day, value in values[start:end + 1]])))
    return averaged


def week_rows(values: list[tuple[date, int]], first_day: date, last_day: date) -> list[WeekRow]:
    """The range in weeks counted back from ``last_day``, newest first: how many days were
    rated, their average and range (the chart's numbers as a table)."""
    rows = []
    end = last_day
    while end >= first_day:
        start = max(first_day, end - timedelta(days=6))
        week = [value for day, value in values if start <= day <= end]
        rows.append(WeekRow(start, len(week), round(mean(week), 1) if week else None,
                            min(week, default=None), max(week, default=None)))
        end = start - timedelta(days=1)
    return rows


def summarize(chart: TimeChart, values: list[tuple[date, int]]) -> str:
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


# --- intake scores -----------------------------------------------------------------------------

#: The ACR 2016 scores charted over the signed intakes: ``(key, short label, maximum)``.
INTAKE_SCORES = (("wpi", "WPI", 19), ("sss", "SSS", 12), ("psd", "PSD", 31))


def intake_scores_chart(intakes) -> TimeChart | None:
    """WPI, SSS and PSD at each signed intake (oldest first) on one 0-31 chart (a line and a
    marker shape each); None without a signed intake."""
    if not intakes:
        return None
    first_day, last_day = intakes[0].assessed_on, intakes[-1].assessed_on
    chart = TimeChart("intake-scores", "WPI, SSS and PSD at each signed intake",
                      "WPI 0-19, SSS 0-12, PSD 0-31; lower is better", first_day, last_day,
                      maximum=31)
    for key, label, _maximum in INTAKE_SCORES:
        points = [chart.place(intake.assessed_on, getattr(intake.scores, key)) for intake in intakes]
        chart.series.append(Series(key, label, points, line_path=path_through(points)))
    first, latest = intakes[0].scores, intakes[-1].scores
    if len(intakes) == 1:
        scores = ", ".join(f"{label} {getattr(first, key)} of {maximum}"
                           for key, label, maximum in INTAKE_SCORES)
        chart.summary = f"One signed intake, on {format_date(first_day)}: {scores}."
    else:
        scores = "; ".join(f"{label} {getattr(first, key)} then {getattr(latest, key)} of {maximum}"
                           for key, label, maximum in INTAKE_SCORES)
        chart.summary = (f"{len(intakes)} signed intakes from {format_date(first_day)} to "
                         f"{format_date(last_day)}, first then latest: {scores}.")
    return chart
