"""Sphinx configuration of the boosty documentation.

Build: ``python -m sphinx -W -b html docs docs/_build/html`` (warnings are errors; the test
suite does the same in ``tests/test_docs.py``). Nothing is fetched from the network: no
intersphinx, no remote images, the bundled ``alabaster`` theme.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The checkout's package (even when it is not installed) and the docs' own extension.
for path in (ROOT, ROOT / "docs" / "_ext"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import boosty  # noqa: E402

project = "boosty"
author = "the boosty authors"
copyright = "the boosty authors"
release = boosty.__version__
version = ".".join(release.split(".")[:2])

extensions = ["sphinx.ext.autodoc", "sphinx.ext.napoleon", "boosty_autodoc"]
# Docstrings are reST prose; class docstrings list constructor arguments under a Google-style
# "Arguments:" heading, which napoleon turns into a parameter list.
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_param = True
napoleon_use_rtype = False
# No intersphinx: a docs build must not touch the network.

exclude_patterns = ["_build"]
templates_path: list[str] = []
nitpicky = False
pygments_style = "sphinx"

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = False
autodoc_default_options = {"members": True, "show-inheritance": True}
autoclass_content = "class"
python_use_unqualified_type_names = True

html_theme = "alabaster"
html_title = f"boosty {release}"
html_static_path: list[str] = []
html_theme_options = {
    "description": "A sync and async client for the Boosty.to API",
    "fixed_sidebar": True,
}
