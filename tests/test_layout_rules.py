"""Rules of the source layout: no import cycle under ``desktop/``; modules stay small.

Only imports that run when a module loads count for cycles: a cycle there makes
the import order decide what works.  Imports inside functions and under
``TYPE_CHECKING`` are deliberate ways out and are not counted.

Modules stay under 400 lines.  The few that are still longer are listed with
their size today: they may only shrink, and a new module may not join them.
Most modules stay much shorter: the median length is under 200 lines (empty
package markers are not counted, so they cannot pull the median down).
"""

from __future__ import annotations

import ast
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "desktop"
LIMIT = 400
MEDIAN_LIMIT = 200
STILL_LONG: dict[str, int] = {}  # modules being split, by line count; may only shrink


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:  # module level only
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            else:
                continue
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each one a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle_under_desktop() -> None:
    assert cycles(import_graph()) == []


def test_models_import_no_qt() -> None:
    for name, targets in import_graph().items():
        if name.startswith("desktop.models"):
            source = _modules()[name].read_text(encoding="utf-8")
            assert "PySide6" not in source, name
            assert not any(t.startswith("desktop.views") for t in targets), name


def test_modules_stay_under_400_lines() -> None:
    too_long = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > STILL_LONG.get(rel, LIMIT):
            too_long[rel] = lines
    assert too_long == {}, too_long


def test_median_module_length_stays_under_200_lines() -> None:
    lengths = [len(path.read_text(encoding="utf-8").splitlines()) for path in PACKAGE.rglob("*.py")]
    median = statistics.median(n for n in lengths if n > 0)
    assert median < MEDIAN_LIMIT, median
