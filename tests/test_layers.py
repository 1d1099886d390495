"""The layers of DESIGN.md hold: communities ← blog ← inquiries. Each layer
imports only those below it, so each can be read alone; and an import
inside a function is there only to break a real cycle, saying which."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BELOW = {
    "communities": set(),
    "blog": {"communities"},
    "inquiries": {"communities", "blog"},
}
LAYERS = set(BELOW)


def modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def imported(node: ast.AST, path: Path, app: str) -> str | None:
    if isinstance(node, ast.Import):
        return node.names[0].name.split(".")[0]
    if isinstance(node, ast.ImportFrom):
        if node.level:  # relative: inside its own app
            return app
        return (node.module or "").split(".")[0]
    return None


@pytest.mark.parametrize("app", sorted(BELOW))
def test_each_layer_imports_only_the_layers_below(app):
    wrong = []
    for path in modules(app):
        for node in ast.walk(ast.parse(path.read_text())):
            name = imported(node, path, app)
            if name in LAYERS and name != app and name not in BELOW[app]:
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("app", [*sorted(BELOW), "site"])
def test_an_import_inside_a_function_says_why(app):
    """Module-level imports, except a few that break a real cycle or wait
    for the app registry — each with a comment saying so in the function,
    above it."""
    unexplained = []
    for path in modules(app):
        lines = path.read_text().splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                if not isinstance(inner, ast.Import | ast.ImportFrom) or inner is node:
                    continue
                before = lines[node.lineno - 1 : inner.lineno]
                if not any("#" in line for line in before):
                    unexplained.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert not unexplained, "function-local imports without a reason:\n" + "\n".join(unexplained)
