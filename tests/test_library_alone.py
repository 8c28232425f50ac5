"""lstm_calc is a numpy library and nothing else.

A static check reads every module of ``lstm_calc`` and refuses an import of
anything but numpy, the standard library and ``lstm_calc`` itself (torch only
inside the PyTorch converters). Then a fresh virtual environment that holds
numpy alone imports every module of a copy of ``lstm_calc``, and runs the
worked example's weights (``lstm_book.handset``, which needs only numpy and
``lstm_calc``) to the same hidden states, bit for bit, as this environment.
The fast variant links this environment's numpy into a venv made without pip;
the slow one (``build``) installs numpy with pip from the registry, as a user of the library would.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest

from lstm_book import handset

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "lstm_calc"
# What a run of the worked example needs from the book layer: the hand-set weights and the tokenizer.
BOOK_FILES = ("__init__.py", "handset.py", "text.py")
THIRD_PARTY = ("numpy",)
# torch is the reference of the PyTorch converters only: imported inside them, when they are called.
TORCH_CONVERTERS = ("from_torch", "to_torch")
TORCH_LAYOUT = "TorchLayout."  # the one helper both converters call

PROBE = r"""
import importlib, importlib.util, json, pkgutil, sys
import lstm_calc
names = sorted(m.name for m in pkgutil.iter_modules(lstm_calc.__path__, "lstm_calc."))
for name in names:
    importlib.import_module(name)
loaded = sorted({m.split(".")[0] for m in sys.modules})
from lstm_book import handset
trace = handset.gender_trace()
import numpy
print(json.dumps({
    "lstm_calc": lstm_calc.__file__, "numpy": numpy.__version__, "modules": names, "loaded": loaded,
    "findable": {p: importlib.util.find_spec(p) is not None for p in ("pandas", "plotly", "torch", "scipy")},
    "h": [[v.hex() for v in row] for row in trace.h.tolist()],
}))
"""


def imports_of(path: Path):
    """(module imported, qualified name of the function or class it is imported in, line) for every import."""
    found = []

    def visit(node, where):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                found.extend((alias.name, where, child.lineno) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                found.append(("." * child.level + (child.module or ""), where, child.lineno))
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                visit(child, f"{where}.{child.name}" if where else child.name)
            else:
                visit(child, where)

    visit(ast.parse(path.read_text(encoding="utf-8")), "")
    return found


def allowed(module: str, where: str) -> bool:
    top = module.split(".")[0]
    if module.startswith(".") or top in ("lstm_calc", "__future__", *THIRD_PARTY) or top in sys.stdlib_module_names:
        return True
    return top == "torch" and (where.split(".")[-1] in TORCH_CONVERTERS or where.startswith(TORCH_LAYOUT))


def test_lstm_calc_imports_only_numpy_and_the_standard_library():
    modules = sorted(LIBRARY.glob("*.py"))
    assert len(modules) >= 10, modules
    bad = [
        f"{path.name}:{line} imports {module} in {where or 'the module'}"
        for path in modules
        for module, where, line in imports_of(path)
        if not allowed(module, where)
    ]
    assert not bad, bad
    torch_imports = [
        (path.name, where)
        for path in modules
        for module, where, _ in imports_of(path)
        if module.split(".")[0] == "torch"
    ]
    assert torch_imports and all(where for _, where in torch_imports), "torch is never imported at module level"
    for path in modules:  # and no import hidden from the check
        assert "__import__" not in path.read_text() and "import_module" not in path.read_text(), path.name
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert [d.split(">")[0].split("=")[0].split("<")[0].strip() for d in dependencies] == ["numpy"]


def test_the_static_check_catches_what_it_should(tmp_path):
    leaky = tmp_path / "leaky.py"
    leaky.write_text(
        "import pandas as pd\nfrom torch import nn\nfrom . import cell\nimport numpy as np\n\n"
        "def to_torch():\n    import torch\n\n"
        "class P:\n    def table(self):\n        import plotly\n"
    )
    verdicts = {(module, where): allowed(module, where) for module, where, _ in imports_of(leaky)}
    assert verdicts == {
        ("pandas", ""): False,
        ("torch", ""): False,
        (".", ""): True,
        ("numpy", ""): True,
        ("torch", "to_torch"): True,
        ("plotly", "P.table"): False,
    }


def copy_project(dest: Path) -> Path:
    """A copy of ``lstm_calc/`` and of the book files the worked example needs, nothing else."""
    shutil.copytree(LIBRARY, dest / "lstm_calc", ignore=shutil.ignore_patterns("__pycache__"))
    (dest / "lstm_book").mkdir()
    for name in BOOK_FILES:
        shutil.copy2(ROOT / "lstm_book" / name, dest / "lstm_book" / name)
    return dest


def bare_env(project: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return env | {"PYTHONPATH": str(project), "PYTHONNOUSERSITE": "1"}


def run(python: Path, args, env, cwd) -> subprocess.CompletedProcess:
    done = subprocess.run([str(python), "-s", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{args}:\n{done.stdout}\n{done.stderr}"
    return done


def check_alone(python: Path, project: Path, cwd: Path) -> None:
    """The checks, in the fresh environment ``python`` with ``project`` on its path."""
    env = bare_env(project)
    run(python, ["-c", "import lstm_calc"], env, cwd)
    seen = json.loads(run(python, ["-c", PROBE], env, cwd).stdout)
    assert Path(seen["lstm_calc"]).parent == project / "lstm_calc"  # the copy, not this checkout
    assert seen["numpy"] == np.__version__
    assert seen["findable"] == {"pandas": False, "plotly": False, "torch": False, "scipy": False}
    expected = sorted(f"lstm_calc.{p.stem}" for p in LIBRARY.glob("*.py") if p.stem != "__init__")
    assert seen["modules"] == expected
    for package in ("pandas", "plotly", "torch", "lstm_book"):
        assert package not in seen["loaded"], f"importing lstm_calc loaded {package}"
    h = handset.gender_trace().h
    assert seen["h"] == [[v.hex() for v in row] for row in h.tolist()]


def link_numpy(site_packages: Path) -> None:
    """This environment's numpy, linked into ``site_packages``: the package, its bundled libraries, its metadata."""
    numpy_dir = Path(np.__file__).parent
    for name in ("numpy", "numpy.libs", f"numpy-{np.__version__}.dist-info"):
        if (numpy_dir.parent / name).exists():
            (site_packages / name).symlink_to(numpy_dir.parent / name)


