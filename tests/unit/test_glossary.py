"""The glossary lint: one name per concept and language, reported as file:line.

The flow side has a fixture in tests/fixtures/flows/glossary.yaml (run by
tests/test_flows_lint.py); here the articles, the interface strings, the
exceptions, the command line, the build's check and the repository itself.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.paths import FIXTURES
from wizardtools import glossary
from wizardtools.cli import main
from wizardtools.lintkit import FlowLintError

WORDS = glossary.load_glossary()

RU_ARTICLE = """\
---
title: Оплатил, но код не пришёл
keywords: [лицензионный ключ, серийный номер, реселлер]
tags: [заказы]
---

# Оплата прошла, а кода нет

Код пришлёт платёжная платформа.
Спросите у реселлера, где ваш ключ.
Некоторые называют его ключом. <!-- glossary: allow -->

```
Лицензионный ключ: FP-XXXX
```

Если письмо не нашлось, откройте [Мастер решения проблем](../wizard/index.md).
Надпись `Ключ продукта` в окне программы вводите как есть.
"""

ZH_ARTICLE = """\
---
title: 付款后没有收到注册码
keywords: [授权码, 序列号, 经销商]
---

请联系支付平台。
如果经销商没有回复，
请在“`授权码`”一栏粘贴注册码，不要粘贴许可证密钥。
高峰时段发货会慢一些。
"""


def lines_of(errors) -> list[tuple[int, str]]:
    return [(e.line, e.reason.split(":")[0]) for e in errors]


def test_ru_article_variants_are_reported_at_their_lines(tmp_path: Path) -> None:
    page = tmp_path / "x.ru.md"
    page.write_text(RU_ARTICLE, "utf-8")
    errors = glossary.lint_article(page, WORDS, name="docs/x.ru.md")
    assert lines_of(errors) == [
        (2, "[ru] Оплатил"),
        (10, "[ru] реселлера"),
        (10, "[ru] ключ"),
        (17, "[ru] Мастер"),
    ]
    assert str(errors[1]).startswith("docs/x.ru.md:10: [ru] реселлера: write платёжная платформа")


def test_zh_article_variants_keywords_and_literal_text_are_allowed(tmp_path: Path) -> None:
    page = tmp_path / "x.zh.md"
    page.write_text(ZH_ARTICLE, "utf-8")
    errors = glossary.lint_article(page, WORDS, name="x.zh.md")
    assert lines_of(errors) == [(7, "[zh] 经销商"), (8, "[zh] 许可证密钥"), (9, "[zh] 高峰时段")]
    assert "write 促销高峰期" in errors[2].reason


def test_english_articles_are_not_linted(tmp_path: Path) -> None:
    page = tmp_path / "x.md"
    page.write_text("Ask the reseller for the key.\n", "utf-8")
    assert glossary.lint_article(page, WORDS) == []


@pytest.mark.parametrize(
    ("data", "line", "found"),
    [
        ({"en": {"a": "Key"}, "ru": {"a": "Ваш код", "b": "Ваш ключ"}, "zh": {"a": "注册码"}},
         7, "[ru] ключ"),
        ({"title": {"en": "x", "ru": "Код", "zh": "授权码丢失"}}, 5, "[zh] 授权码"),
    ],
)
def test_data_file_variants_have_their_json_line(tmp_path: Path, data, line, found) -> None:
    file = tmp_path / "ui.json"
    file.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
    assert lines_of(glossary.lint_data_file(file, WORDS)) == [(line, found)]


def test_a_variant_inside_a_block_scalar_is_reported_at_its_own_line(tmp_path: Path) -> None:
    flow = tmp_path / "f.yaml"
    flow.write_text(
        "id: f\n"
        "title: {en: T, ru: Т, zh: 题}\n"
        "text:\n"
        "  ru: >-\n"
        "    Первая строка без ошибок.\n"
        "    Напишите реселлеру.\n"
        "  zh: 好\n",
        "utf-8",
    )
    assert lines_of(glossary.lint_flow_file(flow, WORDS)) == [(6, "[ru] реселлеру")]


def test_gender_rules_read_labels_and_titles_only_where_the_reader_speaks() -> None:
    def found(text: str, label: bool) -> list[str]:
        return [h.found for h in WORDS.find(text, "ru", label=label)]

    assert found("Нашёл письмо", True) == ["Нашёл"]
    assert found("Не уверен, что программа подходит", True) == ["уверен"]
    assert found("Я потерял код", False) == ["Я потерял"]
    # The code is the subject: masculine agreement, not the reader's gender.
    assert found("Не пришёл лицензионный код", True) == []
    assert found("Письмо нашлось", True) == [] and found("Не знаю", True) == []
    # In running text a sentence may start with a past tense about someone else.
    assert found("Журнал показывает ошибку.", False) == []


def test_listed_exception_texts_are_allowed(tmp_path: Path) -> None:
    words = glossary.Glossary.from_data({
        "concepts": {"reseller": {"ru": {"use": "платёжная платформа",
                                         "avoid": [{"pattern": r"реселлер\w*"}]}}},
        "exceptions": {"texts": [{"file": "ui.json", "text": "реселлер (Reseller)"}]},
    })
    file = tmp_path / "ui.json"
    file.write_text(json.dumps({"a": {"en": "x", "ru": "реселлер (Reseller)"},
                                "b": {"en": "y", "ru": "реселлеру"}}, ensure_ascii=False,
                               indent=2), "utf-8")
    assert lines_of(glossary.lint_data_file(file, words)) == [(8, "[ru] реселлеру")]


def test_fix_replaces_chinese_variants_and_leaves_russian_to_a_writer() -> None:
    assert glossary.fix_text("请向经销商索取授权码。", "zh", WORDS) == "请向支付平台索取注册码。"
    assert glossary.fix_text("Напишите реселлеру.", "ru", WORDS) == "Напишите реселлеру."


def test_lint_command_reports_articles_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "x.zh.md").write_text(ZH_ARTICLE, "utf-8")
    flows = FIXTURES / "flows"
    empty = tmp_path / "data"
    empty.mkdir()
    status = main(["lint", "--flows", str(flows), "--docs", str(tmp_path), "--data", str(empty)])
    out = capsys.readouterr().out
    assert status == 1
    assert f"{tmp_path / 'x.zh.md'}:7: [zh] 经销商: write 支付平台" in out
    assert "glossary.yaml:12: [ru] Нашёл" in out  # the flow fixture, through the flow lint


def test_the_build_check_fails_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "x.zh.md").write_text(ZH_ARTICLE, "utf-8")
    with pytest.raises(FlowLintError) as caught:
        glossary.ensure_clean(tmp_path)
    assert f"{tmp_path / 'x.zh.md'}:7: [zh] 经销商" in str(caught.value)


def test_the_repository_follows_its_glossary() -> None:
    assert [str(e) for e in glossary.lint_all()] == []


def test_calques_are_reported_with_what_to_write() -> None:
    (hit,) = WORDS.find("Один символ по дороге потерялся.", "ru")
    assert hit.found == "по дороге" and "calque" in hit.reason()
    assert WORDS.find("Один символ потерялся при копировании.", "ru") == []


def test_icon_shortcodes_and_addresses_are_not_prose() -> None:
    assert WORDS.find(":material-email-search-outline: Письмо на support@a.example", "ru") == []
    assert [h.found for h in WORDS.find("Укажите e-mail из заказа.", "ru")] == ["e-mail"]


def test_fix_zh_rewrites_chinese_variants_but_not_keywords(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, flows, data = tmp_path / "docs", tmp_path / "flows", tmp_path / "data"
    for folder in (docs, flows, data):
        folder.mkdir()
    (docs / "x.zh.md").write_text(ZH_ARTICLE, "utf-8")
    (data / "ui.json").write_text('{"t": {"en": "x", "ru": "Код", "zh": "授权码丢失"}}', "utf-8")
    # Only Chinese strings change: English and Russian text and the keys stay.
    (data / "msgs.json").write_text(
        '{"en": {"email": "Your e-mail"}, "zh": {"email": "您的 e-mail"}}', "utf-8")
    (flows / "f.yaml").write_text(
        "text:\n  en: Check your e-mail.\n  zh: |-\n    查看 e-mail。\n  ru: Проверьте почту.\n", "utf-8")
    main(["lint", "--fix-zh", "--flows", str(flows), "--docs", str(docs), "--data", str(data)])
    text = (docs / "x.zh.md").read_text("utf-8")
    assert "keywords: [授权码, 序列号, 经销商]" in text  # readers' words stay
    assert "如果支付平台没有回复" in text and "不要粘贴注册码" in text
    assert "“`授权码`”一栏" in text  # literal text of the program stays
    assert "促销高峰期发货" in text
    assert "注册码丢失" in (data / "ui.json").read_text("utf-8")
    assert (data / "msgs.json").read_text("utf-8") == (
        '{"en": {"email": "Your e-mail"}, "zh": {"email": "您的 邮箱"}}')
    assert (flows / "f.yaml").read_text("utf-8") == (
        "text:\n  en: Check your e-mail.\n  zh: |-\n    查看 邮箱。\n  ru: Проверьте почту.\n")
    assert [str(e) for e in glossary.lint_docs(docs)] == []


def test_one_search_for_all_rules_skips_only_lines_no_rule_matches() -> None:
    # The lint first searches a line for every rule at once (a build lints
    # every line of every article); one by one, the rules must find the same.
    one_by_one = glossary.Glossary(WORDS.rules, WORDS.fields, WORDS.marker, WORDS.texts, WORDS.preferred)
    one_by_one._may_match = lambda *_args: True
    texts = (RU_ARTICLE + ZH_ARTICLE).splitlines()
    texts += [line for page in glossary.written_articles(glossary.DOCS_DIR) if glossary.article_lang(page)
              for line in page.read_text("utf-8").splitlines()]
    texts += ["Нашёл письмо", "Я потерял код", "КЛЮЧ", "许可证密钥"]
    found = 0
    for lang in glossary.LINTED:
        for label in (False, True):
            for text in texts:
                hits = WORDS.find(text, lang, label=label)
                assert hits == one_by_one.find(text, lang, label=label), (lang, label, text)
                found += len(hits)
    assert found >= 10  # the texts hold variants: the comparison is not of empty lists only
