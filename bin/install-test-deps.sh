#!/usr/bin/env bash
# Installs the servers and browser the test suite drives, from Debian's packages, when
# they are missing: PostgreSQL (pg_ctl), Redis (redis-server) and Chromium's headless
# shell (the browser without its window, as Playwright drives it).
set -euo pipefail

missing=()
if ! command -v pg_ctl >/dev/null && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  missing+=(postgresql)
fi
command -v redis-server >/dev/null || missing+=(redis-server)
[ -x /usr/bin/chromium-headless-shell ] || missing+=(chromium-headless-shell)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing for the tests: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
if ! command -v apt-get >/dev/null; then
  echo "apt-get is not available: install ${missing[*]} yourself, then run make test again." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts the services it installs; the tests start their own, so stop those.
for service in postgresql redis-server; do
  $SUDO service "$service" stop >/dev/null 2>&1 || true
done
