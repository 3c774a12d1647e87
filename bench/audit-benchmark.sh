#!/usr/bin/env bash
# The audit against a baseline Spark job that only reads the same files and groups them by user,
# on generated worlds of 1M and 10M events (override: bench/audit-benchmark.sh 1000000,5000000),
# and against a reference job that reads the fields the audit reads and groups the events by user.
# Each job runs AUDIT_BENCH_RUNS times (default 2), in reversed order every other time; the tables
# give each job's best run and stderr every run (whole runs vary here by 15-25 %).
# AUDIT_BENCH_STAGES=1 also prints each audit's progress and Spark stages (bench/README.md).
# Worlds are generated once into target/audit-benchmark/ and reused. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
sizes="${1:-1000000,10000000}"
mvn -q -B -ntp -DskipTests test-compile
cp_file=target/audit-benchmark.classpath
mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
opens=$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' pom.xml | head -1)
mkdir -p target/audit-benchmark
# shellcheck disable=SC2086
exec java -Xmx${AUDIT_BENCH_HEAP:-12g} $opens -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
  io.expaudit.bench.AuditBenchmark target/audit-benchmark "$sizes" "${AUDIT_BENCH_RUNS:-2}"
