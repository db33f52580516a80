#!/usr/bin/env bash
# Installs the pinned Redocly CLI (the OpenAPI linter the API contract is held to) into .tools/redocly from npm,
# reusing it when present.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="$root/.tools/redocly"
version=2.77.0
if [ -x "$target/node_modules/.bin/redocly" ] && [ "$(cat "$target/version" 2>/dev/null)" = "$version" ]; then
  exit 0
fi
rm -rf "$target"
mkdir -p "$target"
npm install --silent --no-audit --no-fund --prefix "$target" "@redocly/cli@$version" >&2
echo "$version" > "$target/version"
