"""The glossary lint: one name per concept and language, with file:line.

The names live in ``wizard/data/glossary.yaml`` (data, edited by writers);
this module finds the variants it lists in Russian and Chinese articles,
flow strings and interface strings, and the first-person masculine forms
Russian answers must not use. Deliberate exceptions (front-matter fields such
as ``keywords``, lines marked ``glossary: allow``, listed texts) are skipped.

CPython tooling (PyYAML is imported in functions); never shipped in the wheel.

>>> g = Glossary.from_data({"concepts": {"reseller": {"zh": {"use": "支付平台",
...     "avoid": [{"pattern": "经销商"}]}}}})
>>> [str(e) for e in g.check_lines("a.zh.md", "zh", ["请联系经销商。"])]
['a.zh.md:1: [zh] 经销商: write 支付平台 (reseller; glossary wizard/data/glossary.yaml)']
>>> g.check_lines("a.zh.md", "zh", ["请联系经销商 <!-- glossary: allow -->"])
[]
>>> fix_text("请联系经销商。", "zh", g)
'请联系支付平台。'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wizardtools.i18n_status import translated_texts
from wizardtools.lintkit import FlowLintError, LintError, display, line_of, read_yaml
from wizardtools.paths import DATA_DIR, DOCS_DIR, FLOWS_DIR

GLOSSARY_PATH = DATA_DIR / "glossary.yaml"
LINTED = ("ru", "zh")
SOURCE = "wizard/data/glossary.yaml"

# Text the reader never sees as prose: Jinja, links' targets, inline code
# (literal text of a program), HTML tags, addresses, icon shortcodes.
_NOISE = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{:.*?\}|`[^`\n]*`|\]\([^)]*\)|<[^>]+>"
    r"|https?://\S+|\S+@\S+|:[a-z0-9]+(?:-[a-z0-9]+)+:"
)


@dataclass(frozen=True)
class Rule:
    """One variant to avoid: where it applies and what to write instead."""

    concept: str
    lang: str
    pattern: re.Pattern[str]
    say: str
    scope: str = "text"  # text: every string; labels: option labels and titles


@dataclass(frozen=True)
class Hit:
    """A variant found in a text."""

    rule: Rule
    start: int
    end: int
    found: str

    def reason(self) -> str:
        what = {"gender": "first-person masculine", "style": "calque"}.get(
            self.rule.concept, self.rule.concept)
        return (f"[{self.rule.lang}] {self.found}: write {self.rule.say}"
                f" ({what}; glossary {SOURCE})")


class Glossary:
    """The rules of ``glossary.yaml`` and its exceptions."""

    def __init__(self, rules: list[Rule], fields: set[str], marker: str,
                 texts: list[dict[str, str]], preferred: dict[tuple[str, str], str]) -> None:
        self.rules, self.fields, self.marker = rules, fields, marker
        self.texts, self.preferred = texts, preferred
        self._applicable: dict[tuple[str, bool], tuple[list[Rule], re.Pattern[str] | None]] = {}

    def _rules_for(self, lang: str, label: bool) -> tuple[list[Rule], re.Pattern[str] | None]:
        """The rules that apply to a text of ``lang`` (``label``: an answer or
        a title), and one pattern of them all (None when they cannot be joined)."""
        key = (lang, label)
        if key not in self._applicable:
            rules = [r for r in self.rules if r.lang == lang and (r.scope != "labels" or label)]
            patterns = [r.pattern.pattern for r in rules]
            joined = None
            if not any(re.search(r"\\[1-9]|\(\?P=", p) for p in patterns):  # no backreferences
                try:
                    joined = re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)", re.I)
                except re.error:  # a pattern with its own flags, say: no shortcut
                    joined = None
            self._applicable[key] = (rules, joined)
        return self._applicable[key]

    def _may_match(self, plain: str, lang: str, label: bool) -> bool:
        """False when no rule of ``lang`` can match ``plain``: one search of all
        the rules' patterns at once, as most lines hold none (a build lints
        every line of every article)."""
        joined = self._rules_for(lang, label)[1]
        return joined is None or joined.search(plain) is not None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Glossary:
        rules: list[Rule] = []
        preferred: dict[tuple[str, str], str] = {}
        for concept, langs in (data.get("concepts") or {}).items():
            for lang in LINTED:
                entry = langs.get(lang) if isinstance(langs, dict) else None
                if not isinstance(entry, dict):
                    continue
                preferred[(concept, lang)] = entry["use"]
                for item in entry.get("avoid", []):
                    rules.append(Rule(concept, lang, re.compile(item["pattern"], re.I),
                                      item.get("say", entry["use"])))
        for section in ("gender", "style"):
            for lang, items in (data.get(section) or {}).items():
                for item in items:
                    rules.append(Rule(section, lang, re.compile(item["pattern"], re.I),
                                      item["say"], item.get("scope", "text")))
        exceptions = data.get("exceptions") or {}
        return cls(rules, set(exceptions.get("fields", [])),
                   exceptions.get("marker", "glossary: allow"),
                   list(exceptions.get("texts") or []), preferred)

    def find(self, text: str, lang: str, *, label: bool = False) -> list[Hit]:
        """Variants in ``text``; ``label`` adds the rules for answers and titles.

        >>> g = load_glossary()
        >>> [h.found for h in g.find("Нашёл письмо", "ru", label=True)]
        ['Нашёл']
        >>> [h.found for h in g.find("Письмо нашлось", "ru", label=True)]
        []
        >>> [h.found for h in g.find("Лицензионный ключ от реселлера", "ru")]
        ['ключ', 'реселлера']
        >>> [h.found for h in g.find("注册码在 `授权码` 字段里", "zh")]
        []
        """
        plain = _NOISE.sub(lambda m: " " * len(m.group(0)), text)
        hits: list[Hit] = []
        if not self._may_match(plain, lang, label):
            return hits
        for rule in self._rules_for(lang, label)[0]:
            for match in rule.pattern.finditer(plain):
                found = match.group(0).lstrip(" \t-*#>[")
                start = match.end() - len(found)
                if not any(h.start < match.end() and start < h.end for h in hits):
                    hits.append(Hit(rule, start, match.end(), found))
        return sorted(hits, key=lambda h: h.start)

    def allowed(self, file: str, line_text: str, found: str) -> bool:
        if self.marker in line_text:
            return True
        name = file.replace("\\", "/")
        return any(name.endswith(t.get("file", "\0")) and found in t.get("text", "")
                   and t.get("text", "") in line_text for t in self.texts)

    def check_lines(self, file: str, lang: str, lines: list[str], first: int = 1,
                    labels: set[int] = frozenset()) -> list[LintError]:
        """Lint text lines; ``labels`` are the line numbers that hold a label or title."""
        out = []
        for number, text in enumerate(lines, start=first):
            for hit in self.find(text, lang, label=number in labels):
                if not self.allowed(file, text, hit.found):
                    out.append(LintError(file, number, hit.reason()))
        return out


def load_glossary(path: Path | str = GLOSSARY_PATH) -> Glossary:
    """The glossary file, parsed."""
    import yaml

    return Glossary.from_data(yaml.safe_load(Path(path).read_text("utf-8")) or {})


def fix_text(text: str, lang: str, glossary: Glossary) -> str:
    """Replace variants by the glossary's word where no grammar changes (Chinese only).

    Russian words change with case and gender, so Russian is left to a writer.
    Literal text (inline code, links' targets, Jinja) is kept.

    >>> fix_text("点击“`授权码`”，输入授权码。", "zh", load_glossary())
    '点击“`授权码`”，输入注册码。'
    """
    if lang != "zh":
        return text
    out, last = [], 0
    for match in [*_NOISE.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[last:end]
        for rule in glossary.rules:
            if rule.lang == "zh" and rule.concept not in ("gender", "style"):
                piece = rule.pattern.sub(rule.say, piece)
        out.append(piece + (match.group(0) if match else ""))
        last = match.end() if match else end
    return "".join(out)


def fix_files(docs_dir: Path, flows_dir: Path, data_dir: Path,
              glossary: Glossary | None = None) -> list[Path]:
    """Apply :func:`fix_text` to the Chinese articles (their exception fields
    and marked lines left alone) and to the Chinese strings of the flows and
    the data files (English and Russian stay as written); the changed files."""
    glossary = glossary or load_glossary()
    changed = []
    for file in (p for p in written_articles(Path(docs_dir)) if p.name.endswith(".zh.md")):
        text = file.read_text("utf-8")
        fixed = [line if glossary.marker in line or _field_of(line) in glossary.fields
                 else fix_text(line, "zh", glossary) for line in text.split("\n")]
        if _write_if_changed(file, text, "\n".join(fixed)):
            changed.append(file)
    for file in sorted(Path(flows_dir).glob("*.yaml")):
        text = file.read_text("utf-8")
        if _write_if_changed(file, text, _fix_yaml_zh(text, glossary)):
            changed.append(file)
    for file in sorted(Path(data_dir).glob("*.json")):
        text = file.read_text("utf-8")
        if _write_if_changed(file, text, _fix_json_zh(text, glossary)):
            changed.append(file)
    return changed


def _write_if_changed(file: Path, old: str, new: str) -> bool:
    if new == old:
        return False
    file.write_text(new, "utf-8")
    return True


_ZH_KEY = re.compile(r"^(?P<head>\s*(?:-\s+)?zh:)(?P<rest>.*)$")


def _fix_yaml_zh(text: str, glossary: Glossary) -> str:
    r"""The ``zh:`` values of a flow file (one line or a block scalar) fixed.

    >>> g = Glossary.from_data({"concepts": {"email": {"zh": {"use": "邮箱",
    ...     "avoid": [{"pattern": "\\be-?mail\\b", "say": "邮箱"}]}}}})
    >>> print(_fix_yaml_zh("  en: the e-mail\n  zh: |-\n    e-mail 地址\n  ru: e-mail", g))
      en: the e-mail
      zh: |-
        邮箱 地址
      ru: e-mail
    """
    out: list[str] = []
    block_indent: int | None = None
    for line in text.split("\n"):
        indent = len(line) - len(line.lstrip())
        if block_indent is not None and (not line.strip() or indent > block_indent):
            out.append(fix_text(line, "zh", glossary))
            continue
        block_indent = None
        match = _ZH_KEY.match(line)
        if match and glossary.marker not in line:
            rest = match.group("rest")
            if rest.strip() in ("|", "|-", ">", ">-"):
                block_indent = len(match.group("head")) - len(match.group("head").lstrip())
            out.append(match.group("head") + fix_text(rest, "zh", glossary))
        else:
            out.append(line)
    return "\n".join(out)


def _fix_json_zh(text: str, glossary: Glossary) -> str:
    r"""The Chinese strings of a data file (values under a ``zh`` key, at any
    depth) fixed; keys and the other languages untouched, layout kept.

    >>> g = Glossary.from_data({"concepts": {"email": {"zh": {"use": "邮箱",
    ...     "avoid": [{"pattern": "\\be-?mail\\b", "say": "邮箱"}]}}}})
    >>> _fix_json_zh('{"email": {"en": "e-mail", "zh": "e-mail 地址"}}', g)
    '{"email": {"en": "e-mail", "zh": "邮箱 地址"}}'
    """
    found: dict[str, str] = {}

    def walk(node: Any, in_zh: bool) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, in_zh or key == "zh")
        elif isinstance(node, list):
            for value in node:
                walk(value, in_zh)
        elif isinstance(node, str) and in_zh:
            fixed = fix_text(node, "zh", glossary)
            if fixed != node:
                found[node] = fixed

    walk(json.loads(text), False)
    for old, new in found.items():
        encoded = json.dumps(old, ensure_ascii=False)
        text = text.replace(f": {encoded}", f": {json.dumps(new, ensure_ascii=False)}")
        text = text.replace(f":{encoded}", f":{json.dumps(new, ensure_ascii=False)}")
    return text


def _field_of(line: str) -> str | None:
    match = re.match(r"^([A-Za-z_][\w-]*):", line)
    return match.group(1) if match else None


# --- files ---------------------------------------------------------------


def article_lang(path: Path) -> str | None:
    """``ru`` for ``page.ru.md``; None for files the lint does not read.

    >>> article_lang(Path("docs/a/b.zh.md")), article_lang(Path("docs/a/b.md"))
    ('zh', None)
    """
    parts = path.name.split(".")
    if len(parts) >= 3 and parts[-1] == "md" and parts[-2] in LINTED:
        return parts[-2]
    return None


def lint_article(path: Path, glossary: Glossary, name: str | None = None) -> list[LintError]:
    """One ``.ru.md`` / ``.zh.md`` article: body, title and front matter (but the
    exception fields), code blocks skipped."""
    lang = article_lang(path)
    if lang is None:
        return []
    name = name or display(path)
    lines = path.read_text("utf-8").splitlines()
    keep: list[str] = []
    labels: set[int] = set()
    in_meta = bool(lines) and lines[0].strip() == "---"
    skipping_field = fenced = False
    for number, line in enumerate(lines, start=1):
        if in_meta and number > 1 and line.strip() in ("---", "..."):
            in_meta = False
            keep.append("")
            continue
        if in_meta:
            field = re.match(r"^([A-Za-z_][\w-]*):", line)
            if field:
                skipping_field = field.group(1) in glossary.fields
                if field.group(1) == "title":
                    labels.add(number)
                    line = " " * field.end() + line[field.end():]
            keep.append("" if skipping_field or number == 1 else line)
            continue
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            keep.append("")
            continue
        keep.append("" if fenced else line)
    return glossary.check_lines(name, lang, keep, labels=labels)


def lint_flow_data(name: str, text: str, data: Any, lines: dict, glossary: Glossary
                   ) -> list[LintError]:
    """The ru/zh strings of one parsed flow (``lines`` from the flow lint's parser)."""
    raw = text.splitlines()
    out: list[LintError] = []
    for path, texts in translated_texts(data, ("en", *LINTED)):
        label = bool(path) and (path[-1] == "label" or path == ("title",))
        for lang in LINTED:
            value = texts.get(lang)
            if not isinstance(value, str):
                continue
            line = line_of(lines, (*path, lang))
            for hit in glossary.find(value, lang, label=label):
                at = _locate(raw, line, hit.found)
                if not glossary.allowed(name, raw[at - 1] if 0 < at <= len(raw) else "",
                                        hit.found):
                    out.append(LintError(name, at, hit.reason()))
    return out


def lint_flow_file(path: Path, glossary: Glossary) -> list[LintError]:
    name = display(path)
    text = path.read_text("utf-8")
    source = read_yaml(name, text)
    if source.data is None:
        return []
    return lint_flow_data(name, text, source.data, source.lines, glossary)


def lint_data_file(path: Path, glossary: Glossary) -> list[LintError]:
    """A JSON file of interface strings, in either layout: ``{"ru": {key: text}}``
    or ``{key: {"ru": text}}``. Lines are found by searching the raw file."""
    name = display(path)
    raw_text = path.read_text("utf-8")
    raw = raw_text.splitlines()
    data = json.loads(raw_text)
    out: list[LintError] = []
    used: dict[str, int] = {}
    for lang, key, value in _json_strings(data):
        encoded = json.dumps(value, ensure_ascii=False)
        start = used.get(encoded, 0)
        line = next((i for i in range(start, len(raw)) if encoded in raw[i]), -1) + 1
        used[encoded] = line if line else start
        label = key.endswith(("label", "title", ".title")) or ".options." in key
        for hit in glossary.find(value, lang, label=label):
            if not glossary.allowed(name, raw[line - 1] if line else value, hit.found):
                out.append(LintError(name, line or 1, hit.reason()))
    return out


def lint_all(docs_dir: Path | None = None, flows_dir: Path | None = None,
             data_dir: Path | None = None, glossary: Glossary | None = None
             ) -> list[LintError]:
    """Every article, flow and data file (defaults: the repository's)."""
    glossary = glossary or load_glossary()
    docs_dir = Path(docs_dir) if docs_dir else DOCS_DIR
    flows_dir = Path(flows_dir) if flows_dir else FLOWS_DIR
    data_dir = Path(data_dir) if data_dir else DATA_DIR
    errors = lint_docs(docs_dir, glossary)
    for flow in sorted(flows_dir.glob("*.yaml")):
        errors += lint_flow_file(flow, glossary)
    errors += lint_data_dir(data_dir, glossary)
    return errors


def lint_data_dir(data_dir: Path, glossary: Glossary) -> list[LintError]:
    errors: list[LintError] = []
    for file in sorted(Path(data_dir).glob("*.json")):
        errors += lint_data_file(file, glossary)
    return errors


# Pages the build writes into docs/ from the flows (which are linted as flows).
GENERATED = ("wizard", "writers")


def written_articles(docs_dir: Path) -> list[Path]:
    """The Markdown pages writers edit: every ``*.md`` but the generated ones."""
    return [page for page in sorted(Path(docs_dir).rglob("*.md"))
            if page.relative_to(docs_dir).parts[0] not in GENERATED]


def lint_docs(docs_dir: Path, glossary: Glossary | None = None) -> list[LintError]:
    glossary = glossary or load_glossary()
    errors: list[LintError] = []
    for page in written_articles(Path(docs_dir)):
        errors += lint_article(page, glossary)
    return errors


def ensure_clean(docs_dir: Path, data_dir: Path | None = None) -> None:
    """Raise :class:`wizardtools.lintkit.FlowLintError` listing every variant in the
    articles of ``docs_dir`` and the interface strings (the site build calls it)."""
    words = load_glossary()
    errors = lint_docs(docs_dir, words)
    errors += lint_data_dir(Path(data_dir) if data_dir else DATA_DIR, words)
    if errors:
        raise FlowLintError(errors)


# --- helpers ---------------------------------------------------------------


def _json_strings(data: Any):
    """(lang, key path, text) for every ru/zh string of a data file."""
    def walk(value: Any, lang: str | None, path: tuple[str, ...]):
        if isinstance(value, str):
            if lang:
                yield lang, ".".join(path), value
        elif isinstance(value, dict):
            for key, item in value.items():
                inner = key if key in LINTED else (None if key == "en" else lang)
                yield from walk(item, inner, (*path, str(key)))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, lang, (*path, str(index)))
    yield from walk(data, None, ())


def _locate(raw: list[str], line: int, found: str) -> int:
    """The first line at or after ``line`` that holds ``found`` (block scalars)."""
    for index in range(max(line - 1, 0), min(len(raw), line + 60)):
        if found in raw[index]:
            return index + 1
    return line
