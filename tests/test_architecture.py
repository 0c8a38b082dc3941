"""The import directions of STYLE.md, checked over the import graph of portal/ (every import, also inside functions):
core imports no feature, and no feature imports another feature's views, forms or API (a feature may call another's
services and read its models)."""

import ast
from pathlib import Path

import portal

ROOT = Path(portal.__file__).parent
FEATURES = sorted(
    p.name for p in ROOT.iterdir() if (p / "__init__.py").exists() and p.name not in {"core", "migrations"}
)
WEB_LAYER = {"views", "forms", "api"}


def imported_modules(source: str, module: str) -> set[str]:
    """Every module an import in `source` names, relative imports resolved against `module` (dotted)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = module.split(".")[: -node.level]
                base = ".".join([*parent, base] if base else parent)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def violations(module: str, imports: set[str]) -> list[str]:
    """What `module` (dotted, under portal) may not import, among `imports`."""
    parts = module.split(".")
    owner = parts[1] if len(parts) > 1 else None
    wrong = []
    for name in sorted({".".join(name.split(".")[:3]) for name in imports}):
        target = name.split(".")
        if target[0] != "portal" or len(target) < 2 or target[1] not in FEATURES:
            continue
        if owner == "core":
            wrong.append(f"{module} imports the feature module {name}")
        elif owner in FEATURES and target[1] != owner and len(target) > 2 and target[2] in WEB_LAYER:
            wrong.append(f"{module} imports {name}, another feature's {target[2]}")
    return wrong


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT.parent).with_suffix("")
        if "migrations" in relative.parts:
            continue
        yield ".".join(relative.parts).removesuffix(".__init__"), path.read_text(encoding="utf-8")


def test_core_imports_no_feature_and_no_feature_imports_another_features_web_layer():
    found = [
        problem for module, source in _modules() for problem in violations(module, imported_modules(source, module))
    ]
    assert found == []


def test_the_check_sees_each_kind_of_wrong_import():
    source = """
from portal.units.forms import CommuneFinderForm
from portal.units import views
import portal.cases.api
from portal.units.services import get_unit_by_code
from .forms import OwnForm
def later():
    from portal.language.views import bp
"""
    assert violations("portal.statistics.views", imported_modules(source, "portal.statistics.views")) == [
        "portal.statistics.views imports portal.cases.api, another feature's api",
        "portal.statistics.views imports portal.language.views, another feature's views",
        "portal.statistics.views imports portal.units.forms, another feature's forms",
        "portal.statistics.views imports portal.units.views, another feature's views",
    ]
    assert violations("portal.core.forms", {"portal.units.services", "portal.extensions"}) == [
        "portal.core.forms imports the feature module portal.units.services"
    ]
    assert (
        violations("portal.units.home", imported_modules("from .forms import CommuneFinderForm", "portal.units.home"))
        == []
    )
    assert {"units", "cases", "accounts", "disclosures"} <= set(FEATURES)
