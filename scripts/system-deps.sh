#!/usr/bin/env bash
# Debian packages whose programs the test suite starts on loopback, installed only when missing
# (as root, the way CI runs). One "program package" pair a line below; features add theirs.
set -euo pipefail
wanted=(
  "chromium chromium"
  "redis-server redis-server"
)
need=()
for pair in "${wanted[@]}"; do
  read -r program package <<<"$pair"
  command -v "$program" >/dev/null 2>&1 || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
