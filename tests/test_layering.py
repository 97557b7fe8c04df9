"""Who may import whom (design.md, Layout), read from the source: every import counts, also one
written inside a function to dodge a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("api", "models", "workers", "realtime")
# design.md: the packages each one may import (besides settings).
ALLOWED = {
    "api": {"models", "workers", "realtime"},
    "workers": {"models", "realtime"},
    "realtime": {"models"},
    "models": set(),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Every module of ours the file imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name.split(".")[0] in PACKAGES}


def import_graph() -> dict[str, set[str]]:
    return {
        module_name(path): imported_modules(path)
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
    }


def resource(module: str) -> str:
    """``api.chores.views`` → ``api.chores``: the resource package of an api module."""
    return ".".join(module.split(".")[:2])


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in list(edges):
        if node not in index:
            visit(node)
    return found


def test_packages_import_only_what_the_design_allows():
    wrong = [
        f"{module} imports {target}"
        for module, targets in import_graph().items()
        for target in targets
        if (top := target.split(".")[0]) != module.split(".")[0] and top not in ALLOWED[module.split(".")[0]]
    ]

    assert wrong == []


def test_api_resource_packages_import_each_other_without_cycles():
    edges: dict[str, set[str]] = {}
    for module, targets in import_graph().items():
        if module.startswith("api."):
            edges.setdefault(resource(module), set()).update(
                resource(target) for target in targets if target.startswith("api.") and resource(target) != resource(module)
            )

    assert cycles(edges) == []


def test_assignments_import_chores_and_chores_never_import_assignments():
    graph = import_graph()
    chores = {target for module, targets in graph.items() if module.startswith("api.chores") for target in targets}
    assignments = {target for module, targets in graph.items() if module.startswith("api.assignments") for target in targets}

    assert not {target for target in chores if target.startswith("api.assignments")}
    assert {target for target in assignments if target.startswith("api.chores")}
