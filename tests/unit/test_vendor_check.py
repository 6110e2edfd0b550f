"""``check-vendor``: every mistake in vendor.yml named with its line, as the build does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import ROOT
from wizardtools.vendor_schema import VendorConfigError, check_file, check_text, ensure_valid

VENDOR = (ROOT / "vendor.yml").read_text("utf-8")
SECOND = ROOT / "tests" / "fixtures" / "vendor2" / "vendor.yml"


def broken(old: str, new: str, at: str | None = None) -> tuple[str, int]:
    """vendor.yml with ``old`` replaced by ``new``, and the line of ``at`` (default
    ``new``) in the result: where the problem must be reported."""
    assert old in VENDOR, f"the demo vendor.yml no longer has {old!r}"
    text = VENDOR.replace(old, new, 1)
    mark = at or new.strip()
    return text, text[: text.index(mark)].count("\n") + 1


def problems_at(text: str) -> list[tuple[int, str]]:
    return [(p.line, p.reason) for p in check_text("vendor.yml", text, ROOT / "docs")]


def test_the_demo_vendor_and_the_second_vendor_pass() -> None:
    assert check_file(ROOT / "vendor.yml", ROOT / "docs") == []
    assert check_file(SECOND, SECOND.parent / "docs") == []


# name: (old text, new text, where the problem is reported (default: new), reason)
CASES = {
    "missing key": ("  short_name: Brightfern\n", "", "vendor:\n  name:", "vendor: missing 'short_name'"),
    "typo in a key": ("  timezone: Europe/Berlin", "  timezon: Europe/Berlin", None,
                      "unknown key 'timezon' (did you mean 'timezone'?)"),
    "product names an unknown format": ("    format: fernpad\n", "    format: fernpadd\n", None,
                                        "format 'fernpadd' is not in formats (did you mean 'fernpad'?)"),
    "format names an unknown product": ("    product: fernvault\n", "    product: vault\n", None,
                                        "product 'vault' is not in products"),
    "alphabet repeats a character": ('alphabet: "0123456789ABCDEFGHJKMNPQRSTVWXYZ"',
                                     'alphabet: "0123456789ABCDEFGHJKMNPQRSTVWXYZ0"', None,
                                     "the alphabet repeats '0'"),
    "alphabet contains the separator": ('alphabet: "0123456789ABCDEFGHJKMNPQRSTVWXYZ"',
                                        'alphabet: "0123456789ABCDEFGHJKMNPQRSTVWXYZ-"', None,
                                        "the alphabet contains the separator '-'"),
    "regex does not compile": (r"order_id_patterns: ['\d{8,10}']",
                               r"order_id_patterns: ['(\d{8,10}']", None,
                               "is not a valid regular expression (missing ), unterminated"),
    "regex with nested quantifiers": (r"order_id_patterns: ['\d{8,10}']",
                                      r"order_id_patterns: ['(\d+)+-\d{4}']", None,
                                      "can take exponential time on what customers type"
                                      " (a quantifier inside a quantifier)"),
    "regex with overlapping alternatives": (
        r"order_id_patterns: ['\d{6,9}-\d{5,9}', 'txn_[0-9a-z]{26}']",
        r"order_id_patterns: ['\d{6,9}-\d{5,9}', 'txn_([a-z]\d|[a-f]x)*!']", None,
        "can take exponential time on what customers type (an alternation under a quantifier"),
    "unknown time zone": ("timezone: Europe/Berlin", "timezone: Europe/Berlinn", None,
                          "'Europe/Berlinn' is not a known time zone"),
    "hours close before they open": ('      close: "18:00"', '      close: "08:00"', "    hours:",
                                     "'open' (09:00) must be before 'close' (08:00)"),
    "hour without quotes": ('open: "09:00"', "open: 9", None,
                            "must be a string, not an integer (put it in quotes)"),
    "e-mail without a domain": ("    email: support@brightfern.example",
                                "    email: support.brightfern.example", None,
                                "does not look like an e-mail address"),
    "plain http link": ("website: https://brightfern.example", "website: http://brightfern.example",
                        None, "use an https:// address"),
    "unknown channel kind": ("      - kind: web_form", "      - kind: fax", None,
                             "'fax' is not one of"),
    "messenger without an id": ("        id: BrightfernSupport\n", "", "- kind: messenger",
                                "missing 'id'"),
    "qr image not in docs": ("        languages: [zh]\n",
                             "        languages: [zh]\n        qr: assets/nope.png\n",
                             "qr: assets/nope.png", "qr image 'assets/nope.png' is not in"),
    "duplicate reseller": ("  - id: paddle", "  - id: fastspring", "  - id: fastspring\n    name: Paddle",
                           "id 'fastspring' is used twice"),
    "peak period that is no date": (
        "holiday_max: 1440}\n    country: GB",
        "holiday_max: 1440, peak: ['02-30..03-01']}\n    country: GB",
        "peak: ['02-30", "'02-30..03-01' is not a real date period"),
    "routing misses a problem": ("    invoice:\n      handler: reseller\n      include: [order_number, reseller, company]\n",
                                 "", "  problems:", "routing: problem 'invoice' has no entry"),
    "routing names an unknown problem": ("    download:\n      handler: vendor", "    downlaod:\n      handler: vendor",
                                         "downlaod:", "'downlaod' is not a problem the composer knows (did you mean 'download'?)"),
    "routing channel the handler lacks": ("    refund_duplicate:\n      handler: reseller\n",
                                          "    refund_duplicate:\n      handler: reseller\n      channel: email\n",
                                          "channel: email", "channel 'email' does not reach the reseller"),
    "routing asks for an unknown field": ("include: [order_email, reseller]", "include: [order_mail, reseller]",
                                          None, "include 'order_mail' is not a composer field (did you mean 'order_email'?)"),
    "routing override for no reseller": ("  resellers:\n    fastspring:\n      refund_duplicate:",
                                         "  resellers:\n    fastsprung:\n      refund_duplicate:", "fastsprung:",
                                         "routing: 'fastsprung' is not in resellers (did you mean 'fastspring'?)"),
    "routing handler that is neither": ("    lost_code:\n      handler: vendor", "    lost_code:\n      handler: support",
                                        "handler: support", "'support' is not one of: vendor, reseller"),
    "unverified names a field the reseller lacks": ("      email_sender: \"Confirm the sender address on a test order.\"",
                                                    "      email_sendr: \"Confirm the sender address on a test order.\"",
                                                    None, "unverified names 'email_sendr', which this reseller does not set"),
    "past reseller still live": ("  - id: digitalriver\n    name: Digital River", "  - id: paddle\n    name: Digital River",
                                 "  - id: paddle\n    name: Digital River", "past reseller 'paddle' is also a live reseller"),
}


@pytest.mark.parametrize("case", CASES)
def test_each_mistake_is_reported_on_its_line(case: str) -> None:
    old, new, at, reason = CASES[case]
    text, line = broken(old, new, at)
    found = problems_at(text)
    assert line in [n for n, r in found if reason in r], (line, reason, found)


def test_a_yaml_syntax_error_names_its_line() -> None:
    text, line = broken("  short_name: Brightfern", "  short_name: [Brightfern")
    found = problems_at(text)
    assert len(found) == 1 and found[0][1].startswith("YAML syntax error"), found
    assert found[0][0] >= line


def test_unknown_keys_that_are_no_typo_are_allowed() -> None:
    text = VENDOR + "\n# notes of our own\ninternal_notes: {owner: web team}\n"
    assert problems_at(text) == []


def test_ensure_valid_raises_with_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "vendor.yml"
    bad.write_text(VENDOR.replace("country: DE", "country: de").replace('close: "18:00"', 'close: "07:00"'),
                   "utf-8")
    with pytest.raises(VendorConfigError) as caught:
        ensure_valid(bad)
    reasons = [p.reason for p in caught.value.problems]
    assert len(reasons) == 2, reasons
    assert "two-letter ISO 3166 code" in reasons[0] and "'close' (07:00)" in reasons[1]
    assert str(caught.value).count(f"{bad.name}:") == 2


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wizard", "check-vendor", *args], cwd=ROOT,
                          capture_output=True, text=True)


def test_cli_says_ok_for_a_good_file_and_lists_problems_with_lines_for_a_bad_one(
    tmp_path: Path,
) -> None:
    good = run_cli(str(SECOND))
    assert good.returncode == 0 and good.stdout.startswith("ok: "), good
    text, line = broken("timezone: Europe/Berlin", "timezone: Mars/Olympus")
    bad = tmp_path / "vendor.yml"
    bad.write_text(text, "utf-8")
    result = run_cli(str(bad))
    assert result.returncode == 1
    assert f"vendor.yml:{line}: timezone 'Mars/Olympus' is not a known time zone" in result.stdout
    assert "1 problem(s) found" in result.stderr


def test_unverified_facts_are_reminders_on_their_lines_not_errors() -> None:
    result = run_cli(str(ROOT / "vendor.yml"))
    assert result.returncode == 0, result
    reminders = [line for line in result.stdout.splitlines() if ": reminder: " in line]
    marked = VENDOR.count("    unverified:\n")
    assert marked == 3 and len(reminders) == 6, reminders
    lines = VENDOR.splitlines()
    for reminder in reminders:
        number = int(reminder.split(":")[1])
        field = lines[number - 1].split(":")[0].strip()  # the reminder points at the mark
        assert f" {field} " in reminder and "is not confirmed: " in reminder, reminder
    assert any("'fastspring' email_sender ('noreply@fastspring.com') is not confirmed" in r
               for r in reminders)
    assert result.stdout.splitlines()[-1].startswith("ok: ")


def test_a_file_without_unverified_marks_has_no_reminders() -> None:
    result = run_cli(str(SECOND))
    assert result.returncode == 0 and "reminder" not in result.stdout


def test_the_build_hook_refuses_a_broken_vendor_file(tmp_path: Path, monkeypatch) -> None:
    from mkdocs.exceptions import PluginError

    import hooks

    text, line = broken("    email: support@brightfern.example", "    email: support")
    bad = tmp_path / "vendor.yml"
    bad.write_text(text, "utf-8")
    monkeypatch.setenv("KEYGUIDE_VENDOR", str(bad))

    class Config:  # the two things on_config reads from MkDocs' config
        docs_dir = str(ROOT / "docs")
        plugins: dict = {}

    with pytest.raises(PluginError, match=rf"vendor.yml:{line}: support email: 'support'"):
        hooks.on_config(Config())
