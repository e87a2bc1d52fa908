"""The shape of the package, read from its source with `ast`: no import circle among the modules of
bot/, and the Telegram library imported only inside bot/telegram/.

Circles are counted over every import that runs: at module level and inside functions (an import
deferred for start-up speed is still a dependency, and must not point back up), but not under
`if TYPE_CHECKING:` (those never run). The command line's group loads its command modules by name
(`COMMAND_MODULES`, through importlib): those count as imports of the group. A submodule's import
does not count as importing its parent package (a package importing its submodules is no circle).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from bot.cli.group import COMMAND_MODULES

REPO_ROOT = Path(__file__).resolve().parent.parent


def _modules(root: Path) -> dict[str, Path]:
    """Every module of the package at `root`, by dotted name."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _type_checking(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.Module, *, typing_only: bool) -> Iterator[ast.Import | ast.ImportFrom]:
    """The import statements of a module, with (`typing_only`) or without those under TYPE_CHECKING."""
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif typing_only or not _type_checking(node):
            pending.extend(ast.iter_child_nodes(node))


def _targets(node: ast.Import | ast.ImportFrom, module: str, package: bool, known: set[str]) -> set[str]:
    """The dotted names an import in `module` loads (`from p import m` names the submodule p.m)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names}
    base = node.module or ""
    if node.level:  # relative: from the module's package, one level up per extra dot
        anchor = module.split(".")[: None if package else -1]
        anchor = anchor[: len(anchor) - node.level + 1]
        base = ".".join([*anchor, base] if base else anchor)
    return {f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names}


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the modules of the same package that it imports (when it runs)."""
    modules = _modules(root)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        targets = set().union(*(_targets(node, name, path.name == "__init__.py", set(modules))
                                for node in _imports(tree, typing_only=False)))
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each set of modules that import one another in a circle (a strongly connected component
    of more than one module, by Tarjan's algorithm), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = stack[stack.index(node):]
            del stack[stack.index(node):]
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def telegram_importers(root: Path) -> list[str]:
    """Modules outside bot.telegram that import the Telegram library, wherever the import is."""
    offenders = []
    for name, path in _modules(root).items():
        if name == "bot.telegram" or name.startswith("bot.telegram."):
            continue
        for node in _imports(ast.parse(path.read_text(encoding="utf-8")), typing_only=True):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            if not getattr(node, "level", 0) and any(n.split(".")[0] == "telegram" for n in names):
                offenders.append(f"{name} (line {node.lineno})")
    return offenders


def test_no_import_circle_in_bot():
    graph = import_graph(REPO_ROOT / "bot")
    graph["bot.cli.group"] |= set(COMMAND_MODULES)  # loaded by name, when a command runs
    assert {"bot.cli.options", "bot.core"} <= graph["bot.cli.ask"]  # the walk sees deferred imports too
    assert circles(graph) == []


def test_nothing_outside_bot_telegram_imports_telegram():
    assert telegram_importers(REPO_ROOT / "bot") == []


def test_the_checks_find_a_circle_and_a_telegram_import(tmp_path):
    files = {
        "__init__.py": "",
        "a.py": "from bot import b\n",
        "b.py": "from . import c\n",
        "c.py": "def later():\n    import bot.a\n",  # deferred, still a circle: a -> b -> c -> a
        "d.py": "from bot.a import x\n",
        "e.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from bot.f import y\n",
        "f.py": "import bot.e\n\ndef send():\n    from telegram.ext import Application\n",
        "sub/__init__.py": "from .x import y\n",
        "sub/x.py": "from ..d import z\n",
    }
    for name, text in files.items():
        path = tmp_path / "bot" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
    graph = import_graph(tmp_path / "bot")
    assert graph["bot.sub"] == {"bot.sub.x"} and graph["bot.sub.x"] == {"bot.d"}
    assert circles(graph) == [["bot.a", "bot.b", "bot.c"]]  # not e <-> f: e's import is for typing only
    assert telegram_importers(tmp_path / "bot") == ["bot.f (line 4)"]
