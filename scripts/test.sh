#!/usr/bin/env bash
# The whole test suite: static checks, then pytest with branch coverage, warnings as errors.
set -euo pipefail
cd "$(dirname "$0")/.."
ruff check boosty tests bench
ruff format --check boosty tests bench
mypy --strict boosty tests/typing_check.py
python -m pytest -W error --cov=boosty --cov-branch --cov-report=term "$@"
