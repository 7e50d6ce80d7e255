"""Model modules import in one direction only, and the shared pieces import no feature app.

    common  <-  glossary, organizations  <-  procedures  <-  any other app

A module may import its own app and the apps to its left, never one to its right or beside it.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {"common": 0, "glossary": 1, "organizations": 1, "procedures": 2}
TOP = max(LAYERS.values()) + 1
PROJECT_APPS = {
    config.name for config in apps.get_app_configs() if Path(config.path).is_relative_to(ROOT)
}


def project_imports(path):
    """The project apps a module imports (relative imports stay in its own app)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found |= {name.split(".")[0] for name in names} & (PROJECT_APPS | {"refugeeguide"})
    return found


def model_modules():
    for app in sorted(PROJECT_APPS):
        models = ROOT / app / "models.py"
        if models.exists():
            yield app, models
        yield from ((app, path) for path in sorted((ROOT / app / "models").glob("*.py")))


@pytest.mark.parametrize("app, path", list(model_modules()), ids=lambda v: str(v))
def test_model_modules_import_only_the_apps_below_them(app, path):
    layer = LAYERS.get(app, TOP)
    upwards = {other for other in project_imports(path) - {app} if LAYERS.get(other, TOP) >= layer}
    assert not upwards, (
        f"{path.relative_to(ROOT)} imports {sorted(upwards)}, which sit above or beside it"
    )


def test_the_shared_pieces_import_no_feature_app_and_no_project_settings_module():
    for path in sorted((ROOT / "common").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        assert project_imports(path) <= {"common"}, path.relative_to(ROOT)


def test_no_app_reaches_into_the_project_package():
    for app in sorted(PROJECT_APPS):
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                assert "refugeeguide" not in project_imports(path), path.relative_to(ROOT)
