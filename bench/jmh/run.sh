#!/usr/bin/env bash
# Builds and runs Shepherd's JMH microbenchmarks (bench/jmh, a standalone Maven project that the
# root build ignores). Arguments go to JMH, e.g.:
#   bench/jmh/run.sh                              # all benchmarks, default forks/iterations
#   bench/jmh/run.sh RequestBench -p size=1k      # one class, one parameter value
#   bench/jmh/run.sh SseRelayBench -prof gc       # with allocation rates
#   bench/jmh/run.sh -l                           # list benchmarks
# Env: REBUILD=1 rebuilds target/shepherd.jar even if present; JAVA_HOME (JDK 25).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [[ ! -f target/shepherd.jar || "${REBUILD:-0}" == 1 ]]; then
  ./mvnw -q -DskipTests package
elif [[ -n "$(find src pom.xml -newer target/shepherd.jar -print -quit)" ]]; then
  echo "warning: target/shepherd.jar is older than the sources (REBUILD=1 rebuilds it)" >&2
fi
./mvnw -q -f bench/jmh/pom.xml package
exec "$JAVA_HOME/bin/java" -cp "bench/jmh/target/classes:bench/jmh/target/lib/*:target/shepherd.jar" \
  org.openjdk.jmh.Main "$@"
