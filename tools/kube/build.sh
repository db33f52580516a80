#!/usr/bin/env bash
# Builds the real Kubernetes the integration tests install charts on: kube-apiserver, kube-controller-manager
# and kubectl of Kubernetes $KUBE_VERSION (from the published k8s.io/kubernetes module, through the wrapper in
# control-plane/) and etcd (etcd/), into .tools/kube/bin, with cyclonus (the independent NetworkPolicy engine
# the truth tables are computed by). With "node" as an argument it also builds kubelet, kube-scheduler and
# kube-proxy. Reuses what is there when the wrapper modules and this script have not changed.
# Cold on 2 cores (empty Go module and build caches): about 5 minutes with "node" (kube-apiserver about 3);
# warm Go build cache: about a minute.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(cd "$here/../.." && pwd)/.tools/kube"
KUBE_VERSION="$(sed -n 's/^require k8s.io\/kubernetes \(v[0-9.]*\)$/\1/p' "$here/control-plane/go.mod")"
CYCLONUS_VERSION=v0.5.6
commands=(kube-apiserver kube-controller-manager kubectl)
[ "${1:-}" = node ] && commands+=(kubelet kube-scheduler kube-proxy)
# What the binaries depend on: the modules and how they are built (not this script's comments).
build_inputs="CGO_ENABLED=0 -trimpath -s -w version-ldflags cyclonus=$CYCLONUS_VERSION"
stamp="$(cat "$here"/control-plane/go.* "$here"/etcd/go.* <(echo "$build_inputs") | sha256sum | cut -c1-16)"
[ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ] || rm -rf "$out/bin"

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
if [ ! -x "$out/bin/cyclonus" ]; then
  GOFLAGS=-mod=mod GOBIN="$out/bin" go install -trimpath "github.com/mattfenwick/cyclonus/cmd/cyclonus@$CYCLONUS_VERSION"
fi
bash "$here/crds.sh"
echo "$stamp" > "$out/stamp"
echo "$KUBE_VERSION" > "$out/version"
