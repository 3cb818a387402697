"""The outcomes chart: the median change in pain overall for each group, as horizontal bars
from zero (left is better), each labelled with its value and n. Plain geometry for a
server-rendered SVG (templates/outcomes/index.html), like the progress charts: its text is
14 px at the drawing's natural width."""
from dataclasses import dataclass, field

from practice.outcomes.figures import GroupOutcome

WIDTH = 320
LEFT, RIGHT = 8, 8
ROW_HEIGHT = 46
TOP, BOTTOM = 8, 26
PLOT_WIDTH = WIDTH - LEFT - RIGHT
BAR_HEIGHT = 14


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    #: The row's top; the label sits on it, the bar under it.
    y: float
    x: float
    width: float
    is_better: bool


@dataclass
class BarChart:
    title: str
    summary: str
    limit: int
    bars: list[Bar] = field(default_factory=list)

    width = WIDTH

    @property
    def height(self) -> int:
        return TOP + ROW_HEIGHT * max(1, len(self.bars)) + BOTTOM

    @property
    def zero_x(self) -> float:
        return LEFT + PLOT_WIDTH / 2

    def x(self, value: float) -> float:
        return round(self.zero_x + PLOT_WIDTH / 2 * value / self.limit, 1)

    @property
    def ticks(self) -> list[tuple[float, str, str]]:
        """``(x, text, anchor)`` along the bottom: the two ends and zero."""
        return [(LEFT, f"-{self.limit}", "start"), (self.zero_x, "0", "middle"),
                (LEFT + PLOT_WIDTH, f"+{self.limit}", "end")]

    @property
    def axis_y(self) -> float:
        return self.height - BOTTOM


def _signed(value: float) -> str:
    return "0" if value == 0 else f"{value:+.1f}"


def pain_change_chart(rows: list[GroupOutcome]) -> BarChart:
    """One bar per group with a median pain change; a group without one says so."""
    values = [row.changes["pain_overall"].value for row in rows]
    largest = max((abs(value) for value in values if value is not None), default=0)
    limit = min(10, max(4, int(largest + 0.999)))
    chart = BarChart("Median change in pain overall since the first signed intake",
                     "", limit)
    for index, row in enumerate(rows):
        figure = row.changes["pain_overall"]
        y = TOP + ROW_HEIGHT * index
        if figure.value is None:
            chart.bars.append(Bar(row.label, "no change yet (n=0)", y, chart.zero_x, 0, False))
            continue
        start, end = sorted((chart.zero_x, chart.x(figure.value)))
        chart.bars.append(Bar(row.label, f"{_signed(figure.value)} (n={figure.n})", y, start,
                              round(end - start, 1), figure.value < 0))
    chart.summary = "; ".join(f"{bar.label}: {bar.text}" for bar in chart.bars) or "No groups."
    return chart
