#!/usr/bin/env bash
# Installs the system Chromium that src/fetch/browser-fetcher.ts drives through playwright-core.
# Idempotent: does nothing when a Chromium is already present. The project never downloads a
# browser build of its own (Playwright's `install` fetches from a CDN we cannot reach); the
# distribution package is the only supported source.
set -euo pipefail

target="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [[ -x "$target" ]]; then
  echo "chromium: present at $target"
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
  echo "chromium: missing at $target and not root." >&2
  echo "  install it with: sudo apt-get update && sudo apt-get install -y chromium" >&2
  echo "  or point CHROMIUM_PATH at an existing Chromium/Chrome binary." >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium: missing at $target and apt-get is not available; install Chromium by hand" >&2
  echo "  and set CHROMIUM_PATH to its executable." >&2
  exit 1
fi

echo "chromium: installing the distribution package (apt-get)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends chromium >/dev/null

if [[ ! -x "$target" ]]; then
  echo "chromium: apt-get finished but $target is still missing; set CHROMIUM_PATH" >&2
  exit 1
fi
echo "chromium: installed $("$target" --version 2>/dev/null || echo "at $target")"
