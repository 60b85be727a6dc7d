#!/usr/bin/env bash
# Cuts a new API baseline: builds the baselined modules as release VERSION and puts their bundles into
# api-baseline/repository (a Maven repository in the checkout), replacing the previous baseline, then points
# reel.api.baseline.version in the root pom at it. Run it when a release is cut, from the release's sources,
# and commit what it changed. Usage: api-baseline/update.sh VERSION   (e.g. 0.2.0)
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:?usage: api-baseline/update.sh VERSION (the release, e.g. 0.2.0)}
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "not a release version (MAJOR.MINOR.MICRO): $version" >&2; exit 2; }
modules=(core-api rrd-codec viewer-store catalog/api)   # each names bnd-baseline-maven-plugin and the reel-api-baseline repository in its pom

# Bundle-Version as released (not x.y.z.SNAPSHOT); no baselining against the baseline being replaced.
mvn -B -ntp -q package -DskipTests -Dbnd.baseline.skip=true -DBundle-Version="$version" \
    -pl "$(IFS=,; echo "${modules[*]}")" -am

repository=api-baseline/repository/dev/reel
for module in "${modules[@]}"; do
  artifact=$(sed -n 's|^  <artifactId>\(.*\)</artifactId>$|\1|p' "$module/pom.xml" | head -1)
  built=$(ls "$module"/target/"$artifact"-*.jar | grep -v -e '-sources\.jar$' -e '-tests\.jar$')
  rm -rf "${repository:?}/$artifact"
  dir=$repository/$artifact/$version
  mkdir -p "$dir"
  cp "$built" "$dir/$artifact-$version.jar"
  cat > "$dir/$artifact-$version.pom" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<!-- The released API of $module, for baselining only (api-baseline/README.md): no dependencies on purpose. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.reel</groupId>
  <artifactId>$artifact</artifactId>
  <version>$version</version>
</project>
POM
  cat > "$repository/$artifact/maven-metadata.xml" <<META
<?xml version="1.0" encoding="UTF-8"?>
<metadata>
  <groupId>dev.reel</groupId>
  <artifactId>$artifact</artifactId>
  <versioning>
    <latest>$version</latest>
    <release>$version</release>
    <versions>
      <version>$version</version>
    </versions>
  </versioning>
</metadata>
META
  for file in "$dir/$artifact-$version.jar" "$dir/$artifact-$version.pom" "$repository/$artifact/maven-metadata.xml"; do
    sha1sum "$file" | cut -d' ' -f1 | tr -d '\n' > "$file.sha1"
  done
  # Maven keeps what it resolved from this repository in the local one: drop a copy of an older cut of the
  # same version, or the build would go on baselining against it.
  rm -rf "${MAVEN_LOCAL_REPOSITORY:-$HOME/.m2/repository}/dev/reel/$artifact/$version"
  echo "baseline $artifact $version: $dir"
done

sed -i "s|<reel.api.baseline.version>[^<]*</reel.api.baseline.version>|<reel.api.baseline.version>$version</reel.api.baseline.version>|" pom.xml
echo "reel.api.baseline.version is now $version in pom.xml; commit api-baseline/repository and pom.xml"
