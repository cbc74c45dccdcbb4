"""The package's structure: no import cycle between its modules (imports under TYPE_CHECKING
left out: they are for annotations only), and attribution never reaches back into the
pipeline that calls it (claimx.extract)."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "claimx"


def _modules() -> dict[str, Path]:
    mods = {}
    for p in PACKAGE.rglob("*.py"):
        parts = p.relative_to(PACKAGE.parent).with_suffix("").parts
        mods[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = p
    return mods


def _imports(name: str, path: Path, mods: dict[str, Path], module_level: bool) -> set[str]:
    """The package's modules `name` imports: at module level only, or anywhere in it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
                   for n in ast.walk(node)}
    pkg = name if path.name == "__init__.py" else name.rpartition(".")[0]
    nodes = tree.body if module_level else list(ast.walk(tree))
    found = set()
    for n in nodes:
        if id(n) in typing_only:
            continue
        if isinstance(n, ast.ImportFrom):
            base = pkg
            for _ in range(max(n.level - 1, 0)):
                base = base.rpartition(".")[0]
            where = (f"{base}.{n.module}" if n.module else base) if n.level else (n.module or "")
            for alias in n.names:
                sub = f"{where}.{alias.name}"
                found.add(sub if sub in mods else where)
        elif isinstance(n, ast.Import):
            found.update(a.name for a in n.names)
    return {m for m in found if m in mods and m != name}


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of `graph` (as the modules along it), [] when there is none."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(v: str) -> list[str]:
        state[v] = 1
        path.append(v)
        for w in sorted(graph[v]):
            if state.get(w) == 1:
                return path[path.index(w):] + [w]
            if w not in state and (found := visit(w)):
                return found
        state[v] = 2
        path.pop()
        return []

    for v in sorted(graph):
        if v not in state and (found := visit(v)):
            return found
    return []


def test_no_import_cycle_at_module_level():
    mods = _modules()
    graph = {name: _imports(name, path, mods, module_level=True) for name, path in mods.items()}
    assert _cycle(graph) == []


def test_attribution_never_imports_the_pipeline():
    mods = _modules()
    for name, path in mods.items():
        if name.startswith(("claimx.attribute", "claimx.quantity", "claimx.table_cells", "claimx.model")):
            assert "claimx.extract" not in _imports(name, path, mods, module_level=False), name


def test_a_cycle_is_found():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []
