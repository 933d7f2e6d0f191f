#!/usr/bin/env bash
# Router benchmark: route establishment time and heap per route for 1k and 10k nodes, CPU per 1k Updates/s, and
# whole simulated networks on one virtual clock. Not a test: it prints figures (see bench/README.md).
# Usage: bench/router.sh [scenario n]...   default: single 1000 single 10000 single 100000 cpu 1000 cpu 10000
#                                                  cpu 50000 mesh 500 mesh 1000
# Env: HEAP (default 8g) = -Xmx of the benchmark JVM; JAVA (default java).
set -euo pipefail
root="$(cd -- "$(dirname -- "$(readlink -f -- "$0")")/.." && pwd)"
cd "$root"
mvn() { ./mvnw -B -q -o "$@" 2>/dev/null || ./mvnw -B -q "$@"; }   # offline when the local repository has it all
# Build core and its test classes (the harness lives next to the simulation it reuses), then its test classpath.
mvn -pl src/core -am install -DskipTests
cpfile="$(mktemp)"
trap 'rm -f "$cpfile"' EXIT
mvn -pl src/core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile"
args=("$@")
if [ ${#args[@]} -eq 0 ]; then
  args=(single 1000 single 10000 single 100000 cpu 1000 cpu 10000 cpu 50000 mesh 500 mesh 1000)
fi
echo "# $(date -u +%FT%TZ) $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg), heap ${HEAP:-8g}," \
  "$(${JAVA:-java} -version 2>&1 | head -1)"
exec "${JAVA:-java}" -Xmx"${HEAP:-8g}" -XX:+UseParallelGC \
  -cp "src/core/target/test-classes:src/core/target/classes:$(cat "$cpfile")" \
  dev.mycelium.core.sim.RouterBench "${args[@]}"
