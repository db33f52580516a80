#!/usr/bin/env bash
# The conformance suite: installs the pinned scanners (reusing .tools/), generates every chart of the
# answer matrix with the packaged CLI, scans each, writes target/conformance/report.md, and fails on any
# finding conformance/exemptions.yaml does not explain.
set -euo pipefail
cd "$(dirname "$0")/.."
bash conformance/install-tools.sh
./mvnw -B verify -Pconformance
echo "report: target/conformance/report.md"
