"""Run every benchmark: ``make bench`` (or ``python -m bench.run``)."""
import subprocess
import sys

BENCHMARKS = [
    ["bench.pages", "--sizes", "5", "100"],
    ["bench.exports", "--clients", "200", "1000"],
]


def main() -> int:
    for module, *arguments in BENCHMARKS:
        print(f"== {module}", flush=True)
        result = subprocess.run([sys.executable, "-m", module, *arguments], check=False)  # noqa: S603
        if result.returncode:
            return result.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
