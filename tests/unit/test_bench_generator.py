"""The benchmark's generated help center is one the build would publish."""

from __future__ import annotations

from pathlib import Path

from bench.build import generate_docs
from wizardtools.glossary import lint_docs


def test_generated_articles_pass_the_glossary_the_build_enforces(tmp_path: Path) -> None:
    # A word the glossary refuses (ru "ключ", zh "经销商") made `make bench`'s
    # 1,000-article build fail; 300 articles × 3 cover every word many times.
    generate_docs(tmp_path / "docs", 300)
    assert lint_docs(tmp_path / "docs") == []
