"""nox sessions: the test suite on every supported Python, the static checks once.

    nox                      # tests on 3.10, 3.11, 3.12, 3.13 (those found), then lint
    nox -s tests-3.12        # one version
    nox -s lint              # ruff, ruff format --check, mypy --strict (Python 3.11)
    nox -s mutants           # mutation testing (mutmut 3.8) of the seven modules in [tool.mutmut]
    nox -s mutants -- 'boosty._sender.retrying*'   # one module's mutants

Each session makes a fresh venv and installs ``.[test,keyring]`` into it. Interpreters are
looked up on ``PATH`` as ``python3.X``; interpreters installed by pyenv are found too, even
when the pyenv shims do not expose them (only the global version is active here). A
version that cannot be found is skipped, never downloaded.
"""

from __future__ import annotations

import os
from pathlib import Path

import nox

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
LINT_PYTHON = "3.11"
ROOT = Path(__file__).resolve().parent

nox.options.sessions = ["tests", "lint"]
nox.options.default_venv_backend = "venv"
nox.options.download_python = "never"
nox.options.error_on_missing_interpreters = False


def _expose_pyenv_pythons() -> None:
    """Put ``python3.X`` links to pyenv's installed interpreters first on ``PATH``.

    pyenv's shims only run the versions it has activated, so ``python3.10`` fails when
    3.10 is installed but not active. The links live in ``.nox/_pythons`` (ignored by git).
    """
    versions = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    if not versions.is_dir():
        return
    links = ROOT / ".nox" / "_pythons"
    for minor in PYTHONS:
        found = sorted(
            versions.glob(f"{minor}.*/bin/python{minor}"),
            key=lambda path: tuple(int(p) for p in path.parts[-3].split(".") if p.isdigit()),
        )
        if not found:
            continue
        links.mkdir(parents=True, exist_ok=True)
        link = links / f"python{minor}"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(found[-1])
    if links.is_dir():
        os.environ["PATH"] = f"{links}{os.pathsep}{os.environ.get('PATH', '')}"


_expose_pyenv_pythons()


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The pytest suite with branch coverage (at least 90 %) and warnings as errors, as ``scripts/test.sh``."""
    session.install("-e", ".[test,keyring]")
    session.env["COVERAGE_FILE"] = str(ROOT / f".coverage.{session.name}")
    session.run("python", "-m", "coverage", "run", "-m", "pytest", "-W", "error", *session.posargs)
    session.run("python", "-m", "coverage", "report", "--fail-under=90")


@nox.session(python=LINT_PYTHON)
def lint(session: nox.Session) -> None:
    """ruff check, ruff format --check and mypy --strict, as ``scripts/test.sh`` runs them."""
    session.install("-e", ".[test,keyring]")
    session.run("ruff", "check", "boosty", "tests", "bench")
    session.run("ruff", "format", "--check", "boosty", "tests", "bench")
    session.run("mypy", "--strict", "boosty", "tests/typing_check.py")


@nox.session(python=LINT_PYTHON, default=False)
def mutants(session: nox.Session) -> None:
    """Mutation testing with mutmut 3.8 (``[tool.mutmut]`` in pyproject.toml), then a table a module.

    ``nox -s mutants`` runs the mutants of all seven modules; ``nox -s mutants --
    'boosty._sender.retrying*'`` one module's (any mutmut name pattern). Results accumulate in
    ``mutants/`` (ignored by git): a rerun checks only new or changed mutants. At most
    ``MUTMUT_CHILDREN`` (default 2) mutants run at once. The table comes from
    ``scripts/mutation_report.py``, which leaves out the equivalent mutants that
    ``docs/mutation-equivalents.rst`` lists.
    """
    session.install("-e", ".[test,keyring,mutants]")
    children = os.environ.get("MUTMUT_CHILDREN", "2")
    session.run("mutmut", "run", "--max-children", children, *session.posargs)
    session.run("python", "scripts/mutation_report.py")
