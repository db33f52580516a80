#!/usr/bin/env bash
# JMH benchmark of chart generation in memory, on one benchmark thread (one core's worth of work; the
# JIT and GC keep their own threads). Prints JMH's own table.
# Usage: bench/jmh.sh [extra JMH arguments, e.g. -wi 3 -i 3]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile -DskipTests
cp_file=target/bench.classpath
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
cp="target/test-classes:target/classes:$(cat "$cp_file")"
java -cp "$cp" org.openjdk.jmh.Main "${BENCH:-dev.chartsec.bench.GenerationBenchmark}" -t 1 "$@"
