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
    # The console script's first step (issue 26): the flag form of `goal log`, else cli.
    # commands: commands/_notify.py only, the reminder's check that commands/remind.py runs too
    # (test_startup checks these paths load no Typer, Rich or ORM).
    "hot": {"hot", "cli", "errors", "prompts", "storage", "views", "render", "core", "commands"},
    "__main__": {"hot"},
    "__init__": set(),
}
# Third-party packages a layer must not import at all.
FORBIDDEN_LIBRARIES: dict[str, set[str]] = {
    "core": {"typer", "rich", "sqlmodel", "sqlalchemy", "sqlite3"},
    "render": {"sqlmodel", "sqlalchemy", "sqlite3"},
}


def read_package(root: Path) -> dict[str, str]:
    """{module name relative to the package ("commands.add", "core.__init__"): its source}."""
    return {
        ".".join(path.relative_to(root).with_suffix("").parts): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*.py"))
    }


def _layer(module: str) -> str:
    return module.split(".")[0]


def _resolve(name: str, modules: dict[str, str]) -> str | None:
    """The module of the package that importing goalcli.`name` runs ("core.__init__" for the
    package core), or None when it is not one of the package's (a name inside a module)."""
    if name in modules:
        return name
    if f"{name}.__init__" in modules:
        return f"{name}.__init__"
    return None


def _imports(module: str, modules: dict[str, str]) -> list[tuple[str, bool]]:
    """(imported module, only for type checking) for every import in `module`'s source.

    `from goalcli.commands import add` imports the module goalcli.commands.add when add is a
    module of that package (a name defined in the package's __init__ otherwise); relative
    imports are read from the importing module's package."""
    tree = ast.parse(modules[module])
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in ast.walk(node):
                typing_only.add(id(child))
    found: list[tuple[str, bool]] = []
    for node in ast.walk(tree):
        typing = id(node) in typing_only
        if isinstance(node, ast.Import):
            found += [(alias.name, typing) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                package = ["goalcli", *module.split(".")[:-1]]
                base = package[: len(package) - node.level + 1]
                source = ".".join([*base, *([source] if source else [])])
            for alias in node.names:
                inside = source.removeprefix("goalcli").lstrip(".")
                submodule = f"{inside}.{alias.name}" if inside else alias.name
                if source.split(".")[0] == "goalcli" and _resolve(submodule, modules):
                    found.append((f"goalcli.{submodule}", typing))
                elif source != "goalcli":
                    found.append((source, typing))
            found = list(dict.fromkeys(found))
    return found


def _graph(modules: dict[str, str]) -> dict[str, set[str]]:
    """Which of the package's modules each module imports, lazily or not."""
    graph: dict[str, set[str]] = {}
    for module in modules:
        targets = set()
        for name, _typing in _imports(module, modules):
            if name.startswith("goalcli."):
                target = name.removeprefix("goalcli.")
                while target and _resolve(target, modules) is None:
                    target = target.rpartition(".")[0]
                resolved = _resolve(target, modules) if target else None
                if resolved is not None and resolved != module:
                    targets.add(resolved)
        graph[module] = targets
    return graph


def wrong_imports(module: str, modules: dict[str, str]) -> list[str]:
    """The imports of `module` that go against ALLOWED and FORBIDDEN_LIBRARIES."""
    layer = _layer(module)
    wrong = []
    for name, typing_only in _imports(module, modules):
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
    return wrong


def import_cycles(modules: dict[str, str]) -> list[list[str]]:
    """Every circle of imports found by a depth-first walk (each as [a, b, ..., a])."""
    graph = _graph(modules)
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
    return cycles


MODULES = read_package(PACKAGE)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_one_way(module: str) -> None:
    wrong = wrong_imports(module, MODULES)
    assert not wrong, f"goalcli.{module} imports against the layers: {wrong}"


def test_no_import_cycles() -> None:
    cycles = import_cycles(MODULES)
    assert not cycles, f"import cycles: {cycles}"


def test_a_from_import_of_a_module_is_an_import_of_that_module() -> None:
    """`from goalcli.commands import add` is an edge to commands.add, not to the package."""
    graph = _graph(MODULES)
    assert {"core.dates", "storage.goals"} <= graph["commands.intake"]


def _package(root: Path, sources: dict[str, str]) -> dict[str, str]:
    """A made-up goalcli written under `root` ({relative path: source}), read like the real one."""
    for relative, source in sources.items():
        path = root / "goalcli" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return read_package(root / "goalcli")


def test_the_checker_finds_a_hand_made_circle(tmp_path: Path) -> None:
    """A circle through `from package import module`, one of its imports inside a function."""
    modules = _package(
        tmp_path,
        {
            "__init__.py": "",
            "commands/__init__.py": "",
            "commands/first.py": "from goalcli.commands import second\n",
            "commands/second.py": "def later():\n    from goalcli.commands import third\n",
            "commands/third.py": "from goalcli.commands.first import something\n",
            "commands/apart.py": "from goalcli.commands import first\n",
        },
    )
    assert import_cycles(modules) == [
        ["commands.first", "commands.second", "commands.third", "commands.first"]
    ]


def test_the_checker_finds_no_circle_where_there_is_none(tmp_path: Path) -> None:
    """A name imported from a package's __init__ is an import of the package, not a module."""
    modules = _package(
        tmp_path,
        {
            "__init__.py": "",
            "commands/__init__.py": "from goalcli.commands.first import run\n",
            "commands/first.py": "from goalcli.core import dates\nrun = dates\n",
            "commands/second.py": "from goalcli.commands import run\n",
            "core/__init__.py": "",
            "core/dates.py": "import datetime\n",
        },
    )
    assert import_cycles(modules) == []
    assert _graph(modules)["commands.second"] == {"commands.__init__"}
    assert _graph(modules)["commands.first"] == {"core.dates"}


@pytest.mark.parametrize(
    "line",
    [
        "from goalcli.storage import goals\n",
        "from goalcli.storage.goals import add_goal\n",
        "import goalcli.storage.goals\n",
        "def later():\n    from goalcli.storage import goals\n",
        "from ..storage import goals\n",
    ],
)
def test_the_checker_refuses_core_importing_storage(tmp_path: Path, line: str) -> None:
    modules = _package(
        tmp_path,
        {
            "__init__.py": "",
            "core/__init__.py": "",
            "core/pure.py": line,
            "storage/__init__.py": "",
            "storage/goals.py": "",
        },
    )
    assert [name.removeprefix("goalcli.") for name in wrong_imports("core.pure", modules)] == [
        "storage.goals"
    ]
    assert wrong_imports("storage.goals", modules) == []


def test_the_layers_are_folders() -> None:
    """Every module lives in its layer's folder; no flat room of modules grows back."""
    top_level = {module for module in MODULES if "." not in module}
    # hot: the console script's first step, which must not import cli (Typer) to be quick.
    shell = {"__init__", "__main__", "cli", "_lazy", "errors", "prompts", "hot"}
    assert top_level <= shell, top_level
