"""The shape of the house, read from the modules' imports with `ast` (function-local imports
count): no import cycle, `articles` never reaches for `comments`, no app imports the project
package, and no module grows past 500 lines."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("articles", "comments")
PACKAGES = (*APPS, "newsdesk")
LINE_LIMIT = 500
# Data, not code: demo prose, and migrations written by Django.
LONG_ALLOWED = ("articles/demo/content.py",)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    is_package = MODULES[module].name == "__init__.py"
    base = base[: len(base) - node.level + (1 if is_package else 0)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imports_of(module: str) -> set[str]:
    """The project modules `module` imports anywhere in its body. `from a.b import c` is
    an import of `a.b.c` when that is a module, else of `a.b`."""
    tree = ast.parse(MODULES[module].read_text(), filename=str(MODULES[module]))
    named: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            named.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, node)
            for alias in node.names:
                named.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    found = set()
    for name in named:
        # `import a.b.c` imports a.b.c; the nearest enclosing project module counts.
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name and name != module:
            found.add(name)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def _cycles() -> list[list[str]]:
    """Each strongly connected group of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in GRAPH[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    return groups


def test_no_module_imports_another_that_imports_it_back():
    assert _cycles() == []


def test_the_cycle_finder_finds_a_cycle_of_function_local_imports(tmp_path, monkeypatch):
    """The check above can fail: two modules importing each other inside functions are a cycle."""
    first = tmp_path / "first.py"
    second = tmp_path / "second.py"
    first.write_text("def f():\n    from articles import second\n")
    second.write_text("def g():\n    import articles.first\n")
    monkeypatch.setitem(MODULES, "articles.first", first)
    monkeypatch.setitem(MODULES, "articles.second", second)
    monkeypatch.setitem(GRAPH, "articles.first", imports_of("articles.first"))
    monkeypatch.setitem(GRAPH, "articles.second", imports_of("articles.second"))
    assert ["articles.first", "articles.second"] in _cycles()


def test_articles_never_imports_comments():
    assert {module: sorted(m for m in GRAPH[module] if m.split(".")[0] == "comments")
            for module in MODULES if module.startswith("articles")
            and any(m.split(".")[0] == "comments" for m in GRAPH[module])} == {}


# How code names the comments app: a module path, a template, a URL name, a page-cache key,
# a template library.
NAMES_COMMENTS_APP = re.compile(r"(^|[^\w])comments([./:]\w|-)|^comments$|load comments")


def _docstrings(tree: ast.AST) -> set[int]:
    nodes = [tree, *(node for node in ast.walk(tree) if isinstance(
        node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)))]
    return {id(node.body[0].value) for node in nodes  # type: ignore[attr-defined]
            if node.body and isinstance(node.body[0], ast.Expr)  # type: ignore[attr-defined]
            and isinstance(node.body[0].value, ast.Constant)}  # type: ignore[attr-defined]


def names_of_comments_app(source: str) -> list[str]:
    """The strings in `source` (docstrings aside) that name the comments app."""
    tree = ast.parse(source)
    prose = _docstrings(tree)
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in prose and NAMES_COMMENTS_APP.search(node.value)]


def test_articles_never_names_comments():
    """Not even as a string: a key, a template or a setting of the comments app named in
    `articles` is a dependency all the same."""
    named = {module: names_of_comments_app(MODULES[module].read_text())
             for module in MODULES if module.startswith("articles")}
    assert {module: names for module, names in named.items() if names} == {}


def test_a_key_or_template_of_the_comments_app_counts_as_naming_it():
    source = 'KEY = f"comments-{pk}"\nT = "comments/includes/form.html"\nN = "number of comments"\n'
    assert sorted(names_of_comments_app(source)) == ["comments-", "comments/includes/form.html"]


def test_no_app_imports_the_project_package():
    assert sorted(module for module in MODULES if module.split(".")[0] in APPS
                  and any(m.split(".")[0] == "newsdesk" for m in GRAPH[module])) == []


def _line_counted() -> list[Path]:
    paths = [*MODULES.values(), *(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").rglob("*.py")]
    return [path for path in paths if "migrations" not in path.parts
            and str(path.relative_to(ROOT)) not in LONG_ALLOWED]


def test_no_module_is_over_the_line_limit():
    lines = {str(path.relative_to(ROOT)): len(path.read_text().splitlines())
             for path in _line_counted()}
    assert {path: count for path, count in lines.items() if count > LINE_LIMIT} == {}
