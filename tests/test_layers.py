"""DESIGN.md's layers, enforced: core <- store, net, export <- cli, ui. Only ui imports Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "factcheck_gui"

# What each layer may import from the project (besides itself).
ALLOWED = {
    "core": set(),
    "store": {"core"},
    "net": {"core"},
    "export": {"core"},
    "cli": {"core", "store", "net", "export", "importer", "fetching", "tracing", "bundled", "sync"},
    "importer": {"core", "store", "net", "bundled"},
    "fetching": {"core", "store", "net"},
    "tracing": {"core", "store", "net", "fetching"},
    "ui": {"core", "store", "net", "export", "importer", "fetching", "tracing", "bundled", "sync"},
    "sync": {"core", "store"},
    "merge_driver": {"sync"},
    "bundled": set(),
}
# The one import across the layers that DESIGN.md does not draw: `factcheck export --format
# pdf` lays the PDF out with Qt, through the same module as the window, so both write the
# same bytes. It is allowed only as a lazy import inside a function (docs/architecture.md).
LAZY_EXCEPTIONS = {("cli", "factcheck_gui.ui.pdf")}
QT = ("PySide6", "shiboken6")
NETWORK_AND_HTML = ("requests", "urllib3", "bs4", "trafilatura", "htmldate", "lxml", "pypdf")


def layer_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py") if len(relative.parts) > 1 or relative.stem not in ("__init__", "__main__") else "package"


def imports_of(path: Path, *, top_level_only: bool = False) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree) if not top_level_only else tree.body:
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.ImportFrom):
            names.append("." * node.level + (node.module or ""))  # relative: refused below
    return names


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_layers_import_only_what_design_allows():
    wrong = []
    for path in modules():
        layer = layer_of(path)
        if layer == "package":
            continue
        for name in imports_of(path):
            if name.startswith("."):
                wrong.append(f"{path.relative_to(PACKAGE)} imports {name} relatively; name the layer (factcheck_gui....)")
                continue
            if (layer, name) in LAZY_EXCEPTIONS:
                continue
            parts = name.split(".")
            if parts[0] == "factcheck_gui" and len(parts) > 1:
                target = parts[1]
                if target != layer and target not in ALLOWED.get(layer, set()) and target not in ("__init__",):
                    wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
            if parts[0] in QT and layer != "ui":
                wrong.append(f"{path.relative_to(PACKAGE)} imports Qt ({name})")
            if parts[0] in NETWORK_AND_HTML and layer != "net":
                wrong.append(f"{path.relative_to(PACKAGE)} imports {name}, which belongs in net")
    assert wrong == []


def test_the_one_exception_is_a_lazy_import_of_the_pdf_writer():
    """cli may import ui.pdf, inside the function that writes a PDF, and nothing else from ui."""
    cli = PACKAGE / "cli.py"
    assert not [name for name in imports_of(cli, top_level_only=True) if name.startswith("factcheck_gui.ui")]
    assert {name for name in imports_of(cli) if name.startswith("factcheck_gui.ui")} == {"factcheck_gui.ui.pdf"}
    pdf = PACKAGE / "ui" / "pdf.py"
    assert {name.split(".")[1] for name in imports_of(pdf) if name.startswith("factcheck_gui.")} <= {"core", "export"}


def test_every_module_is_in_a_layer_the_rules_name():
    """A new module is checked as soon as it exists: its layer must be one the rules know."""
    layers = {path.relative_to(PACKAGE).as_posix(): layer_of(path) for path in modules()}
    unknown = {name: layer for name, layer in layers.items() if layer != "package" and layer not in ALLOWED}
    assert unknown == {}
    for name, layer in [("fetching.py", "fetching"), ("core/matching.py", "core"), ("core/reanchoring.py", "core"),
                        ("core/tracing.py", "core"), ("core/merge.py", "core"), ("store/search_index.py", "store")]:
        assert layers.get(name) == layer, name


def test_everything_but_the_window_imports_without_qt_or_requests():
    non_ui = [
        ".".join(("factcheck_gui", *p.relative_to(PACKAGE).with_suffix("").parts))
        for p in modules()
        if layer_of(p) not in ("ui", "package", "net") and p.name != "__main__.py"
    ]
    code = (
        "import sys\n"
        "for blocked in ('PySide6', 'shiboken6', 'requests', 'urllib3', 'bs4', 'trafilatura', 'htmldate', 'lxml', 'pypdf'):\n"
        "    sys.modules[blocked] = None\n"
        "import importlib\n"
        f"for name in {non_ui!r}:\n"
        "    importlib.import_module(name.removesuffix('.__init__'))\n"
        "print(len(sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert len(non_ui) > 15


def test_nothing_happens_at_import_time(tmp_path):
    code = (
        "import importlib, pkgutil, sys, factcheck_gui\n"
        "for m in pkgutil.walk_packages(factcheck_gui.__path__, 'factcheck_gui.'):\n"
        "    if not m.name.endswith('__main__'):\n"
        "        importlib.import_module(m.name)\n"
        "from PySide6.QtWidgets import QApplication\n"
        "assert QApplication.instance() is None, 'a QApplication was created at import time'\n"
    )
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
           "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in home.rglob("*")) == [], "importing created files or folders"
