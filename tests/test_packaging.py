"""Packaging: the distribution name, the licence, what the sdist holds, and a cheap pytest plugin."""

from __future__ import annotations

import configparser
import re
import subprocess
import sys
from pathlib import Path

import pytest

import boosty

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_plugin_import_loads_no_client_code_and_no_httpx() -> None:
    out = _run(
        "import sys\n"
        "import boosty.testing.plugin\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('boosty', 'httpx', 'attrs', 'cattrs', 'rich')))\n"
    )
    assert out.strip() == "['boosty', 'boosty._lazy', 'boosty._version', 'boosty.testing', 'boosty.testing.plugin']"


def test_first_public_name_loads_the_client() -> None:
    out = _run(
        "import sys\n"
        "import boosty\n"
        "assert 'httpx' not in sys.modules\n"
        "print(boosty.Boosty.__name__, 'httpx' in sys.modules, boosty.__version__)\n"
    )
    assert out.split()[:2] == ["Boosty", "True"]


def test_package_root_names() -> None:
    namespace: dict[str, object] = {}
    exec("from boosty import *", namespace)
    assert {"Boosty", "AsyncBoosty", "Blog", "RetryingSender", "NotFound", "Credentials"} <= set(namespace)
    assert set(boosty.__all__) <= set(dir(boosty))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = boosty.nope  # type: ignore[attr-defined]
    with pytest.raises(AttributeError, match="no attribute '_nope'"):
        _ = boosty._nope  # type: ignore[attr-defined]


def test_distribution_name_is_not_the_unrelated_boosty() -> None:
    config = configparser.ConfigParser(interpolation=None)
    config.read(ROOT / "setup.cfg")
    assert config["metadata"]["name"] == "boosty-client"
    hints = []
    for path in [*(ROOT / "boosty").rglob("*.py"), *(ROOT / "docs").rglob("*.rst"), ROOT / "README.rst"]:
        text = path.read_text(encoding="utf-8")
        hints += [f"{path.name}: {m}" for m in re.findall(r"pip install ['\"]?boosty\[", text)]
    assert not hints


def test_licence_and_sdist_contents() -> None:
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    manifest = (ROOT / "MANIFEST.in").read_text(encoding="utf-8").split()
    for folder in ("tests", "docs", "scripts", "bench", "boosty"):
        assert folder in manifest


def test_testing_package_loads_each_name_on_first_use() -> None:
    out = _run(
        "import sys\n"
        "import boosty.testing as t\n"
        "assert 'boosty.testing.blocks' not in sys.modules and 'blocks' in dir(t)\n"
        "print(t.blocks.__name__, t.FaultRule.__module__, 'boosty.testing.server' in sys.modules)\n"
        "print(t.blocks is sys.modules['boosty.testing.blocks'], vars(t)['blocks'] is t.blocks)\n"
        "try:\n"
        "    t.World\n"
        "except AttributeError as exc:\n"
        "    print(exc)\n"
    )
    assert out.splitlines() == [
        "boosty.testing.blocks boosty.testing.faults False",
        "True True",
        "module 'boosty.testing' has no attribute 'World'",
    ]
