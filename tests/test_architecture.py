"""The house's shape, read from the code: the import contracts of pyproject.toml (the apps in
the README's layer order, no circles between sibling modules, function-level imports counted),
no `except ImportError` around the project's own modules, no test skipping an own module."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_import_contracts_are_kept() -> None:
    run = subprocess.run([str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "2 kept, 0 broken" in run.stdout


def _imports_fudao(nodes: list[ast.stmt]) -> bool:
    for node in nodes:
        for sub in ast.walk(node):
            if isinstance(sub, ast.ImportFrom) and (sub.module or "").startswith("fudao"):
                return True
            if isinstance(sub, ast.Import) and any(a.name.startswith("fudao") for a in sub.names):
                return True
            if isinstance(sub, ast.Call) and getattr(sub.func, "attr", "") == "import_module":
                return True
    return False


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(n, ast.Name) and n.id in ("ImportError", "ModuleNotFoundError") for n in names)


def test_no_import_error_guard_around_own_modules() -> None:
    guarded = []
    for path in sorted((ROOT / "src" / "fudao").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Try) and any(_catches_import_error(h) for h in node.handlers)
                    and _imports_fudao(node.body)):
                guarded.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert guarded == []


def test_no_test_skips_an_own_module() -> None:
    found = [f"{p.relative_to(ROOT)}" for p in sorted((ROOT / "tests").rglob("*.py"))
             if p.name != Path(__file__).name and 'importorskip("fudao' in p.read_text(encoding="utf-8")]
    assert found == []
