"""The import structure: the core imports no feature, and features import only downward.

Read from the source (every ``import`` statement, also those inside functions), so a shortcut
that would tie two features together fails here before anyone has to untangle it.
"""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "practice"

#: Each feature's layer: a module may import its own feature and features of lower layers.
LAYERS = {
    "core": 0,
    "auth": 1,
    "clients": 2, "snippets": 2,
    "precautions": 2.5,  # reads clients; exercises, plans and intakes check against it
    "intakes": 3, "plans": 3, "exercises": 3, "portal_access": 3, "consent": 3,
    "treatments": 4, "progress": 4,
    "appointments": 4.5,  # books clients under plans; a recorded session marks one attended
    "portal": 5, "access_history": 5, "referrals": 5, "attention": 5, "notes_search": 5,
    "printouts": 5, "outcomes": 5,
    "home": 6, "exports": 6,
    "admin": 7, "imports": 7,
    "demo": 8, "backup": 8,
}
#: Modules at the top of the package that wire everything together.
TOP = {"__init__", "models", "cli"}


def _feature_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "practice" or len(parts) < 2:
        return None
    return parts[1]


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("practice.")}


def _feature_modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if len(relative.parts) == 1:
            continue  # the top-level wiring modules
        yield relative.parts[0], path


def test_every_feature_package_has_a_layer():
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert packages - set(LAYERS) == set(), "give each new feature package its layer in LAYERS"


@pytest.mark.parametrize(("feature", "path"), list(_feature_modules()),
                         ids=lambda value: str(value).split("practice/")[-1])
def test_imports_run_down_the_layers(feature, path):
    upward = []
    for name in _imports(path):
        imported = _feature_of(name)
        if imported is None or imported == feature:
            continue
        top_level = imported in TOP and name.count(".") == 1
        if top_level or (imported in LAYERS and LAYERS[imported] >= LAYERS[feature]):
            upward.append(name)
    assert upward == [], f"{path.relative_to(PACKAGE.parent)} imports up or across: {sorted(upward)}"


def test_routes_never_commit_nor_write_audit_events():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name != "routes.py" and not path.name.endswith("_routes.py"):
            continue
        source = path.read_text()
        if ".commit(" in source or "audit.record(" in source:
            offenders.append(str(path.relative_to(PACKAGE.parent)))
    assert offenders == []
