"""Exports at a million rows: each export format over the large practice, beside the floor.

    python -m bench.exports_large --database PATH.sqlite3 [--formats csv json fhir]

On a SQLite database seeded by ``flask seed-large``, runs under ``/usr/bin/time -v`` in the
same run: ``flask export`` in each format, the raw ``sqlite3 -csv`` dump of the same tables
(the floor), and Python's own ``csv`` writer over a plain SELECT of the same rows. Prints
rows per second and peak resident memory of each, and the idle command's peak (``flask
--help``) to read the growth against.
"""
import argparse
import csv
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

TABLES = ["clients", "intakes", "session_plans", "treatment_sessions", "check_ins",
          "assignments", "exercise_logs"]


def _timed(command: list[str], environment: dict | None = None) -> tuple[float, int]:
    """Wall seconds and peak resident kB of ``command`` under /usr/bin/time -v."""
    result = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True,  # noqa: S603
                            env=environment, check=False)
    if result.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    elapsed = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", result.stderr)
    seconds = 0.0
    for part in elapsed.group(1).split(":"):
        seconds = seconds * 60 + float(part)
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    return seconds, peak


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--formats", nargs="+", default=["csv", "json", "fhir"])
    arguments = parser.parse_args()
    database = str(Path(arguments.database).resolve())
    with sqlite3.connect(database) as connection:
        rows = sum(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
                   for table in TABLES)
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{database}",
                   "SECRET_KEY": os.environ.get("SECRET_KEY", "export-benchmark")}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    results = [("idle command (flask --help)", *_timed([*flask, "--help"], environment), None)]
    with tempfile.TemporaryDirectory() as directory:
        dump = f".output {directory}/raw.csv\n" + "".join(f"SELECT * FROM {t};\n" for t in TABLES)  # noqa: S608
        script = Path(directory) / "dump.sql"
        script.write_text(dump)
        results.append(("raw sqlite3 -csv dump (floor)",
                        *_timed(["sh", "-c", f"sqlite3 -csv -header {database} < {script}"]), rows))
        results.append(("Python csv writer, plain SELECT",
                        *_timed([sys.executable, "-c", "import sys; from bench.exports_large "
                                 "import plain_csv; plain_csv(sys.argv[1], sys.argv[2])",
                                 database, f"{directory}/plain.csv"]), rows))
        for key in arguments.formats:
            results.append((f"flask export --format {key}",
                            *_timed([*flask, "export", "--format", key, "--output",
                                     f"{directory}/export-{key}.zip"], environment), rows))
    print(f"{rows:,} rows in {', '.join(TABLES)}\n")
    print("| what | time | rows/s | peak memory (RSS) |")
    print("|---|---:|---:|---:|")
    for name, seconds, peak, counted in results:
        speed = f"{counted / seconds:,.0f}" if counted else "-"
        print(f"| {name} | {seconds:.1f} s | {speed} | {peak / 1024:.0f} MB |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
