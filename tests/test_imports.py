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


FACES = ("rag.http_api", "rag.cli", "rag.mcp_server", "ui")
FACE_MAY_IMPORT = ("rag", "rag.assistant", "rag.types", "rag.settings")
# The eval tool (`rag eval`, `rag feedback`) is the CLI door of rag/eval/, the package that holds the tool itself:
# it reads datasets and writes reports, which no other face does, so it reaches that package (and only it).
FACE_OWN_TOOL = {"rag.cli.eval": "rag.eval"}
FACE_REACHES_LEFT: dict[str, set[str]] = {}  # emptied by issue 29 (thin faces); never grow it


def test_faces_reach_only_the_assistant():
    """The HTTP API, the CLI, the MCP server and the browser UI import only ``rag`` / ``rag.assistant``, the types,
    the settings, their own package and each other (`rag serve` mounts the MCP server); `rag eval` its own tool's
    package (FACE_OWN_TOOL); FACE_REACHES_LEFT's every entry must still be a real import (the list only shrinks)."""
    def face_of(m: str) -> str | None:
        return next((f for f in FACES if m == f or m.startswith(f + ".")), None)

    graph = _graph()
    wrong = [f"{m} imports {d}" for m, deps in graph.items() if face_of(m) for d in deps
             if not face_of(d) and d not in FACE_MAY_IMPORT and d not in FACE_REACHES_LEFT.get(m, ())
             and not (m in FACE_OWN_TOOL and d.startswith(FACE_OWN_TOOL[m] + "."))]
    assert not wrong, "faces reach past the Assistant:\n" + "\n".join(sorted(wrong))
    stale = [f"{m} → {d}" for m, ds in FACE_REACHES_LEFT.items() for d in ds if d not in graph.get(m, ())]
    assert not stale, "no longer imported; take them off FACE_REACHES_LEFT:\n" + "\n".join(sorted(stale))


def test_no_private_name_is_imported_from_another_module():
    """Issue 29: a ``_name`` is its module's own; another module (product, bench or tests) that needs it gets a
    public name instead (``from x import public as _alias`` is fine: the private name is the importer's)."""
    found = []
    for folder in (*PACKAGES, "bench", "tests"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module != "__future__":
                    found += [f"{path.relative_to(ROOT)}:{node.lineno} {node.module}.{a.name}" for a in node.names
                              if a.name.startswith("_") and not a.name.startswith("__")]
    assert not found, "private names imported across modules:\n" + "\n".join(found)
