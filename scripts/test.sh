#!/usr/bin/env bash
# The whole test suite: static checks, then pytest with branch coverage, warnings as errors.
set -euo pipefail
cd "$(dirname "$0")/.."
ruff check boosty tests bench
ruff format --check boosty tests bench
mypy --strict boosty tests/typing_check.py
# coverage starts before pytest: the package's pytest plugin (entry point boosty.testing.plugin)
# imports boosty while pytest loads plugins, before pytest-cov could start measuring.
# Branch coverage and source=boosty come from [tool.coverage] in pyproject.toml.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
python -m coverage run -m pytest -W error "$@" | tee "$log" || status=$?
python -m coverage report --fail-under=90 || status=$?
# pytest's closing line again, last, so a reader of the tail sees the result.
grep -E '^(=+ )?[0-9]+ (passed|failed|error|skipped|deselected).* in [0-9.]+s' "$log" | tail -n 1 || true
exit "$status"
