"""The reference line: written the same in every language, read back, never typed text."""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.vendorshape import by_id
from wizard import __version__, api, reference
from wizard import compose as c
from wizard.vendor import LANGUAGES, load_vendor
from wizardtools.flowlint import load_flows
from wizardtools.flows import outcomes, paths

FLOWS = load_flows(check_articles=False)
GRAPH = reference.graph_of(FLOWS)


@pytest.fixture(scope="module")
def vendor() -> dict:
    return by_id(load_vendor())


def escalations() -> list[tuple[str, str, str, list[str]]]:
    """(flow, step, problem, longest path) of every escalate outcome."""
    out = []
    for flow in FLOWS.values():
        for step in outcomes(flow):
            if step.outcome == "escalate":
                ways = [[s for s, _ in p] for p in paths(flow) if p[-1][0] == step.id]
                out.append((flow.id, step.id, step.problem, max(ways, key=len)))
    return out


# --- writing ------------------------------------------------------------------------


@pytest.mark.parametrize(("flow", "step", "problem", "path"), escalations())
def test_every_escalation_writes_a_line_that_reads_back(flow, step, problem, path, vendor) -> None:
    trail = [{"f": flow, "s": s} for s in path[:-1]]
    ref = reference.walk(trail, flow, step, GRAPH)
    assert ref["path"] == path
    lines = set()
    for lang in LANGUAGES:
        msg = c.compose(problem, {"reseller": "paddle"}, lang, vendor, ref)
        found = list(reference.find(msg["body"]))
        assert found == [msg["reference"]]
        parsed = reference.parse(found[0])
        assert (parsed.flow, parsed.problem, parsed.path, parsed.lang, parsed.version) == (
            flow, problem, tuple(path), lang, __version__)
        assert parsed.reseller == "paddle" and parsed.outcome == "escalate"
        lines.add(found[0].replace(f"lang={lang}", "lang=*"))
    assert len(lines) == 1  # the same line in every language but for lang=


def test_the_note_explains_the_line_in_the_readers_language(vendor) -> None:
    notes = c.messages()["reference_note"]
    assert re.search("[а-я]", notes["ru"]) and re.search("[\u4e00-\u9fff]", notes["zh"])
    for lang in LANGUAGES:
        body = c.compose("refund", {}, lang, vendor)["body"]
        assert body.endswith(f"{notes[lang]}\n{c.compose('refund', {}, lang, vendor)['reference']}")


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["name", "order_number", "tried", "reseller", "product",
                                        "order_email", "amount"]),
                       st.text(min_size=1, max_size=40).filter(lambda t: t.strip())))
def test_nothing_typed_reaches_the_line(answers) -> None:
    vendor = by_id(load_vendor())
    msg = c.compose("not_received", answers, "en", vendor, {"flow": "not-received"})
    line = msg["reference"]
    fields = dict(token.split("=", 1) for token in line.split()[2:])
    assert set(fields) <= set(reference.FIELDS)
    allowed = {"not-received", "escalate", "not_received", "?", "en", __version__}
    allowed |= set(vendor["resellers"])
    assert set(fields.values()) <= allowed, line


def test_typed_text_in_the_trail_is_refused() -> None:
    bad = [{"f": "not-received", "s": "spam"}, {"f": "not-received", "s": "my order 4111"}]
    assert reference.walk(bad, "not-received", "contact", GRAPH)["path"] is None
    assert reference.walk(bad, "not-received", "contact")["path"] is None  # no graph: spelling
    skipped = [{"f": "not-received", "s": "spam"}]  # spam -> contact is not a move
    assert reference.walk(skipped, "not-received", "contact", GRAPH)["path"] is None
    assert reference.walk([], "not-received", "contact", GRAPH)["path"] is None
    wrong_via = [{"f": "refund", "s": "reason"}, {"f": "not-received", "s": "spam"},
                 {"f": "not-received", "s": "wait"}, {"f": "not-received", "s": "lookup"},
                 {"f": "not-received", "s": "payment"}]
    ref = reference.walk(wrong_via, "not-received", "contact", GRAPH)
    assert ref["path"] and ref["via"] == []  # refund/reason does not hand over here


def test_the_short_mailto_still_carries_the_line(vendor) -> None:
    v = json.loads(json.dumps(vendor))
    v["resellers"]["paddle"]["support_email"] = "sellers@paddle.example"
    msg = c.compose("not_received", {"tried": "x" * 3000, "reseller": "paddle"}, "ru", v,
                    {"flow": "not-received", "path": ["spam", "wait", "lookup", "payment",
                                                      "contact"]})
    assert msg["mailto_content"] == "short" and len(msg["mailto"]) <= c.MAILTO_LIMIT
    assert msg["reference"] in unquote(msg["mailto"]).replace("\r\n", "\n")


def test_the_worker_checks_the_trail_against_the_shipped_graph() -> None:
    saved = dict(api.STATE)
    try:
        api.handle({"type": "configure", "payload": {"vendor": load_vendor(), "flows": GRAPH}})
        payload = {"problem": "refund", "lang": "zh", "answers": {}, "flow": "refund",
                   "step": "contact", "trail": [{"f": "refund", "s": "reason"},
                                                {"f": "refund", "s": "trial"}]}
        reply = api.handle({"id": 1, "type": "compose", "payload": payload})
        assert reply["ok"] and "path=reason>trial>contact lang=zh" in reply["result"]["reference"]
        payload["trail"] = [{"f": "refund", "s": "trial"}]
        reply = api.handle({"id": 2, "type": "compose", "payload": payload})
        assert "path=? lang=zh" in reply["result"]["reference"]
    finally:
        api.STATE.clear()
        api.STATE.update(saved)


# --- reading ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Ref: KG1 flow=a outcome=escalate problem=b path=a lang=en",  # no v
    "Ref: KG1 flow=a outcome=maybe problem=b path=a lang=en v=0.1.0",
    "Ref: KG1 flow=A outcome=escalate problem=b path=a lang=en v=0.1.0",
    "Ref: KG1 flow=a outcome=escalate problem=b path=a lang=en v=0.1.0 colour=red",
    "Ref: KG1 flow=a flow=b outcome=escalate problem=b path=a lang=en v=0.1.0",
    "Ref: KG1 flow=a outcome=escalate problem=b path=a>>b lang=en v=0.1.0",
    "Ref: KG1 flow=a outcome=escalate problem=b path=a lang=en v=0.1.0 via=start",
    "Ref: KG1 flow=a outcome=escalate problem=b path=a lang=en v=123456789",
    "Ref: KG1 flow=a outcome=escalate problem=b path=a lang=en v=0.1.0 reseller=Ann Lee",
])
def test_malformed_lines_are_refused_without_quoting_them(text) -> None:
    with pytest.raises(reference.BadReference) as info:
        reference.parse(text)
    assert "Ann" not in str(info.value) and "123456789" not in str(info.value)


def test_lines_are_found_in_crlf_mail_and_after_html_entities_are_decoded() -> None:
    line = "Ref: KG1 flow=f outcome=escalate problem=p path=a>b lang=zh v=0.1.0"
    assert list(reference.find(f"hi\r\n  {line}  \r\nbye")) == [line]
    wrapped = line.replace(" lang=", "\r\nlang=")
    assert list(reference.find(wrapped + "\r\nThanks")) == [line]
    assert list(reference.find("> " + line)) == []
