#!/usr/bin/env bash
# Validity and power of the SRM tests by simulation (io.expaudit.bench.SrmSimulation): A/A worlds
# for the false-positive rates of the fixed test at one look, the sequential test looked at every
# night for 30 nights and the fixed test under the same nightly peeking; worlds with 1 % and 2 % of
# one arm's units lost at 10k, 100k and 1M units for the detection rates. Prints Markdown tables
# (the ones in the README's "SRM statistics: validity and power").
#
# Usage: bench/srm-simulation.sh [AA_WORLDS [POWER_WORLDS [SEED]]]   (200000 10000 20261116)
# Took 3.5 minutes on 2 cores busy with other builds, with the defaults. Same seed, same figures.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
aa_worlds="${1:-200000}"
power_worlds="${2:-10000}"
seed="${3:-20261116}"
mvn -q -B -ntp -DskipTests test-compile
cp_file=target/srm-simulation.classpath
if [[ ! -s $cp_file || pom.xml -nt $cp_file ]]; then
  mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
fi
exec java -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
  io.expaudit.bench.SrmSimulation "$aa_worlds" "$power_worlds" "$seed"
