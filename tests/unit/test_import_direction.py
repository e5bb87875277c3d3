"""Dependencies point one way: the rules each package's docstring states, checked over the AST.

The store knows nothing of HTTP, the views or the dataset file; the schemas use only the
leaf modules, which import nothing from the service above them. A new import that breaks a
rule fails here, naming the file and the import.
"""

import ast
from pathlib import Path

import pytest

from tests.helpers import REPO

# Modules that import nothing from ``service`` or ``schemas`` but each other: the schemas and
# the store may use them without importing what sits above them.
LEAF_MODULES = {
    "service.core.kinds",
    "service.core.fields",
    "service.core.dates",
    "service.core.histogram",
    "service.core.strict_json",
}
STORE_MAY_NOT_IMPORT = ("service.api", "service.web", "service.files.dataset", "flask", "werkzeug")
# Modules of service/api/ that are not views: what the views share.
SHARED_BY_VIEWS = {
    "service.api",
    "service.api.openapi",
    "service.api.conditional",
    "service.api.cursors",
    "service.api.event_query",
}


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
    return {name for name in names if within(name, ("service", "schemas"))}


def is_module(name: str) -> bool:
    path = REPO / name.replace(".", "/")
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def test_the_store_imports_neither_views_nor_the_dataset_nor_http():
    wrong = {
        f"{module_name(path)} imports {name}"
        for path in modules("service.store")
        for name in imports_of(path)
        if within(name, STORE_MAY_NOT_IMPORT)
    }
    assert not wrong


def test_schemas_import_only_schemas_and_the_leaf_modules():
    wrong = {
        f"{module_name(path)} imports {name}"
        for path in modules("schemas")
        for name in first_party(imports_of(path))
        if is_module(name) and not within(name, ("schemas", *LEAF_MODULES))
    }
    assert not wrong


@pytest.mark.parametrize("leaf", sorted(LEAF_MODULES))
def test_leaf_modules_import_only_other_leaves(leaf):
    path = REPO / f"{leaf.replace('.', '/')}.py"
    above = {
        name
        for name in first_party(imports_of(path))
        if is_module(name) and not within(name, LEAF_MODULES)
    }
    assert not above, f"{leaf} imports {above}"


def test_the_date_resolver_imports_only_itself_and_the_leaf_modules():
    """service/drafts/resolver/ is pure: no Flask, no store, nothing above the leaves."""
    wrong = {
        f"{module_name(path)} imports {name}"
        for path in modules("service.drafts.resolver")
        for name in imports_of(path)
        if within(name, ("flask", "werkzeug", "sqlite_utils"))
        or (
            is_module(name)
            and within(name, ("service", "schemas"))
            and not within(name, ("service.drafts.resolver", *LEAF_MODULES))
        )
    }
    assert not wrong


def test_the_service_package_runs_nothing_at_import():
    tree = ast.parse((REPO / "service" / "__init__.py").read_text())
    assert all(isinstance(node, ast.Expr) for node in tree.body), "only a docstring"


def test_views_do_not_import_each_other():
    """Views share what they need through modules of their own, never through another view."""
    views = {module_name(path) for path in modules("service.api")} - SHARED_BY_VIEWS
    views.update({"service.web.pages", "service.web.drafts_page"})
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
    assert within("service.api.events", STORE_MAY_NOT_IMPORT)
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
