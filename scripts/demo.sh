#!/usr/bin/env bash
# The main job on this machine: starts what is missing (Docker engine, base images, registries),
# builds the plugin, and takes the sample service (samples/delivery) through the pipeline goals:
# context, build (test image and runtime image), test (in the container, no network), verify.
# Then prints what was built and what the tests said.
#
#   scripts/demo.sh                       # as a build of the trunk (stage main)
#   scripts/demo.sh release/delivery/v1.0.2   # as a release branch (image tagged v1.0.2)
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
branch=${1:-main}
cd "$repo"

scripts/local-env.sh up
echo "[demo] building the plugin"
mvn -B -q install -DskipTests -Dinvoker.skip

echo "[demo] mvn verify on samples/delivery as branch $branch"
mvn -B -f samples/delivery/pom.xml verify -Dcicd.branch="$branch" | grep -v 'Download'

out=samples/delivery/target/cicd
echo
echo "[demo] what was built:"
for image in $(sed -n 's/.*"reference" : "\(.*\)".*/\1/p' "$out/images.json"); do
  docker image inspect --format "  image $image  {{.Id}}  {{.Size}} bytes, user {{.Config.User}}" "$image"
done
echo "[demo] what the tests said:"
sed -n 's/.*"message" : "\(.*\)".*/  \1/p' "$out/test-summary.json"
echo "  JUnit reports: $out/test-results/"
echo "  pipeline context: $out/context.json"
