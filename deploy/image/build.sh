#!/usr/bin/env bash
# chartsec's container image, built without Docker and without pulling any image (no registry is reachable
# here): a root filesystem made from Debian's packages by mmdebstrap (bookworm, essential variant, the
# headless JRE 17), the service's fast-jar in /app, assembled into an OCI image layout by umoci and written
# as one tarball. It runs as user 10001 and needs no writable path but /tmp (the chart's emptyDir).
#
#   deploy/image/build.sh [OUT]      (OUT: default target/image; build the service first: ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-target/image}"
app=target/quarkus-app
[ -f "$app/quarkus-run.jar" ] || { echo "deploy/image/build.sh: no $app/quarkus-run.jar; run ./mvnw package -DskipTests first" >&2; exit 2; }
for tool in mmdebstrap umoci; do
  command -v "$tool" >/dev/null || { echo "deploy/image/build.sh: $tool is missing (apt-get install $tool)" >&2; exit 2; }
done
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"

# The root filesystem: kept in the ignored tools folder while its recipe is unchanged (about 35 s to make).
packages="openjdk-17-jre-headless"
recipe="bookworm essential $packages no-doc no-locale"
cache=.tools/image
mkdir -p "$cache"
if [ ! -f "$cache/rootfs.tar" ] || [ "$(cat "$cache/rootfs.recipe" 2>/dev/null)" != "$recipe" ]; then
  # mmdebstrap picks its output format by the name's extension: the partial file must end in .tar too
  rm -rf "$cache/rootfs.tar" "$cache/rootfs.part.tar"
  mmdebstrap --quiet --variant=essential --include="$packages" \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    bookworm "$cache/rootfs.part.tar"
  mv "$cache/rootfs.part.tar" "$cache/rootfs.tar"
  echo "$recipe" > "$cache/rootfs.recipe"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
umoci init --layout "$work/oci"
umoci new --image "$work/oci:$version"
umoci unpack --image "$work/oci:$version" "$work/bundle"
tar -xf "$cache/rootfs.tar" -C "$work/bundle/rootfs"
mkdir -p "$work/bundle/rootfs/app"
# the launcher's JDK 25 start-up archives stay out: the image's JRE is 17 and starts without them
tar -C "$app" --exclude='*.aot' --exclude='*.aot.stamp' -cf - . | tar -C "$work/bundle/rootfs/app" -xf -
# the user the pod runs as, named, so that tools that look it up find it
echo "chartsec:x:10001:10001:chartsec:/tmp:/usr/sbin/nologin" >> "$work/bundle/rootfs/etc/passwd"
echo "chartsec:x:10001:" >> "$work/bundle/rootfs/etc/group"
umoci repack --image "$work/oci:$version" "$work/bundle"
umoci config --image "$work/oci:$version" \
  --author chartsec --config.user 10001:10001 --config.workingdir /app \
  --config.entrypoint java --config.entrypoint -XX:+UseSerialGC --config.entrypoint -XX:MaxRAMPercentage=75 \
  --config.entrypoint -XX:-UsePerfData --config.entrypoint -jar --config.entrypoint /app/quarkus-run.jar \
  --config.cmd serve --config.cmd --host --config.cmd 0.0.0.0 --config.cmd --management-host --config.cmd 0.0.0.0 \
  --config.exposedports 8080/tcp --config.exposedports 9000/tcp \
  --config.label "org.opencontainers.image.title=chartsec" --config.label "org.opencontainers.image.version=$version"
umoci gc --layout "$work/oci"

mkdir -p "$out"
tar -C "$work/oci" -cf "$out/chartsec-$version-oci.tar" .
echo "image: $out/chartsec-$version-oci.tar ($(du -m "$out/chartsec-$version-oci.tar" | cut -f1) MB, OCI layout, tag $version)"
