#!/usr/bin/env bash
# Builds the Pod Security referee (the upstream evaluator, main.go) into .tools/pss-oracle/ and copies the
# upstream admission test pods (test/testdata of the same pinned k8s.io/pod-security-admission module) beside
# it, for the fixture and differential tests. Reuses both when the sources have not changed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(cd "$here/../.." && pwd)/.tools/pss-oracle"
stamp="$(cat "$here/go.mod" "$here/go.sum" "$here/main.go" | sha256sum | cut -c1-16)"
if [ -x "$out/pss-oracle" ] && [ -d "$out/testdata" ] && [ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi
PATH="$(bash "$here/../install-go.sh"):$PATH"
mkdir -p "$out"
cd "$here"
CGO_ENABLED=0 go build -trimpath -o "$out/pss-oracle.tmp" .
mv -f "$out/pss-oracle.tmp" "$out/pss-oracle"
module_dir="$(go list -m -f '{{.Dir}}' k8s.io/pod-security-admission)"
rm -rf "$out/testdata.tmp"
cp -r "$module_dir/test/testdata" "$out/testdata.tmp"
cp "$module_dir/LICENSE" "$out/testdata.tmp/LICENSE"
chmod -R u+w "$out/testdata.tmp"
rm -rf "$out/testdata"
mv "$out/testdata.tmp" "$out/testdata"
echo "$stamp" > "$out/stamp"
echo "pss-oracle: $(ls "$out/testdata" | tr '\n' ' ')($(find "$out/testdata" -name '*.yaml' | wc -l) fixtures)"
