#!/usr/bin/env bash
# Builds the real Kubernetes the integration tests install charts on: kube-apiserver, kube-controller-manager
# and kubectl of Kubernetes $KUBE_VERSION (from the published k8s.io/kubernetes module, through the wrapper in
# control-plane/) and etcd (etcd/), into .tools/kube/bin, with cyclonus (the independent NetworkPolicy engine
# the truth tables are computed by). With "node" as an argument it also builds kubelet, kube-scheduler and
# kube-proxy. Reuses what is there when the wrapper modules and this script have not changed.
# Cold on 2 cores: about 20 minutes (kube-apiserver alone about 15); warm Go build cache: about a minute.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(cd "$here/../.." && pwd)/.tools/kube"
KUBE_VERSION="$(sed -n 's/^require k8s.io\/kubernetes \(v[0-9.]*\)$/\1/p' "$here/control-plane/go.mod")"
CYCLONUS_VERSION=v0.5.6
commands=(kube-apiserver kube-controller-manager kubectl)
[ "${1:-}" = node ] && commands+=(kubelet kube-scheduler kube-proxy)
stamp="$(cat "$here"/control-plane/go.* "$here"/etcd/go.* "$0" | sha256sum | cut -c1-16)"
[ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ] || rm -rf "$out/bin" "$out/crds"

PATH="$(bash "$here/../install-go.sh"):$PATH"
export CGO_ENABLED=0 GOFLAGS=-mod=readonly
mkdir -p "$out/bin"
# Without the version the server reports v0.0.0-master, and a chart's kubeVersion constraint fails against it.
minor="$(echo "$KUBE_VERSION" | cut -d. -f2)"
ldflags=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done
build() { # module-dir package name
  [ -x "$out/bin/$3" ] && return 0
  local started=$SECONDS
  (cd "$here/$1" && go build -trimpath -ldflags "-s -w $ldflags" -o "$out/bin/$3.tmp" "$2")
  mv -f "$out/bin/$3.tmp" "$out/bin/$3"
  echo "kube: built $3 in $((SECONDS - started)) s" >&2
}
build etcd go.etcd.io/etcd/server/v3 etcd
for c in "${commands[@]}"; do build control-plane "k8s.io/kubernetes/cmd/$c" "$c"; done
# The CRDs of the custom resources a chart may carry, from the projects' own modules, so that the API server
# validates those objects against their published schemas: the External Secrets Operator's ExternalSecret.
ESO_VERSION=v1.3.2
if [ ! -s "$out/crds/externalsecrets.yaml" ]; then
  mkdir -p "$out/crds"
  eso="$(cd "$here/etcd" && go mod download -json "github.com/external-secrets/external-secrets@$ESO_VERSION" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  awk 'BEGIN{RS="\n---\n"} /\n  name: externalsecrets.external-secrets.io\n/ {print}' "$eso/deploy/crds/bundle.yaml" \
    > "$out/crds/externalsecrets.yaml.tmp"
  grep -q '^kind: CustomResourceDefinition' "$out/crds/externalsecrets.yaml.tmp"
  mv -f "$out/crds/externalsecrets.yaml.tmp" "$out/crds/externalsecrets.yaml"
fi
if [ ! -x "$out/bin/cyclonus" ]; then
  GOFLAGS=-mod=mod GOBIN="$out/bin" go install -trimpath "github.com/mattfenwick/cyclonus/cmd/cyclonus@$CYCLONUS_VERSION"
fi
echo "$stamp" > "$out/stamp"
echo "$KUBE_VERSION" > "$out/version"
