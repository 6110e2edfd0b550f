"""Keyguide benchmarks: ``python -m bench`` prints figures, writes results.md.

Four benchmarks (issue 7): wizard load against bare Pyodide in Chromium
(:mod:`bench.wizard_load`), bytes on the wire (:mod:`bench.bytes`), check
latency in the worker (:mod:`bench.latency`) and build time against plain
Material plus scaling (:mod:`bench.build`). They print figures; they are
not timed tests (``tests/test_bench_smoke.py`` only keeps them working).
"""
