#!/usr/bin/env bash
# Prints the bin directory of a Go toolchain new enough for the project's Go tools (the Pod Security referee,
# the scanners): the go on PATH when its version is at least the one tools/pss-oracle/go.mod asks for;
# otherwise Go $GO_VERSION, installed into .tools/go from the Go module proxy as the module
# golang.org/toolchain (the way Go itself fetches toolchains), with Debian's golang-go as the bootstrap when
# the machine has no Go at all. Reuses .tools/go when present. Progress goes to stderr.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools"
GO_VERSION="${GO_VERSION:-1.26.8}"
need_minor="$(sed -n 's/^go 1\.\([0-9]*\).*/\1/p' "$root/tools/pss-oracle/go.mod")"

minor_of() { "$1" env GOVERSION 2>/dev/null | sed -n 's/^go1\.\([0-9]*\).*/\1/p'; }

if [ -x "$tools/go/bin/go" ] && [ "$(minor_of "$tools/go/bin/go")" -ge "$need_minor" ]; then
  echo "$tools/go/bin"
  exit 0
fi
if command -v go >/dev/null 2>&1; then
  have="$(minor_of "$(command -v go)")"
  if [ -n "$have" ] && [ "$have" -ge "$need_minor" ]; then
    dirname "$(command -v go)"
    exit 0
  fi
fi

bootstrap="$(command -v go || true)"
if [ -z "$bootstrap" ]; then
  echo "install-go: no Go on this machine; bootstrapping with Debian's golang-go" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq golang-go >&2
  bootstrap=/usr/bin/go
fi
case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "install-go: no Go toolchain for $(uname -m)" >&2; exit 1 ;;
esac
module="golang.org/toolchain@v0.0.1-go$GO_VERSION.linux-$arch"
echo "install-go: fetching $module from the Go module proxy" >&2
work="$(mktemp -d)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
(cd "$work" && GOPATH="$work/gopath" GOMODCACHE="$work/mod" GOFLAGS=-mod=mod GOTOOLCHAIN=local \
  "$bootstrap" mod download "$module" >&2)
mkdir -p "$tools"
rm -rf "$tools/go.tmp"
cp -r "$work/mod/$module" "$tools/go.tmp"
chmod -R u+w "$tools/go.tmp"
# a module zip keeps no file modes: the tools must be made executable again, as Go does when it switches
chmod +x "$tools/go.tmp/bin/"* "$tools/go.tmp/pkg/tool/"*/*
rm -rf "$tools/go"
mv "$tools/go.tmp" "$tools/go"
"$tools/go/bin/go" version >&2
echo "$tools/go/bin"
