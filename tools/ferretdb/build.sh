#!/usr/bin/env bash
# Builds the embedded FerretDB server (tools/ferretdb/main.go) once and caches it under
# tools/ferretdb/bin/, keyed by the hash of its sources, so later runs start instantly.
# The Go toolchain comes from the machine; if it cannot build FerretDB v1.24.2, the
# toolchain FerretDB was released with is pinned (GOTOOLCHAIN, served by the module proxy).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
hash="$(cat *.go go.mod go.sum | sha256sum | cut -c1-16)"
out="bin/ferretdb-embedded-$hash"
if [[ -x "$out" ]]; then
  echo "$here/$out"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "error: Go is required to build the local MongoDB-compatible server (FerretDB); install Go or set MONGODB_URI" >&2
  exit 1
fi
mkdir -p bin
export GOFLAGS="${GOFLAGS:--buildvcs=false} -mod=mod"
if ! go build -trimpath -o "$out.tmp" . >&2; then
  echo "plain build failed; retrying with the pinned toolchain and -checklinkname=0" >&2
  GOTOOLCHAIN=go1.24.3 go build -trimpath -ldflags=-checklinkname=0 -o "$out.tmp" . >&2
fi
mv "$out.tmp" "$out"
find bin -name 'ferretdb-embedded-*' ! -name "$(basename "$out")" -delete
echo "$here/$out"
