#!/usr/bin/env bash
# One-time machine setup that npm cannot do: the system Chromium (Debian package, installed
# when running as root and missing) and the embedded MongoDB-compatible server (a Go build
# of FerretDB, cached under tools/ferretdb/bin). Safe to run again; it skips what is there.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ -f "$here/install-chromium.sh" ]]; then
  bash "$here/install-chromium.sh"
fi
if [[ -z "${MONGODB_URI:-}" ]]; then
  echo "building the embedded MongoDB-compatible server (first time takes a minute)..." >&2
  bash "$here/ferretdb/build.sh" >/dev/null
fi
echo "setup ok" >&2
