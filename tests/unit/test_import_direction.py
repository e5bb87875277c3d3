"""Dependencies point one way: the rules each package's docstring states, checked over the AST.

The store knows nothing of HTTP, the views or the dataset file; the schemas use only the
leaf modules, which import nothing from the service above them. A new import that breaks a
rule fails here, naming the file and the import.
"""

import ast
from pathlib import Path

import pytest

from tests.helpers import REPO

# What each group of service/ (and schemas/) may import from the project: its own modules and
# those named here. Everything the project imports must fall in one of these groups, the top
# (app, cli) and serving/ excepted; serving/ may import anything and nothing imports it.
MAY_IMPORT = {
    "service.core": set(),
    "schemas": {"service.core"},
    "service.store": {"schemas", "service.core"},
    "service.drafts.resolver": {"service.core"},
    "service.files": {"service.store", "schemas", "service.core", "service.config"},
    "service.formats": {"service.files", "service.store", "schemas", "service.core"},
    # http/ notes what it did to an answer under the keys observability/ defines, and asks
    # the export registry which formats gzip; no more of either.
    "service.http": {
        "service.observability.request_notes",
        "service.formats.registry",
        "service.files",
        "service.store",
        "schemas",
        "service.core",
        "service.config",
        "service.errors",
    },
    "service.observability": {
        "service.http",
        "service.files",
        "service.store",
        "service.core",
        "service.config",
        "service.errors",
    },
    "service.drafts": {"service.drafts.resolver", "schemas", "service.core", "service.http"},
    # Every error becomes a problem in one place, so it knows each error's origin.
    "service.errors": {
        "service.store",
        "service.drafts.slots",
        "service.observability.request_notes",
        "schemas",
        "service.core",
    },
    "service.config": set(),
}
# Third-party packages a group must not reach: the pure parts stay pure.
MAY_NOT_IMPORT = {
    "service.core": ("flask", "werkzeug", "sqlite_utils"),
    "schemas": ("flask", "werkzeug", "sqlite_utils"),
    "service.store": ("flask", "werkzeug"),
    "service.drafts.resolver": ("flask", "werkzeug", "sqlite_utils"),
    "service.formats": ("flask", "werkzeug"),
}
VIEWS = ("service.api", "service.web")
# Modules of the views that are not views: what the views share.
SHARED_BY_VIEWS = {
    "service.api",
    "service.api.openapi",
    "service.api.conditional",
    "service.api.cursors",
    "service.api.event_query",
}
TOP = ("service.app", "service.cli", "service.serving", "service")


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports by absolute name (``from a.b import c`` gives ``a.b.c``
    too, so importing a submodule that way counts)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def modules(package: str) -> list[Path]:
    return sorted((REPO / package.replace(".", "/")).rglob("*.py"))


def within(name: str, prefixes) -> bool:
    return any(name == prefix or name.startswith(f"{prefix}.") for prefix in prefixes)


def first_party(names: set[str]) -> set[str]:
    return {name for name in names if within(name, ("service", "schemas")) and name != "service"}


def is_module(name: str) -> bool:
    path = REPO / name.replace(".", "/")
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def group_of(name: str) -> str | None:
    """The most specific group ``name`` belongs to (``service.drafts.resolver`` before
    ``service.drafts``), or None for the top and the views."""
    groups = [group for group in MAY_IMPORT if within(name, (group,))]
    return max(groups, key=len) if groups else None


def every_module() -> list[Path]:
    return modules("service") + modules("schemas")


@pytest.mark.parametrize("group", sorted(MAY_IMPORT))
def test_each_group_imports_only_itself_and_what_it_may(group):
    allowed = (group, *MAY_IMPORT[group])
    wrong = {
        f"{module_name(path)} imports {name}"
        for path in every_module()
        if group_of(module_name(path)) == group
        for name in first_party(imports_of(path))
        if is_module(name) and not within(name, allowed)
    }
    assert not wrong


@pytest.mark.parametrize("group", sorted(MAY_NOT_IMPORT))
def test_the_pure_groups_reach_no_web_framework(group):
    wrong = {
        f"{module_name(path)} imports {name}"
        for path in every_module()
        if group_of(module_name(path)) == group
        for name in imports_of(path)
        if within(name, MAY_NOT_IMPORT[group])
    }
    assert not wrong


def test_every_module_the_rules_name_exists_and_every_module_has_a_rule():
    """A rule naming a module that moved or went away fails here, and so does a new package
    of service/ that no rule places."""
    named = set(MAY_IMPORT) | set(MAY_NOT_IMPORT) | SHARED_BY_VIEWS | set(VIEWS) | set(TOP)
    named |= {name for allowed in MAY_IMPORT.values() for name in allowed}
    assert {name for name in named if not is_module(name)} == set()
    unplaced = {
        module_name(path)
        for path in every_module()
        if group_of(module_name(path)) is None
        and not within(module_name(path), VIEWS)
        and module_name(path) not in {"service", "service.app", "service.cli"}
        and not within(module_name(path), ("service.serving",))
    }
    assert unplaced == set()


def test_the_service_package_runs_nothing_at_import():
    tree = ast.parse((REPO / "service" / "__init__.py").read_text())
    assert all(isinstance(node, ast.Expr) for node in tree.body), "only a docstring"


def test_views_do_not_import_each_other():
    """Views share what they need through modules of their own, never through another view."""
    views = {module_name(path) for path in modules("service.api")} - SHARED_BY_VIEWS
    views.update({"service.web.pages", "service.web.drafts_page"})
    assert all(is_module(view) for view in views)
    wrong = {
        f"{view} imports {name}"
        for view in views
        for name in imports_of(REPO / f"{view.replace('.', '/')}.py")
        if within(name, views - {view})
    }
    assert not wrong


def test_the_rules_catch_a_wrong_import(tmp_path):
    """The checks can fail: a store module importing a view is seen."""
    module = tmp_path / "bad.py"
    module.write_text("from service.api.events import blp\nimport flask\n")
    assert not within("service.api.events", MAY_IMPORT["service.store"])
    assert group_of("service.store.bad") == "service.store"
    assert group_of("service.drafts.resolver.grammar") == "service.drafts.resolver"
    assert {"service.api.events", "service.api.events.blp", "flask"} <= imports_of(module)


def test_nothing_in_the_application_imports_the_http_front():
    """service/serving/ wraps the app; the app never reaches back into it."""
    wrong = {
        f"{module_name(path)} imports {name}"
        for path in modules("service")
        if not within(module_name(path), ("service.serving",))
        for name in imports_of(path)
        if within(name, ("service.serving",))
    }
    assert not wrong
