"""The code's shape: the runtime package is what the browser imports, and
imports flow one way (tooling and build → runtime, never back)."""

from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

from sitebuild.wheel import packaged_modules, runtime_modules
from tests.paths import ROOT

PACKAGES = ("wizard", "wizardtools", "sitebuild")


def _imported_packages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found & set(PACKAGES)


def test_every_runtime_module_is_one_the_worker_imports() -> None:
    packaged = {p.relative_to(ROOT).as_posix() for p in packaged_modules()}
    assert packaged == runtime_modules()


def test_the_runtime_imports_neither_the_tooling_nor_the_build() -> None:
    for path in packaged_modules():
        assert _imported_packages(path) <= {"wizard"}, path


def test_the_tooling_never_imports_the_build() -> None:
    for path in sorted((ROOT / "wizardtools").rglob("*.py")):
        assert "sitebuild" not in _imported_packages(path), path


def _imports(source: str) -> set[str]:
    """Modules a module's source imports, at module level or inside a function."""
    edges = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            edges.add(node.module)
            edges.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            edges.update(a.name for a in node.names)
    return edges


def _module_graph() -> dict[str, set[str]]:
    """Module → modules it imports, wherever the import stands (a lazy import
    inside a function is still a dependency: it only hides the cycle)."""
    graph: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            graph[name] = _imports(path.read_text("utf-8"))
    return {m: {e for e in edges if e in graph and e != m} for m, edges in graph.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        stack.pop()
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_cycle_finder_sees_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


def test_an_import_inside_a_function_counts() -> None:
    lazy = "def load():\n    from wizardtools.flowlint import lint_directory\n"
    assert "wizardtools.flowlint" in _imports(lazy)


def test_the_import_graph_has_no_cycle() -> None:
    assert _cycle(_module_graph()) == []


def test_the_wheel_holds_only_the_runtime(tmp_path: Path) -> None:
    from sitebuild.wheel import build_wheel

    names = zipfile.ZipFile(build_wheel()).namelist()
    modules = sorted(n for n in names if n.endswith(".py"))
    assert modules == sorted(runtime_modules())
    assert not [n for n in names if n.endswith((".yaml", ".schema.json"))]


def test_python_m_wizard_still_answers() -> None:
    out = subprocess.run([sys.executable, "-m", "wizard", "--help"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    for command in ("check-code", "lint", "check-vendor", "compose", "report"):
        assert command in out


def _functions(path: Path) -> list[tuple[str, int, int]]:
    """(name, lines, parameters but self/cls) of every function in a module."""
    out = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            args = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
            names = [a.arg for a in args if a.arg not in ("self", "cls")]
            out.append((node.name, node.end_lineno - node.lineno + 1, len(names)))
    return out


def test_the_diagnosis_is_made_of_small_functions() -> None:
    found = _functions(ROOT / "wizard" / "diagnose.py")
    assert len(found) > 20
    assert [f for f in found if f[1] > 50 or f[2] > 5] == []
