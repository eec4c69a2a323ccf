#!/usr/bin/env bash
# Builds tensor + benchmarks offline and runs a JMH benchmark class (or the SGEMM table) on a JDK >= 25.
#   benchmarks/run.sh                      # SGEMM + conv GEMM table: GFLOP/s of Axial and OpenBLAS, ratio
#   benchmarks/run.sh table SgemmBench 1024,2048
#   benchmarks/run.sh jmh CopyBandwidthBench -f 1 -wi 2 -i 3 -w 1s -r 1s
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -q -B -o package dependency:build-classpath -pl tensor,benchmarks -am -DskipTests \
    -Dmdep.outputFile=target/classpath.txt
CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
JAVA=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp "$CP")
mode="${1:-table}"
shift || true
if [ "$mode" = jmh ]; then
    exec "${JAVA[@]}" org.openjdk.jmh.Main "$@"
else
    exec "${JAVA[@]}" dev.axial.benchmarks.SgemmTable "$@"
fi
