"""The CSP allows only the inline scripts the theme is known to emit.

An article (or a translation) with a ``<script>`` or an ``onclick=`` of its
own must stop the build, naming the built page and its source file; it must
never be hashed into the policy.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import sys
from pathlib import Path

import yaml

from sitebuild import csp
from tests.paths import ROOT


MD_SCOPE = (
    '__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
    "__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+\".\"+e)),"
    "__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+\".\"+e,"
    "JSON.stringify(_))}catch(e){}}"
)


def test_the_themes_scripts_are_allowed_at_any_depth_and_nothing_else() -> None:
    assert csp.page_problems(f"<script>{MD_SCOPE}</script>") == []
    deeper = MD_SCOPE.replace('"../.."', '"../../../.."')
    assert csp.page_problems(f"<script>{deeper}</script>") == []
    # The same script with one more statement is not the theme's.
    tampered = MD_SCOPE + ";fetch('/steal?'+document.cookie)"
    assert csp.page_problems(f"<script>{tampered}</script>")
    # A string that breaks out of the URL literal is not a "plain string".
    escape = MD_SCOPE.replace('"../.."', '""+alert(1)+""')
    assert csp.page_problems(f"<script>{escape}</script>")


def test_handlers_and_scripts_in_any_spelling_are_found() -> None:
    found = csp.page_problems(
        '<SCRIPT type="text/javascript">x()</SCRIPT><img src=x ONERROR=y()>'
        '<script type="application/json">{"data": 1}</script><script src="a.js"></script>'
    )
    assert len(found) == 2
    assert any("onerror=" in p for p in found) and any("x()" in p for p in found)


def test_the_policy_refuses_a_page_with_an_unknown_script(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(f"<script>{MD_SCOPE}</script>", "utf-8")
    assert "sha256-" in csp.site_policy(tmp_path)
    (tmp_path / "b.html").write_text('<p onclick="go()">x</p>', "utf-8")
    try:
        csp.site_policy(tmp_path, {"b.html": "docs/b.md"})
    except csp.CspError as exc:
        assert "b.html (from docs/b.md): an inline event handler onclick= on <p>" in str(exc)
    else:
        raise AssertionError("the policy allowed an inline handler")


@pytest.mark.site
def test_a_hostile_article_stops_the_build_naming_page_and_source(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs, ignore=lambda d, names: [
        n for n in names if Path(d) == ROOT / "docs" and n in ("wizard", "writers")])
    article = docs / "articles" / "downloads.ru.md"
    article.write_text(
        article.read_text("utf-8")
        + '\n\n<script>fetch("/x?" + document.cookie)</script>\n\n'
        + '<p><b onclick="steal()">Нажмите</b></p>\n',
        "utf-8",
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(yaml.safe_dump({
        "INHERIT": str(ROOT / "mkdocs.yml"), "docs_dir": str(docs),
        "hooks": [str(ROOT / "hooks.py")], "theme": {"custom_dir": str(ROOT / "overrides")},
        "watch": [],
    }), "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
         "--site-dir", str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    where = "ru/articles/downloads/index.html (from docs/articles/downloads.ru.md)"
    assert f"{where}: an inline event handler onclick= on <b>" in log, log
    assert f"{where}: an inline script the theme does not emit" in log, log
    assert not (tmp_path / "site" / "_deploy" / "csp.txt").exists()
