"""The documentation: Sphinx builds it with warnings as errors, README.rst renders, and every
public name has a reference entry."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import docutils.core
import docutils.utils
import pytest
from readme_renderer.rst import render

import boosty
import boosty.download
import boosty.events
import boosty.models
import boosty.settings
import boosty.testing

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


@pytest.mark.slow
def test_sphinx_builds_the_docs_with_warnings_as_errors(tmp_path: Path) -> None:
    pytest.importorskip("sphinx", reason="the docs need sphinx (the test extra)")
    out = tmp_path / "html"
    # A separate process: the build imports every module and patches the endpoint
    # descriptors for autodoc (docs/_ext/boosty_autodoc.py); none of that may leak here.
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html", "-q"]
    command += ["-d", str(tmp_path / "doctrees"), str(DOCS), str(out)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr[-5000:]
    clients = (out / "reference" / "clients.html").read_text(encoding="utf-8")
    # autodoc found the endpoint descriptors and documented them as methods with signatures.
    assert 'id="boosty.Boosty.blog"' in clients
    assert 'id="boosty.Boosty.iter_posts"' in clients
    text = re.sub(r"<[^>]+>", "", clients)
    assert "iter_posts(blog: str" in text
    assert "Iterator[Post]" in text
    for page in ("getting-started", "performance", "changelog", "guides/senders", "guides/testing"):
        assert (out / f"{page}.html").is_file(), page


def test_readme_renders_as_restructuredtext() -> None:
    text = (ROOT / "README.rst").read_text(encoding="utf-8")
    messages = io.StringIO()
    assert render(text, stream=messages) is not None, messages.getvalue()
    # docutils itself, stopping at the first warning (readme_renderer tolerates some).
    settings = {"halt_level": docutils.utils.Reporter.WARNING_LEVEL, "report_level": 5}
    docutils.core.publish_doctree(text, settings_overrides=settings)


_DIRECTIVE = re.compile(
    r"^\.\. (?:(?P<context>(?:py:)?(?:current)?module)|auto(?P<kind>class|exception|function|data|method|module))"
    r":: (?P<name>\S+)",
    re.MULTILINE,
)


def _documented() -> set[str]:
    """Fully qualified names that an ``auto...::`` directive of the reference documents."""
    names: set[str] = set()
    for source in sorted((DOCS / "reference").glob("*.rst")):
        current = ""
        for match in _DIRECTIVE.finditer(source.read_text(encoding="utf-8")):
            name = match["name"]
            if match["context"] or match["kind"] == "module":
                current = name
                if match["kind"] == "module":
                    names.add(name)
                continue
            names.add(name if name.startswith("boosty") else f"{current}.{name}")
    return names


@pytest.mark.parametrize(
    "module",
    [boosty, boosty.models, boosty.settings, boosty.events, boosty.download, boosty.testing],
    ids=lambda m: m.__name__,
)
def test_every_public_name_has_a_reference_entry(module: object) -> None:
    documented = _documented()
    missing = []
    for name in module.__all__:  # type: ignore[attr-defined]
        if name == "__version__":
            continue
        obj = getattr(module, name)
        places = {f"{module.__name__}.{name}"}  # type: ignore[attr-defined]
        # A re-export is documented once, where it is defined publicly (boosty.EventType is
        # boosty.events.EventType, boosty.Post is boosty.models.Post).
        homes = (boosty, boosty.models, boosty.settings, boosty.events)  # vars(): no deprecated fallback lookups
        places |= {f"{other.__name__}.{name}" for other in homes if vars(other).get(name) is obj}
        if getattr(obj, "__name__", None) and isinstance(obj, type(boosty)):
            places.add(obj.__name__)  # a submodule documented with automodule
        if not places & documented:
            missing.append(name)
    assert missing == [], f"add these to docs/reference/*.rst: {missing}"
