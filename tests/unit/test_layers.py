"""The layers hold: imports point one way (commands -> views / render / storage -> core), and the
import graph of goalcli has no cycle. Read from the source with ast, so a lazy import inside a
function counts as much as one at the top of a module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "goalcli"

# Which goalcli layers each layer may import. The top-level modules (cli, _lazy, errors, prompts)
# form the application shell; errors is the one module every layer may use.
ALLOWED: dict[str, set[str]] = {
    "core": {"core", "errors"},
    "storage": {"storage", "core", "errors"},
    "views": {"views", "storage", "core", "errors"},
    "render": {"render", "core", "errors", "views"},  # views: types only (see below)
    "commands": {
        "commands",
        "views",
        "render",
        "storage",
        "core",
        "errors",
        "prompts",
        "cli",
        "_lazy",
    },
    "prompts": {"prompts", "core", "errors"},
    "errors": {"errors", "core"},  # the one escaper lives in core.text (the cycle test guards)
    "_lazy": {"_lazy", "errors"},  # errors: the short quote of refused input
    "cli": {"cli", "_lazy", "errors", "prompts", "storage", "__init__", "commands"},
    "__main__": {"cli"},
    "__init__": set(),
}
# Third-party packages a layer must not import at all.
FORBIDDEN_LIBRARIES: dict[str, set[str]] = {
    "core": {"typer", "rich", "sqlmodel", "sqlalchemy", "sqlite3"},
    "render": {"sqlmodel", "sqlalchemy", "sqlite3"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts)


def _layer(module: str) -> str:
    return module.split(".")[0]


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(imported module, only for type checking) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in ast.walk(node):
                typing_only.add(id(child))
    found: list[tuple[str, bool]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, id(node) in typing_only) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "goalcli":
                found += [
                    (f"goalcli.{alias.name}", id(node) in typing_only) for alias in node.names
                ]
            else:
                found.append((node.module, id(node) in typing_only))
    return found


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        targets = set()
        for name, _typing in _imports(path):
            if name.startswith("goalcli."):
                target = name.removeprefix("goalcli.")
                while target and target not in MODULES and f"{target}.__init__" not in MODULES:
                    target = target.rpartition(".")[0]
                if target and target != module:
                    targets.add(target if target in MODULES else f"{target}.__init__")
        graph[module] = targets
    return graph


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_one_way(module: str) -> None:
    layer = _layer(module)
    wrong = []
    for name, typing_only in _imports(MODULES[module]):
        if name == "goalcli.__version__" or name == "goalcli":
            continue
        if name.startswith("goalcli."):
            target = _layer(name.removeprefix("goalcli."))
            if target == "views" and layer == "render" and not typing_only:
                wrong.append(f"{name} (render may use views' types only)")
            elif target not in ALLOWED[layer]:
                wrong.append(name)
        elif name.split(".")[0] in FORBIDDEN_LIBRARIES.get(layer, set()):
            wrong.append(name)
    assert not wrong, f"goalcli.{module} imports against the layers: {wrong}"


def test_no_import_cycles() -> None:
    graph = _graph()
    visiting: list[str] = []
    done: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        if module in done:
            return
        if module in visiting:
            cycles.append([*visiting[visiting.index(module) :], module])
            return
        visiting.append(module)
        for target in sorted(graph.get(module, ())):
            visit(target)
        visiting.pop()
        done.add(module)

    for module in sorted(graph):
        visit(module)
    assert not cycles, f"import cycles: {cycles}"


def test_the_layers_are_folders() -> None:
    """Every module lives in its layer's folder; no flat room of modules grows back."""
    top_level = {module for module in MODULES if "." not in module}
    assert top_level <= {"__init__", "__main__", "cli", "_lazy", "errors", "prompts"}, top_level
