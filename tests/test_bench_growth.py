"""The growth benchmark runs end to end and writes its table; no page's statements grow
with the practitioner's clients (a few clients here: the figures come from ``make bench``)."""
import re

from bench import growth, report


def test_growth_benchmark_writes_a_row_per_page_with_as_many_statements_at_both_sizes(
        tmp_path, monkeypatch):
    page = tmp_path / "performance.md"
    page.write_text("# Performance\n\n<!-- bench:growth -->\nold\n<!-- /bench:growth -->\n\nProse.\n")
    monkeypatch.setattr(report, "PERFORMANCE_PAGE", page)

    growth.main(["--clients", "2", "6", "--requests", "1"])

    text = page.read_text()
    assert "old" not in text
    assert text.endswith("<!-- /bench:growth -->\n\nProse.\n")
    assert "`python -m bench.growth --clients 2 6 --requests 1`" in text
    assert "Measured 20" in text
    rows = re.findall(r"^\| ([a-zA-Z ]+) \| (\d+) \| (\d+) \|", text, re.MULTILINE)
    assert [label for label, _small, _large in rows] == [
        "Today", "client list", "client search", "client overview", "progress",
        "session form", "week of appointments", "portal Today"]
    assert all(small == large for _label, small, large in rows), rows
    assert "growth (3x clients)" in text

