"""Reading a pain change: clinically important at 2 points or 30%, substantial at 50%."""
import pytest

from practice.treatments.pain import pain_change


@pytest.mark.parametrize(("before", "after", "important", "substantial", "percent"), [
    (6, 4, True, False, 33),    # 2 points
    (3, 2, True, False, 33),    # 1 point but 33%
    (10, 8, True, False, 20),   # 2 points, only 20%
    (10, 9, False, False, 10),
    (8, 4, True, True, 50),
    (5, 5, False, False, 0),
    (4, 6, False, False, -50),  # worse
    (1, 0, True, True, 100),
    (0, 0, False, False, None),
    (0, 3, False, False, None),
])
def test_pain_change(before, after, important, substantial, percent):
    change = pain_change(before, after)
    assert change.delta == after - before
    assert change.is_important_improvement is important
    assert change.is_substantial_improvement is substantial
    assert change.percent_less == percent


@pytest.mark.parametrize(("before", "after"), [(None, 3), (4, None), (None, None)])
def test_no_change_without_both_ratings(before, after):
    assert pain_change(before, after) is None
