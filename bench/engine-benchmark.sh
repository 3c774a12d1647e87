#!/usr/bin/env bash
# Benchmarks expaudit's flag evaluation engine against Amplitude's published JS engine on the same
# realistic workload (50 flags, 10,000 contexts), in one run, and prints contexts/s, flag
# evaluations/s, the Java/node ratios and bytes allocated per evaluation. See bench/README.md.
#
# Usage: bench/engine-benchmark.sh
# Settings (environment):
#   OUT_DIR           where the workload, logs and results go   (target/engine-benchmark)
#   CONTEXTS, SEED    workload size and seed                    (10000, 0x5EED2024)
#   SEMANTICS         Java semantics to measure                 (KOTLIN,JS)
#   JAVA_WARMUP, JAVA_ITERATIONS, NODE_WARMUP, NODE_ITERATIONS, ITERATION_SECONDS
#                                                               (5, 5, 5, 5, 2)
#   PIN_CPU           a CPU list for taskset, e.g. 1: runs node and the JMH fork pinned to it
#   MIN_RATIO         exit 1 when Java (JS semantics) / node is below it (unset: report only)
#   JMH_PROFILERS     extra JMH profilers, space separated, e.g. "jfr:dir=/tmp/jfr;configName=profile"
#   VERBOSE=1         show JMH's full output instead of a progress summary
# Exit status: 0 done; 1 assignment digests differ or MIN_RATIO not met; 3 a tool is missing;
# other: a build or run step failed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT_DIR=${OUT_DIR:-$ROOT/target/engine-benchmark}
CONTEXTS=${CONTEXTS:-10000}
SEED=${SEED:-0x5EED2024}
SEMANTICS=${SEMANTICS:-KOTLIN,JS}
JAVA_WARMUP=${JAVA_WARMUP:-5}
JAVA_ITERATIONS=${JAVA_ITERATIONS:-5}
NODE_WARMUP=${NODE_WARMUP:-5}
NODE_ITERATIONS=${NODE_ITERATIONS:-5}
ITERATION_SECONDS=${ITERATION_SECONDS:-2}
NODE_DIR=$ROOT/src/test/node

die() {
  local code=$1
  shift
  echo "engine-benchmark: $*" >&2
  exit "$code"
}

command -v node >/dev/null 2>&1 \
  || die 3 "node is not on PATH. The comparison runs Amplitude's JS engine under Node.js (18 or later); install it (https://nodejs.org or your package manager) and re-run."
command -v java >/dev/null 2>&1 || die 3 "java is not on PATH (JDK 17 needed)."
command -v mvn >/dev/null 2>&1 || die 3 "mvn is not on PATH (Maven needed to build the test classes)."
PIN=()
if [[ -n ${PIN_CPU:-} ]]; then
  command -v taskset >/dev/null 2>&1 || die 3 "PIN_CPU is set but taskset (util-linux) is not installed."
  PIN=(taskset -c "$PIN_CPU")
fi
mkdir -p "$OUT_DIR"

# 1. Amplitude's JS engine, pinned in src/test/node/package.json
if [[ ! -f $NODE_DIR/node_modules/@amplitude/experiment-core/package.json ]]; then
  command -v npm >/dev/null 2>&1 || die 3 "npm is not on PATH; it is needed once to install src/test/node (npm ci)."
  echo "== installing the JS engine (npm ci in src/test/node)" >&2
  (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi

# 2. test classes, rebuilt when any source or the pom is newer than the last build
STAMP=$OUT_DIR/.test-compile.stamp
if [[ ! -f $STAMP || ! -f $ROOT/target/test-classes/io/expaudit/bench/EngineBenchmarkMain.class \
      || -n $(find "$ROOT/src/main" "$ROOT/src/test/java" "$ROOT/pom.xml" -newer "$STAMP" -print -quit) ]]; then
  echo "== compiling (mvn test-compile)" >&2
  touch "$STAMP.new"
  mvn -q -B -ntp -DskipTests test-compile >&2
  mv "$STAMP.new" "$STAMP"
fi
CLASSPATH_FILE=$OUT_DIR/test-classpath.txt
if [[ ! -s $CLASSPATH_FILE || $ROOT/pom.xml -nt $CLASSPATH_FILE ]]; then
  echo "== resolving the test classpath (mvn dependency:build-classpath)" >&2
  mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$CLASSPATH_FILE" >&2
fi
# Run from a private copy of the compiled classes: a concurrent `mvn compile`/`clean` in this
# checkout would otherwise swap classes (or JMH's generated ones) out from under the JMH fork.
SNAPSHOT=$(mktemp -d "${TMPDIR:-/tmp}/engine-benchmark.XXXXXX")
trap 'rm -rf "$SNAPSHOT"' EXIT
cp -r "$ROOT/target/classes" "$SNAPSHOT/classes"
cp -r "$ROOT/target/test-classes" "$SNAPSHOT/test-classes"
CP=$SNAPSHOT/test-classes:$SNAPSHOT/classes:$(cat "$CLASSPATH_FILE")

# Two cores are easily disturbed: say so when something else is already running.
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "n/a")
CORES=$(nproc 2>/dev/null || echo "?")
if awk -v l="${LOAD_BEFORE%% *}" 'BEGIN { exit !(l + 0 > 0.5) }' 2>/dev/null; then
  echo "engine-benchmark: WARNING: load average is $LOAD_BEFORE on $CORES cores before starting;" \
    "other processes will lower and scatter the figures." >&2
