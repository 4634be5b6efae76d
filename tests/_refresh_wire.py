"""Shared by the ``test_scenarios_refresh*`` files: the respx origin and the answers they mock."""

from __future__ import annotations

API = "https://api.example.test"
TOKEN_URL = f"{API}/oauth/token/"
USER_URL = f"{API}/v1/user/current"
USER = {"id": 1, "name": "N", "blogUrl": "b"}
