"""The package's shape, read from its source with ``ast``: layers point one way, packages form
no cycle, the store holds the queries, and modules import truce at the top.

Layers, lowest first (a module may import from its own layer and the ones below, never above):

0. base modules: errors, vocab, days, config, names, links, csvcells, lexicon, data, schemas,
   processes
1. extract: text in, candidates out (pure)
2. store: models, queries, the record writer, the audit
3. the stages over the store: ingest, formats, export, analyze, report, stats, auth
4. services: the use cases the adapters call
5. demo: builds a store through the use cases
6. the adapters: cli, server

``PENDING`` lists, per rule, the packages whose clean-up another change of issue 13 is still
doing; a package leaves the list when it is done, and a package not on it must keep the rule.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"truce", "errors", "vocab", "days", "config", "names", "links", "csvcells",
               "lexicon", "data", "schemas", "processes"}),
    frozenset({"extract"}),
    frozenset({"store"}),
    frozenset({"ingest", "formats", "export", "analyze", "report", "stats", "auth"}),
    frozenset({"services"}),
    frozenset({"demo"}),
    frozenset({"cli", "server"}),
)  # fmt: skip
# Optional heavy dependencies: imported inside the function that needs them, never at the top.
# trafilatura is a core dependency but takes about 0.2 s to import: extract/html.py loads it when
# a saved web page is read, so extracting plain-text reports never pays for it.
HEAVY = frozenset(
    {"spacy", "torch", "onnxruntime", "tokenizers", "sentence_transformers", "dask", "trafilatura"}
)
# Truce modules that import an optional heavy dependency at their top, and so may be imported
# inside a function: services/cluster.py subclasses Dask's WorkerPlugin (the cluster extra).
LAZY_TRUCE: frozenset[str] = frozenset({"truce.services.cluster"})
PENDING = {
    "upward": set[tuple[str, str]](),
    "select": frozenset[str](),
    "function-level": frozenset[str](),
}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. truce.store.candidates
    target: str  # the truce module imported (the longest prefix that is a module)
    line: int
    in_function: bool


def _module_names() -> dict[str, Path]:
    found = {}
    for path in sorted((SRC / "truce").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _module_names()


def package(module: str) -> str:
    """``truce.store.db`` → ``store``; ``truce.stats`` → ``stats``; ``truce`` → ``truce``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def layer(pkg: str) -> int:
    for rank, members in enumerate(LAYERS):
        if pkg in members:
            return rank
    raise AssertionError(f"package truce.{pkg} has no layer: add it to LAYERS in this test")


def _resolve(name: str) -> str:
    while name not in MODULES and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def _in_functions(tree: ast.Module) -> set[int]:
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            inside.update(id(child) for child in ast.walk(node) if child is not node)
    return inside


def _targets(node: ast.Import | ast.ImportFrom, module: str, path: Path) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        here = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        here = here[: len(here) - (node.level - 1)]
        base = ".".join([*here, *([node.module] if node.module else [])])
    return [_resolve(f"{base}.{alias.name}") for alias in node.names]


def imports() -> Iterator[Import]:
    """Every import of a truce module by a truce module (TYPE_CHECKING ones too)."""
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inside = _in_functions(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _targets(node, module, path):
                    if target.split(".")[0] == "truce":
                        yield Import(module, target, node.lineno, id(node) in inside)


def _where(found: Import) -> str:
    return f"{found.module}:{found.line} imports {found.target}"


def test_no_package_imports_from_a_higher_layer() -> None:
    upward = [
        found
        for found in imports()
        if layer(package(found.target)) > layer(package(found.module))
        and (package(found.module), package(found.target)) not in PENDING["upward"]
    ]
    assert [_where(found) for found in upward] == []


def test_store_and_extract_import_nothing_above_them() -> None:
    lower = {"store", "extract"}
    upward = {
        (package(found.module), package(found.target))
        for found in imports()
        if package(found.module) in lower
        and layer(package(found.target)) > layer(package(found.module))
    }
    assert upward <= PENDING["upward"], "store/ or extract/ imports from a higher layer"


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of ``graph`` as its nodes in order, or [] when it has none."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        path.pop()
        return []

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return []


def test_packages_import_each_other_without_a_cycle() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for found in imports():
        pair = (package(found.module), package(found.target))
        if pair[0] != pair[1] and pair not in PENDING["upward"]:
            graph[pair[0]].add(pair[1])
    assert _cycle(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}}) == []


def _select_calls(path: Path) -> Iterator[int]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Name) and func.id == "select") or (
                isinstance(func, ast.Attribute)
                and func.attr == "select"
                and isinstance(func.value, ast.Name)
                and func.value.id in {"sa", "sqlalchemy"}
            ):
                yield node.lineno


def test_queries_live_in_the_store() -> None:
    outside = [
        f"{module}:{line}"
        for module, path in MODULES.items()
        if package(module) != "store" and package(module) not in PENDING["select"]
        for line in _select_calls(path)
    ]
    assert outside == [], "call a named query function of truce.store instead of select()"


def test_modules_import_truce_at_the_top() -> None:
    lazy = [
        _where(found)
        for found in imports()
        if found.in_function
        and found.target not in LAZY_TRUCE
        and package(found.module) not in PENDING["function-level"]
    ]
    assert lazy == [], "import at the top (the CLI's laziness lives in truce.cli.group)"


@pytest.mark.parametrize("module", sorted(MODULES), ids=str)
def test_optional_heavy_dependencies_load_inside_the_function_that_needs_them(
    module: str,
) -> None:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    inside = _in_functions(tree)
    top = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        and id(node) not in inside
        and any(name.split(".")[0] in HEAVY for name in _imported_names(node))
    ]
    assert top == [], f"{module}: a heavy optional dependency imported at the top, line {top}"


def _imported_names(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    return [node.module or ""] if not node.level else []
