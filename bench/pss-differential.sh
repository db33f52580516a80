#!/usr/bin/env bash
# chartsec's Pod Security engine against the upstream evaluator on a million verdicts (the differential test
# of the README's test command, run on 12,821 seeded pods x 78 level/version pairs instead of 1,500).
# Usage: bench/pss-differential.sh [PODS] [SEED]; prints the verdicts compared, differences and the time.
set -euo pipefail
cd "$(dirname "$0")/.."
pods="${1:-12821}"
seed="${2:-$(date +%s)}"
bash tools/pss-oracle/build.sh
./mvnw -B -q test -Dtest='PodSecurityDifferentialTest#chartsecGivesTheUpstreamEvaluatorsVerdicts' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dchartsec.pss.pods="$pods" -Dchartsec.pss.seed="$seed" 2>&1 \
  | grep -E '^pss differential|Tests run|FAIL|pod [0-9]+' || true
echo "seed: $seed"
