#!/usr/bin/env bash
# The CRDs of the custom resources a chart may carry, taken from each project's own Go module at a pinned
# version (the module proxy is reachable where image registries are not), into .tools/kube/crds, so that the
# test API server validates those objects against their published schemas: the External Secrets Operator's
# ExternalSecret, Gateway API's HTTPRoute, cert-manager's Certificate, the Prometheus Operator's
# ServiceMonitor and PodMonitor. Reuses what is there while this script is unchanged.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(cd "$here/../.." && pwd)/.tools/kube/crds"
stamp="$(sha256sum < "$0" | cut -c1-16)"
[ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ] && exit 0
PATH="$(bash "$here/../install-go.sh"):$PATH"
rm -rf "$out" && mkdir -p "$out"
module() { # module@version: its directory in the module cache (any module directory serves as the go.mod context)
  (cd "$here/etcd" && GOFLAGS=-mod=mod go mod download -json "$1") | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'
}
take() { # source-file target-name
  grep -q '^kind: CustomResourceDefinition' "$1"
  cp "$1" "$out/$2.tmp" && mv -f "$out/$2.tmp" "$out/$2"
}
eso="$(module github.com/external-secrets/external-secrets@v1.3.2)"
awk 'BEGIN{RS="\n---\n"} /\n  name: externalsecrets.external-secrets.io\n/ {print}' "$eso/deploy/crds/bundle.yaml" > "$out/eso.tmp"
take "$out/eso.tmp" externalsecrets.yaml && rm -f "$out/eso.tmp"
gateway="$(module sigs.k8s.io/gateway-api@v1.6.3)"
take "$gateway/config/crd/standard/gateway.networking.k8s.io_httproutes.yaml" httproutes.yaml
certmanager="$(module github.com/cert-manager/cert-manager@v1.19.2)"
take "$certmanager/deploy/crds/cert-manager.io_certificates.yaml" certificates.yaml
prometheus="$(module github.com/prometheus-operator/prometheus-operator@v0.88.0)"
for kind in servicemonitors podmonitors; do
  take "$prometheus/example/prometheus-operator-crd/monitoring.coreos.com_$kind.yaml" "$kind.yaml"
done
echo "$stamp" > "$out/stamp"
