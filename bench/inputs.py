"""``python -m bench.inputs``: the work one keystroke can cost, on hostile input.

Times ``check_code`` (the code field, answered on every keystroke) and the
composer's card masking on 10,000-character pastes of the shapes that used to
be slow (dashes, digits, spaces, punctuation, look-alikes) in CPython, best of
several runs, and prints each figure against the goal: at most 50 ms.

    python -m bench.inputs            # exit 1 when a figure misses the goal
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wizard.compose import compose  # noqa: E402
from wizard.diagnose import check_code  # noqa: E402
from wizard.vendor import Vendor  # noqa: E402

GOAL_MS = 50.0
SIZE = 10_000
RUNS = 5


def shapes(size: int = SIZE) -> dict[str, str]:
    rng = random.Random(14)
    mixed = "0123456789ABCDEFGHJKMNPQRSTVWXYZ -–.,Oo1lI\u00a0\u200bЗ"
    return {
        "dashes": "-" * size,
        "digits": "4" * size,
        "digits and spaces": ("4111 " * size)[:size],
        "spaces": " " * size,
        "quotes": '"' * size,
        "look-alikes": "O1" * (size // 2),
        "random mix": "".join(rng.choice(mixed) for _ in range(size)),
    }


def best_ms(fn: Callable[[], object], runs: int = RUNS) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        best = min(best, (time.perf_counter() - started) * 1000)
    return best


def main() -> int:
    vendor = Vendor.load()
    worst = 0.0
    print(f"Work per keystroke on {SIZE:,}-character input, CPython, best of {RUNS} "
          f"(goal <= {GOAL_MS:.0f} ms):")
    for name, text in shapes().items():
        code = best_ms(lambda t=text: check_code(t, vendor))
        composed = best_ms(lambda t=text: compose("not_received", {"tried": t}, "en", vendor))
        worst = max(worst, code, composed)
        print(f"  {name:18} check_code {code:7.2f} ms   compose {composed:7.2f} ms")
    verdict = "met" if worst <= GOAL_MS else "NOT met"
    print(f"  worst: {worst:.2f} ms (goal <= {GOAL_MS:.0f} ms): {verdict}")
    return 0 if worst <= GOAL_MS else 1


if __name__ == "__main__":
    sys.exit(main())
