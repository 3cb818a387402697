"""Benchmarks: pages and exports as the practice grows (results in docs/performance.md)."""
