"""The Jinja partials that turn the build's data into HTML (sitebuild.templates)."""

from __future__ import annotations

import jinja2
import pytest
from markupsafe import Markup

from sitebuild import render, templates


@pytest.mark.parametrize("check", sorted(render.LIVE_CHECKS))
def test_every_live_check_has_its_form_partial(check: str) -> None:
    assert (templates.OVERRIDES / "partials" / "wizard" / "checks" / f"{check}.html").is_file()


@pytest.mark.parametrize("check", sorted(render._CHECK_FACTS))
def test_every_check_with_facts_has_its_facts_partial(check: str) -> None:
    assert (templates.OVERRIDES / "partials" / "wizard" / "facts" / f"{check}.html").is_file()


def test_data_a_partial_needs_but_lacks_fails_instead_of_printing_nothing() -> None:
    with pytest.raises(jinja2.UndefinedError, match="steps"):
        templates.html("partials/wizard/flow.html", ui=templates.strings(render.UI["en"]),
                       lang="en", flow="demo", start="ask")


def test_text_is_escaped_and_markup_made_elsewhere_is_kept() -> None:
    html = templates.html("partials/wizard/hours.html", hours='<b>9–6</b> & "late"')
    assert "&lt;b&gt;9–6&lt;/b&gt; &amp; &#34;late&#34;" in html and "<b>" not in html
    contact = {"route": "mixed", "problem": "p", "kind": "table", "hours": None,
               "table": Markup("<table><tr><td>x</td></tr></table>")}
    out = templates.html("partials/wizard/contact.html", ui=templates.strings(render.UI["en"]),
                         contact=contact)
    assert "<table><tr><td>x</td></tr></table>" in out
