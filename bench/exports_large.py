"""Exports at a million rows: each export format over the large practice, beside the floor.

    python -m bench.exports_large --database PATH.sqlite3 [--database SMALLER.sqlite3]
                                  [--formats csv json fhir] [--no-import] [--no-write]

On each SQLite database seeded by ``flask seed-large``, runs under ``/usr/bin/time -v`` in the
same run: ``flask export`` in each format, the raw ``sqlite3 -csv`` dump of the same tables
(the floor), Python's own ``csv`` writer over a plain SELECT of the same rows, and ``flask
import`` of the JSON export into an empty database. Prints wall and CPU (user+sys) seconds,
rows per second, the ratio to the plain ``csv`` writer, and peak resident memory of each,
beside the idle command (``flask --help``) to read the growth against. The app's start-up
(the idle command's time) is part of every ``flask`` row; "rows/s net" takes it out. Give a
second database (e.g. seeded with ``--clients 1000``) for the same table at 10x fewer rows.
The tables go into docs/performance.md (section ``exports_large``) unless ``--no-write``.
"""
import argparse
import csv
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench import report

TABLES = ["clients", "intakes", "session_plans", "treatment_sessions", "check_ins",
          "assignments", "exercise_logs"]


@dataclass
class Timed:
    name: str
    wall: float
    cpu: float
    peak_kb: int
    rows: int | None
    flask: bool = False


def _timed(name: str, command: list[str], rows: int | None, environment: dict | None = None,
           *, flask: bool = False) -> Timed:
    """Wall and CPU seconds and peak resident kB of ``command`` under /usr/bin/time -v."""
    result = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True,  # noqa: S603
                            env=environment, check=False)
    if result.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    elapsed = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", result.stderr)
    seconds = 0.0
    for part in elapsed.group(1).split(":"):
        seconds = seconds * 60 + float(part)
    cpu = sum(float(re.search(rf"{kind} time \(seconds\): (\S+)", result.stderr).group(1))
              for kind in ("User", "System"))
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    return Timed(name, seconds, cpu, peak, rows, flask)


def plain_csv(database: str, output: str) -> None:
    """Python's csv writer over a plain SELECT of each table (the second floor)."""
    connection = sqlite3.connect(database)
    with open(output, "w", newline="") as handle:
        writer = csv.writer(handle)
        for table in TABLES:
            cursor = connection.execute(f"SELECT * FROM {table}")  # noqa: S608 (constant names)
            writer.writerow(column[0] for column in cursor.description)
            while rows := cursor.fetchmany(5000):
                writer.writerows(rows)


def measure(database: str, formats: list[str], with_import: bool) -> tuple[int, list[Timed]]:
    with sqlite3.connect(database) as connection:
        rows = sum(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
                   for table in TABLES)
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{database}",
                   "SECRET_KEY": os.environ.get("SECRET_KEY", "export-benchmark")}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    results = [_timed("idle command (flask --help)", [*flask, "--help"], None, environment,
                      flask=True)]
    with tempfile.TemporaryDirectory() as directory:
        dump = f".output {directory}/raw.csv\n" + "".join(f"SELECT * FROM {t};\n" for t in TABLES)  # noqa: S608
        script = Path(directory) / "dump.sql"
        script.write_text(dump)
        results.append(_timed("raw sqlite3 -csv dump (floor)",
                              ["sh", "-c", f"sqlite3 -csv -header {database} < {script}"], rows))
        results.append(_timed("Python csv writer, plain SELECT",
                              [sys.executable, "-c", "import sys; from bench.exports_large "
                               "import plain_csv; plain_csv(sys.argv[1], sys.argv[2])",
                               database, f"{directory}/plain.csv"], rows))
        for key in formats:
            results.append(_timed(f"flask export --format {key}",
                                  [*flask, "export", "--format", key, "--output",
                                   f"{directory}/export-{key}"], rows, environment, flask=True))
        if with_import:
            if "json" not in formats:
                subprocess.run([*flask, "export", "--format", "json", "--output",  # noqa: S603
                                f"{directory}/export-json"], env=environment, check=True,
                               capture_output=True)
            target = {**environment, "DATABASE_URL": f"sqlite:///{directory}/imported.sqlite3"}
            subprocess.run([*flask, "db", "upgrade"], env=target, check=True, capture_output=True)  # noqa: S603
            results.append(_timed("flask import (the JSON export)",
                                  [*flask, "import", f"{directory}/export-json"], rows, target,
                                  flask=True))
    return rows, results


def table(rows: int, results: list[Timed]) -> str:
    idle = results[0]
    plain = next(result for result in results if result.name.startswith("Python csv"))
    lines = [f"{rows:,} rows in {', '.join(TABLES)}", "",
             "| what | wall | CPU (user+sys) | rows/s | rows/s net | x plain csv | "
             "peak memory (RSS) | growth over idle |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for result in results:
        speed = net = ratio = growth = "-"
        if result.rows:
            speed = f"{result.rows / result.wall:,.0f}"
            ratio = f"{plain.wall / result.wall:.2f}"
            net_seconds = result.wall - idle.wall if result.flask else result.wall
            net = f"{result.rows / net_seconds:,.0f}" if net_seconds > 0 else "-"
        if result.flask and result is not idle:
            growth = f"{(result.peak_kb - idle.peak_kb) / 1024:+.0f} MB"
        lines.append(f"| {result.name} | {result.wall:.1f} s | {result.cpu:.1f} s | {speed} | "
                     f"{net} | {ratio} | {result.peak_kb / 1024:.0f} MB | {growth} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, action="append",
                        help="a seeded SQLite file; give it twice for two sizes")
    parser.add_argument("--formats", nargs="+", default=["csv", "json", "fhir"])
    parser.add_argument("--no-import", action="store_true", help="skip the import of the JSON")
    parser.add_argument("--no-write", action="store_true",
                        help="print only; leave docs/performance.md as it is")
    arguments = parser.parse_args()
    machine = report.machine()
    tables = []
    for database in arguments.database:
        rows, results = measure(str(Path(database).resolve()), arguments.formats,
                                not arguments.no_import)
        tables.append(table(rows, results))
        print(tables[-1] + "\n", flush=True)
    if not arguments.no_write:
        report.update_section("exports_large", report.section(report.command(), machine,
                                                              "\n\n".join(tables)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
