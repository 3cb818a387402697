"""Reading a pain change within one session: the points and the share, without course marks."""
import pytest

from practice.treatments.pain import pain_change


@pytest.mark.parametrize(("before", "after", "percent"), [
    (6, 4, 33), (10, 8, 20), (8, 4, 50), (5, 5, 0), (4, 6, -50), (1, 0, 100), (0, 0, None),
    (0, 3, None),
])
def test_pain_change(before, after, percent):
    change = pain_change(before, after)
    assert change.delta == after - before
    assert change.percent_less == percent


@pytest.mark.parametrize(("before", "after"), [(None, 3), (4, None), (None, None)])
def test_no_change_without_both_ratings(before, after):
    assert pain_change(before, after) is None
