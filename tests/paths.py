"""Where the tests find the repository and their own data, from any test folder."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
DOCS = ROOT / "docs"
FIXTURES = TESTS / "fixtures"
CASES = TESTS / "cases"
