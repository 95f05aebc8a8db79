#!/usr/bin/env bash
# Runs the benchmarks and prints their figures.
#   bench/run.sh build   cicd:build against docker build (warm cache)
#   bench/run.sh trx     TRX to JUnit, 100,000 results, time and peak heap (-Xmx64m)
#   bench/run.sh push    push of a ~100 MB image: plugin against docker push, then a second push
#   bench/run.sh promote the promotion copy of a ~200 MB image: cicd, pull/tag/push, skopeo
#   bench/run.sh scan    scan of ~2,000 packages against ~50,000 advisories, against exporting the image (-Xmx128m)
#   bench/run.sh monorepo  30-service reactor, one service changed, against all; plan on 10,000 commits
#   bench/run.sh         all of them
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
scripts/local-env.sh up >/dev/null
mvn -B -q install -DskipTests -Dinvoker.skip
mvn -B -q -f bench/pom.xml package -DskipTests
mvn -B -q -f bench/pom.xml dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
cp=$(cat bench/target/classpath.txt):bench/target/classes

what=${1:-all}
if [ "$what" = build ] || [ "$what" = all ]; then
  java -cp "$cp" dev.cicd.bench.BuildBenchmark samples/delivery "${RUNS:-10}"
fi
if [ "$what" = trx ] || [ "$what" = all ]; then
  java -Xmx64m -cp "$cp" dev.cicd.bench.TrxBenchmark 100000
fi
if [ "$what" = push ] || [ "$what" = all ]; then
  java -cp "$cp" dev.cicd.bench.PushBenchmark 127.0.0.1:5000 "${RUNS_PUSH:-6}"
fi
if [ "$what" = promote ] || [ "$what" = all ]; then
  java -cp "$cp" dev.cicd.bench.PromoteBenchmark "${RUNS_PROMOTE:-3}" .local/ca/ca.crt
fi
if [ "$what" = scan ] || [ "$what" = all ]; then
  java -Xmx128m -cp "$cp" dev.cicd.bench.ScanBenchmark "${RUNS_SCAN:-3}"
fi
if [ "$what" = monorepo ] || [ "$what" = all ]; then
  java -cp "$cp" dev.cicd.bench.MonorepoBenchmark "${RUNS_MONOREPO:-3}" 30 10000
fi
