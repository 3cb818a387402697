"""Run every benchmark: ``make bench`` (or ``python -m bench.run [--database-url URL]``).

Each benchmark writes its own section of docs/performance.md; this one adds the ``run``
section: which commands ran, on what machine, and how long each took (wall and CPU time: the
machine may be busy with other work, and CPU time says how much of the wall was ours).
"""
import argparse
import resource
import subprocess
import sys
import time

from bench import report

BENCHMARKS = [
    ["bench.pages", "--sizes", "5", "100"],
    ["bench.exports", "--clients", "200", "1000"],
    ["bench.growth", "--clients", "50", "500"],
]


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="default: temporary SQLite files")
    args = parser.parse_args()
    machine = report.machine(args.database_url)
    rows = ["| benchmark | command | wall | CPU (user + system) |", "|---|---|---:|---:|"]
    for module, *arguments in BENCHMARKS:
        if args.database_url:
            arguments += ["--database-url", args.database_url]
        print(f"== {module}", flush=True)
        started, cpu = time.perf_counter(), children_cpu_seconds()
        result = subprocess.run([sys.executable, "-m", module, *arguments], check=False)  # noqa: S603
        if result.returncode:
            return result.returncode
        line = " ".join(["python -m", module, *(report.hide_password(a) for a in arguments)])
        rows.append(f"| {module.removeprefix('bench.')} | `{line}` "
                    f"| {time.perf_counter() - started:.0f} s "
                    f"| {children_cpu_seconds() - cpu:.0f} s |")
    report.update_section("run", report.section(report.command(), machine, "\n".join(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
