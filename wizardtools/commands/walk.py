"""``python -m wizard walk FLOW``: walk a flow in the terminal, for phone support.

Numbered options, ``b`` goes back, ``q`` quits; answers are read line by
line from standard input, so a script can pipe them in. A ``flow:`` step
continues in the other flow; an outcome ends the walk.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from wizardtools.cliargs import add_command, add_flows, add_lang
from wizardtools.flowlint import load_flows
from wizardtools.flows import Flow, Step, flow_ref

UI = {
    "en": {
        "choose": "Choose 1-{n} (b = back, q = quit): ",
        "enter": "Press Enter to continue (b = back, q = quit): ",
        "checklist": "Check by hand:",
        "articles": "Articles:",
        "resolved": "Resolved.",
        "escalate": "Escalate to support. Problem: {problem}",
        "invalid": "Please type a number from the list, b or q.",
        "first": "This is the first step; there is nothing to go back to.",
        "quit": "Stopped.",
    },
    "ru": {
        "choose": "Выберите 1-{n} (b — назад, q — выход): ",
        "enter": "Нажмите Enter, чтобы продолжить (b — назад, q — выход): ",
        "checklist": "Проверьте вручную:",
        "articles": "Статьи:",
        "resolved": "Вопрос решён.",
        "escalate": "Передать в поддержку. Проблема: {problem}",
        "invalid": "Введите номер из списка, b или q.",
        "first": "Это первый шаг, возвращаться некуда.",
        "quit": "Остановлено.",
    },
    "zh": {
        "choose": "请选择 1-{n}（b 返回，q 退出）：",
        "enter": "按回车继续（b 返回，q 退出）：",
        "checklist": "请人工核对：",
        "articles": "相关文章：",
        "resolved": "问题已解决。",
        "escalate": "转交客服处理。问题类型：{problem}",
        "invalid": "请输入列表中的编号，或 b、q。",
        "first": "已经是第一步，无法返回。",
        "quit": "已退出。",
    },
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers, "walk", run,
        "walk a flow step by step in the terminal (for phone support)",
        "Walk a wizard flow in the terminal: type an option's number, b to go back, q to quit. Reads answers from standard input, one per line. Article links are not checked here; run `python -m wizard lint` for that.",
    )
    parser.add_argument("flow", metavar="FLOW", help="flow id, e.g. start or not-received")
    add_lang(parser, "language (default: en)")
    add_flows(parser)


def run(args: argparse.Namespace) -> int:
    flows = load_flows(args.flows, check_articles=False)
    if args.flow not in flows:
        print(f"unknown flow {args.flow!r}; flows: {', '.join(sorted(flows))}", file=sys.stderr)
        return 2
    return walk(flows, args.flow, args.lang, sys.stdin, sys.stdout)


def walk(flows: dict[str, Flow], flow_id: str, lang: str, stdin: TextIO, out: TextIO) -> int:
    """Run the interactive walk; returns the exit status (0 at an outcome or on quit)."""
    ui = UI[lang]
    history: list[tuple[str, str]] = [(flow_id, flows[flow_id].start)]
    while True:
        flow = flows[history[-1][0]]
        step = flow.steps[history[-1][1]]
        _show(flow, step, lang, out)
        if step.kind == "outcome":
            if step.outcome == "escalate":
                print(ui["escalate"].format(problem=step.problem), file=out)
            else:
                print(ui["resolved"], file=out)
            return 0
        targets = [step.next] if step.kind == "info" else [o.next for o in step.options]
        while True:
            out.write(ui["enter"] if step.kind == "info" else ui["choose"].format(n=len(targets)))
            out.flush()
            line = stdin.readline()
            if not line:  # end of input
                print(f"\n{ui['quit']}", file=out)
                return 0
            answer = line.strip().lower()
            if answer == "q":
                print(ui["quit"], file=out)
                return 0
            if answer == "b":
                if len(history) == 1:
                    print(ui["first"], file=out)
                    continue
                history.pop()
                break
            target = _pick(answer, targets, step.kind == "info")
            if target is None:
                print(ui["invalid"], file=out)
                continue
            other = flow_ref(target)
            history.append((other, flows[other].start) if other else (flow.id, target))
            break


def _pick(answer: str, targets: list[str | None], info: bool) -> str | None:
    if info and answer == "":
        return targets[0]
    if answer.isdigit() and 1 <= int(answer) <= len(targets):
        return targets[int(answer) - 1]
    return None


def _show(flow: Flow, step: Step, lang: str, out: TextIO) -> None:
    ui = UI[lang]
    print(f"\n== {flow.title[lang]} / {step.title[lang]}", file=out)
    if step.text:
        print(step.text[lang], file=out)
    if step.checklist:
        print(ui["checklist"], file=out)
        for item in step.checklist:
            print(f"  - {item[lang]}", file=out)
    if step.articles:
        print(ui["articles"], " ".join(step.articles), file=out)
    for number, option in enumerate(step.options, start=1):
        print(f"  {number}. {option.label[lang]}", file=out)
