"""The benchmarks rewrite only their own marked section of docs/performance.md."""
import platform
import sqlite3
import threading

import pytest

from bench import report

PAGE = """# Performance

Prose before.

<!-- bench:pages -->
| old | table |
<!-- /bench:pages -->

Prose between, written by hand.

<!-- bench:exports -->
old exports
<!-- /bench:exports -->

Prose after.
"""


def test_update_replaces_only_the_named_section_and_keeps_the_prose(tmp_path):
    page = tmp_path / "performance.md"
    page.write_text(PAGE)

    report.update_section("pages", "| page | time |\n|---|---:|\n| Today | 4 ms |", path=page)

    text = page.read_text()
    assert "| old | table |" not in text
    assert ("<!-- bench:pages -->\n| page | time |\n|---|---:|\n| Today | 4 ms |\n"
            "<!-- /bench:pages -->") in text
    assert "old exports" in text
    for prose in ("Prose before.", "Prose between, written by hand.", "Prose after."):
        assert prose in text
    assert text.index("Prose before.") < text.index("Today") < text.index("Prose between")


def test_update_twice_leaves_one_section_with_the_latest_figures(tmp_path):
    page = tmp_path / "performance.md"
    page.write_text(PAGE)

    report.update_section("exports", "first run", path=page)
    report.update_section("exports", "second run", path=page)

    text = page.read_text()
    assert text.count("<!-- bench:exports -->") == 1
    assert "second run" in text
    assert "first run" not in text


def test_a_missing_section_is_added_at_the_end(tmp_path):
    page = tmp_path / "performance.md"
    page.write_text(PAGE)

    report.update_section("growth", "growth table", path=page)

    text = page.read_text()
    assert text.startswith(PAGE.rstrip("\n"))
    assert text.endswith("<!-- bench:growth -->\ngrowth table\n<!-- /bench:growth -->\n")


def test_a_missing_page_is_created(tmp_path):
    page = tmp_path / "performance.md"

    report.update_section("pages", "table", path=page)

    assert page.read_text() == "<!-- bench:pages -->\ntable\n<!-- /bench:pages -->\n"


def test_markdown_that_looks_like_a_regex_replacement_is_written_as_is(tmp_path):
    page = tmp_path / "performance.md"
    page.write_text(PAGE)

    report.update_section("pages", r"a \1 backslash \g<0> and $1", path=page)

    assert r"a \1 backslash \g<0> and $1" in page.read_text()


def test_a_section_with_one_marker_is_refused_and_the_page_left_alone(tmp_path):
    page = tmp_path / "performance.md"
    broken = "# Performance\n\n<!-- bench:pages -->\nno end marker\n"
    page.write_text(broken)

    with pytest.raises(ValueError, match="one of its two markers"):
        report.update_section("pages", "table", path=page)
    assert page.read_text() == broken


@pytest.mark.parametrize("name", ["", "Pages", "pages -->", "a b"])
def test_a_name_that_cannot_be_a_marker_is_refused(tmp_path, name):
    with pytest.raises(ValueError):
        report.update_section(name, "table", path=tmp_path / "performance.md")


def test_benchmarks_finishing_together_keep_each_others_sections(tmp_path):
    page = tmp_path / "performance.md"
    page.write_text(PAGE)
    names = [f"bench{number}" for number in range(8)]

    threads = [threading.Thread(target=report.update_section, args=(name, f"figures of {name}"),
                                kwargs={"path": page}) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    text = page.read_text()
    for name in names:
        assert f"<!-- bench:{name} -->\nfigures of {name}\n<!-- /bench:{name} -->" in text


def test_machine_line_names_the_date_cpu_load_and_versions():
    line = report.machine()

    assert line.startswith("Measured 20")
    assert "UTC" in line
    assert report.cpu_model() in line
    assert "cores, load average " in line
    assert f"Python {platform.python_version()}" in line
    assert f"SQLite {sqlite3.sqlite_version}" in line
    assert "PostgreSQL " in line
    assert "\n" not in line


def test_machine_line_gives_the_server_version_of_the_postgresql_benchmarked(app):
    from practice.core.extensions import db

    if db.engine.dialect.name != "postgresql":
        pytest.skip("needs TEST_DATABASE_URL on PostgreSQL")
    url = db.engine.url.render_as_string(hide_password=False)
    server = db.session.execute(db.text("SHOW server_version")).scalar_one().split()[0]

    assert f"PostgreSQL {server}." in report.machine(url)


def test_the_command_line_hides_a_database_password():
    assert report.hide_password("postgresql+psycopg://bench:s3cret@db:5432/x") == \
        "postgresql+psycopg://bench:***@db:5432/x"
    assert report.hide_password("sqlite:///tmp/bench.sqlite3") == "sqlite:///tmp/bench.sqlite3"