def test_a_venv_with_numpy_alone_runs_the_worked_example(tmp_path):
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp_path / "venv")], check=True)
    python = tmp_path / "venv" / "bin" / "python"
    [site_packages] = (tmp_path / "venv" / "lib").glob("python3*/site-packages")
    link_numpy(site_packages)
    check_alone(python, copy_project(tmp_path / "project"), tmp_path)


@pytest.mark.build
def test_a_venv_with_numpy_installed_by_pip_runs_the_worked_example(tmp_path):
    """numpy installed by pip from the package registry into a fresh venv: this environment's pip,
    pointed at the venv (``--python``), rather than a copy of pip installed into it first (seconds
    of ensurepip that test nothing of lstm_calc), with ``--no-compile`` (pip's byte-compiling of numpy's
    sources, half of its time, tests nothing of lstm_calc either); the venv then holds numpy and nothing else."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp_path / "venv")], check=True)
    python = tmp_path / "venv" / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    pip = [sys.executable, "-m", "pip", "--python", str(python), "--disable-pip-version-check"]
    install = [*pip, "install", "--quiet", "--no-compile", f"numpy=={np.__version__}"]
    installed = subprocess.run(install, env=env, capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stderr
    listed = subprocess.run([*pip, "list", "--format=json"], env=env, capture_output=True, text=True, check=True)
    packages = {p["name"].lower() for p in json.loads(listed.stdout)}
    assert packages == {"numpy"}, packages
    check_alone(python, copy_project(tmp_path / "project"), tmp_path)
