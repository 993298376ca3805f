"""The layers depend one way (ingest ← rag ← ui) and no module imports itself through others.

Every import counts, including those inside functions and under TYPE_CHECKING: a lazy import still makes a
dependency, and a cycle of them is a design knot even when Python happens to load it.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ingest", "rag", "ui")
LAYER = {"ingest": 0, "rag": 1, "ui": 2}


def _modules() -> dict[str, Path]:
    mods = {}
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            mods[".".join(parts)] = path
    return mods


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    out = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        else:
            continue
        for t in targets:
            while t and t not in modules:  # `import rag.answer.citations.x` → the longest known module
                t = t.rpartition(".")[0]
            if t and t != name and not name.startswith(t + "."):  # a package's own __init__ is not a dependency
                out.add(t)
    return out


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def test_no_import_cycles():
    graph = _graph()
    cycles, state, stack = [], {}, []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for d in sorted(graph[m]):
            if state.get(d) == 1:
                cycles.append(stack[stack.index(d):] + [d])
            elif d not in state:
                visit(d)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)
    assert not cycles, "import cycles:\n" + "\n".join(" → ".join(c) for c in cycles)


def test_layers_point_one_way():
    wrong = [f"{m} imports {d}" for m, deps in _graph().items() for d in deps
             if LAYER[d.split(".")[0]] > LAYER[m.split(".")[0]]]
    assert not wrong, "ingest ← rag ← ui only:\n" + "\n".join(sorted(wrong))


def test_rag_is_grouped_by_concern():
    """rag/ holds its doors (assistant, settings, types) and subpackages named for what they hold, not a flat row
    of siblings (issue 29: 22 flat modules before)."""
    flat = sorted(p.name for p in (ROOT / "rag").glob("*.py"))
    assert len(flat) <= 8, f"modules directly in rag/: {flat}"
