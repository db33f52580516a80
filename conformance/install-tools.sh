#!/usr/bin/env bash
# Installs the pinned scanners the conformance suite runs, into .tools/ (git-ignored), reusing what is
# there. Each comes from its ordinary registry by package name. A scanner that cannot be installed here
# is recorded in .tools/unavailable/NAME with the reason, and the suite reports it as not run.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools"
mkdir -p "$tools/unavailable"

KUBE_SCORE=v1.20.0
KUBESEC=v2.14.2
CHECKOV=3.3.30
POLARIS=v9.6.1
TRIVY=v0.74.0

bash "$root/tools/install-helm.sh" || exit 1
PATH="$(bash "$root/tools/install-go.sh")":$PATH || exit 1

if ! "$tools/checkov/bin/checkov" --version 2>/dev/null | grep -qx "$CHECKOV"; then
  rm -rf "$tools/checkov"
  python3 -m venv "$tools/checkov" && "$tools/checkov/bin/pip" install -q "checkov==$CHECKOV" || exit 1
fi

if ! "$tools/kube-score" version 2>/dev/null | grep -q "${KUBE_SCORE#v}"; then
  GOBIN="$tools" go install "github.com/zegl/kube-score/cmd/kube-score@$KUBE_SCORE" || exit 1
fi

# Trivy builds from the Go module proxy only with GOEXPERIMENT=jsonv2 (several minutes cold); its
# Kubernetes checks are embedded and run offline with --skip-check-update.
# (A build from the proxy says "Version: dev": the pinned version is recorded beside it.)
if [ ! -x "$tools/trivy" ] || [ "$(cat "$tools/trivy.version" 2>/dev/null)" != "$TRIVY" ]; then
  GOEXPERIMENT=jsonv2 GOBIN="$tools" go install "github.com/aquasecurity/trivy/cmd/trivy@$TRIVY" || exit 1
  echo "$TRIVY" > "$tools/trivy.version"
fi

# kubesec: `go install pkg@version` asks the proxy for the module's version list, which it refuses;
# building it as the dependency of a tiny module asks only for the pinned version.
if [ ! -x "$tools/kubesec" ] || [ "$(cat "$tools/kubesec.version" 2>/dev/null)" != "$KUBESEC" ]; then
  work="$(mktemp -d)"
  printf 'module chartsec.tools/kubesec\n\ngo 1.23\n\nrequire github.com/controlplaneio/kubesec/v2 %s\n' "$KUBESEC" > "$work/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/controlplaneio/kubesec/v2"\n' > "$work/tools.go"
  (cd "$work" && GOFLAGS=-mod=mod go mod tidy && GOFLAGS=-mod=mod go build -o "$tools/kubesec" github.com/controlplaneio/kubesec/v2) || exit 1
  echo "$KUBESEC" > "$tools/kubesec.version"
  rm -rf "$work"
fi
# kubesec validates every object against JSON schemas it downloads, which cannot be reached here. It gets
# accept-all local schemas instead; the strict schema validation is chartsec's own (the Kubernetes model).
schemas="$tools/kubesec-schemas/master-standalone-strict"
mkdir -p "$schemas"
for kind in deployment-apps-v1 pod-v1 service-v1 serviceaccount-v1 secret-v1 namespace-v1 \
    networkpolicy-networking-v1 poddisruptionbudget-policy-v1 ingress-networking-v1 \
    horizontalpodautoscaler-autoscaling-v2 role-rbac-v1 rolebinding-rbac-v1 configmap-v1 \
    statefulset-apps-v1 cronjob-batch-v1 job-batch-v1 persistentvolumeclaim-v1; do
  [ -f "$schemas/$kind.json" ] || echo '{}' > "$schemas/$kind.json"
done

# Polaris: its go.mod names the module github.com/fairwindsops/polaris with no major-version suffix,
# so its v9 tags cannot be installed by version, and the module proxy here refuses every request for it.
if [ ! -x "$tools/polaris" ]; then
  if GOBIN="$tools" go install "github.com/fairwindsops/polaris@$POLARIS" 2>"$tools/unavailable/polaris.log"; then
    rm -f "$tools/unavailable/polaris"
  else
    echo "go install github.com/fairwindsops/polaris@$POLARIS failed: $(tail -n 2 "$tools/unavailable/polaris.log" | tr '\n' ' ')" \
      > "$tools/unavailable/polaris"
  fi
fi
# kube-linter: its module path golang.stackrox.io/kube-linter is refused by the module proxy.
[ -x "$tools/kube-linter" ] || echo "the module proxy refuses golang.stackrox.io/kube-linter" > "$tools/unavailable/kube-linter"

echo "checkov $("$tools/checkov/bin/checkov" --version), kube-score $KUBE_SCORE, kubesec $KUBESEC;" \
  "not available: $(ls "$tools/unavailable" | grep -v '\.log$' | tr '\n' ' ')"