fi

# 3. the workload
WORKLOAD=$OUT_DIR/workload
java -cp "$CP" io.expaudit.bench.RealisticWorkload "$WORKLOAD" --contexts "$CONTEXTS" --seed "$SEED"

# 4. node: Amplitude's engine on the same files
echo "== node: @amplitude/experiment-core, ${NODE_WARMUP}x${ITERATION_SECONDS}s warmup, ${NODE_ITERATIONS}x${ITERATION_SECONDS}s measured" >&2
"${PIN[@]}" node "$NODE_DIR/bench-js-engine.mjs" "$WORKLOAD" \
  --warmup-iterations="$NODE_WARMUP" --iterations="$NODE_ITERATIONS" --time="$ITERATION_SECONDS" \
  >"$OUT_DIR/node-result.json"

# 5. Java: JMH (fork 1, GC profiler), then the table with the node figures
echo "== java: JMH EngineBenchmark [$SEMANTICS], ${JAVA_WARMUP}x${ITERATION_SECONDS}s warmup, ${JAVA_ITERATIONS}x${ITERATION_SECONDS}s measured (log: $OUT_DIR/jmh.log)" >&2
ARGS=(--workload "$WORKLOAD" --node-result "$OUT_DIR/node-result.json" --semantics "$SEMANTICS"
  --warmup-iterations "$JAVA_WARMUP" --iterations "$JAVA_ITERATIONS" --time "$ITERATION_SECONDS"
  --json "$OUT_DIR/jmh-result.json" --report "$OUT_DIR/report.txt")
[[ -n ${MIN_RATIO:-} ]] && ARGS+=(--min-ratio "$MIN_RATIO")
for p in ${JMH_PROFILERS:-}; do ARGS+=(--profiler "$p"); done
rm -f "$OUT_DIR/report.txt"
set +e
if [[ ${VERBOSE:-0} == 1 ]]; then
  "${PIN[@]}" java -cp "$CP" io.expaudit.bench.EngineBenchmarkMain "${ARGS[@]}" 2>&1 | tee "$OUT_DIR/jmh.log"
  status=${PIPESTATUS[0]}
else
  "${PIN[@]}" java -cp "$CP" io.expaudit.bench.EngineBenchmarkMain "${ARGS[@]}" >"$OUT_DIR/jmh.log" 2>&1 &
  pid=$!
  tail -n +1 -f "$OUT_DIR/jmh.log" --pid="$pid" 2>/dev/null \
    | grep --line-buffered -E '^# (Parameters|Warmup Iteration|Run progress)|^Iteration' >&2
  wait "$pid"
  status=$?
  [[ -f $OUT_DIR/report.txt ]] && { echo; cat "$OUT_DIR/report.txt"; }
fi
set -e
if [[ -f $OUT_DIR/report.txt ]]; then
  LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "n/a")
  line="machine: $CORES cores ($(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //')); load average before $LOAD_BEFORE, after $LOAD_AFTER${PIN_CPU:+; pinned to CPU $PIN_CPU}"
  echo "$line" >>"$OUT_DIR/report.txt"
  echo "$line"
fi
if [[ ! -f $OUT_DIR/report.txt ]]; then
  echo "engine-benchmark: the JMH run failed (exit $status); see $OUT_DIR/jmh.log" >&2
  tail -n 30 "$OUT_DIR/jmh.log" >&2
  exit "$status"
fi
echo
echo "results: $OUT_DIR/{report.txt,jmh-result.json,node-result.json,jmh.log}"
exit "$status"
