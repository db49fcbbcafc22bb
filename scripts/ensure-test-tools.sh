#!/usr/bin/env bash
# What `npm test` needs beyond node_modules, from Debian: Chromium for the browser test (test/e2e/browser; playwright-core
# never downloads a browser of its own) and Java for AWS's DynamoDB Local (the dynamodb-local test project).
# Installs what is missing when this user can (root with apt-get), else says what to install.
set -euo pipefail
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[ -x "$chromium_path" ] || missing+=(chromium)
command -v java >/dev/null || missing+=(java)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing for the tests (once): ${missing[*]}…" >&2
  apt-get update -qq >&2
  packages=()
  for tool in "${missing[@]}"; do
    case "$tool" in
      chromium) packages+=(chromium) ;;
      # Debian 13 has no Java 17; its default JRE is newer, which DynamoDB Local runs on too.
      java) if apt-cache show openjdk-17-jre-headless >/dev/null 2>&1; then packages+=(openjdk-17-jre-headless); else packages+=(default-jre-headless); fi ;;
    esac
  done
  # Slim images lack this folder, and the JRE's post-install step fails without it.
  mkdir -p /usr/share/man/man1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >&2
  exit 0
fi
for tool in "${missing[@]}"; do
  case "$tool" in
    chromium) echo "Chromium is missing at $chromium_path: install it (sudo apt-get install chromium) or set CHROMIUM_PATH." >&2 ;;
    java) echo "Java is missing: DynamoDB Local needs Java 17+ (sudo apt-get install openjdk-17-jre-headless)." >&2 ;;
  esac
done
exit 1
