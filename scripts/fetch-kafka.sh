#!/usr/bin/env bash
# Fetches Apache Kafka (org.apache.kafka:kafka_2.13, the version in test/infra/kafka/pom.xml)
# and its runtime dependencies from Maven Central into .cache/kafka/lib, for the Kafka driver
# tests, which start a real broker from those jars. Idempotent: a complete cache is reused.
# Without java or mvn it says so and stops without failing: the Kafka tests then skip visibly
# with the same reason.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pom="$root/test/infra/kafka/pom.xml"
lib="$root/.cache/kafka/lib"
# The pom's version is part of the marker, so that a version bump fetches again.
version=$(sed -n 's:.*<version>\([0-9][0-9.]*\)</version>.*:\1:p' "$pom" | tail -n 1)
marker="$lib/.complete-$version"
[ -f "$marker" ] && exit 0
for tool in java mvn; do
  if ! command -v "$tool" >/dev/null; then
    echo "fetch-kafka: '$tool' is not installed; the Kafka driver tests will be skipped (install a JDK 17+ and Maven to run them)" >&2
    exit 0
  fi
done
echo "fetch-kafka: fetching Apache Kafka $version and its dependencies from Maven Central into .cache/kafka/lib"
rm -rf "$lib"
mkdir -p "$lib"
mvn -q -B -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$lib"
touch "$marker"
