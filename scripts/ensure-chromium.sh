#!/usr/bin/env bash
# The browser test (test/e2e/browser) drives Debian's Chromium through playwright-core, which never
# downloads a browser of its own. Installs the package when it is missing and this user can.
set -euo pipefail
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium_path" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser test (once)…" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  exit 0
fi
echo "Chromium is missing at $chromium_path: install it (sudo apt-get install chromium) or set CHROMIUM_PATH." >&2
exit 1
