#!/usr/bin/env bash
# Builds what a real node needs beside the control plane (tools/kube/build.sh node builds kubelet,
# kube-scheduler and kube-proxy) into .tools/node: kube-network-policies (the NetworkPolicy enforcer, with
# kube-network-policies.patch applied: see its header), CoreDNS (the cluster DNS, run as a pod), crane (the local
# registry the node pulls every image from), the test application (testapp/), and busybox 1.37.0 (the connection
# test's image, docker.io/library/busybox:1.37.0), built from its source as that image is: the default
# configuration, static. Reuses what is there while the inputs have not changed. Warm Go cache: about 40 s (busybox);
# cold: about 4 minutes on 2 cores.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(cd "$here/../.." && pwd)/.tools/node"
KNP_VERSION=v0.8.0
COREDNS_VERSION=v1.15.0
CRANE_VERSION=v0.22.1
# busybox's own release tarball, as Debian's archive keeps it (Debian's builds differ from the image: 1.35's
# `wget -T` crashes, busybox-static's nc has no -z; the connection test uses both)
BUSYBOX_TARBALL=pool/main/b/busybox/busybox_1.37.0.orig.tar.bz2
BUSYBOX_SHA256=3311dff32e746499f4df0d5df04d7eb396382d7e108bb9250e7b519b837043a4
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

stamp="$(cat "$here/build.sh" "$here/kube-network-policies.patch" "$here"/testapp/* | sha256sum | cut -c1-16)"
[ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ] && exit 0
rm -rf "$out/bin"
mkdir -p "$out/bin"
PATH="$(bash "$here/../install-go.sh"):$PATH"
export CGO_ENABLED=0
started=$SECONDS

# kube-network-policies: its module, patched, built with its own go.mod and go.sum
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
src="$(GOFLAGS=-mod=mod go mod download -json "sigs.k8s.io/kube-network-policies@$KNP_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
cp -r "$src" "$work/knp" && chmod -R u+w "$work/knp"
patch -s -d "$work/knp" -p1 < "$here/kube-network-policies.patch"
(cd "$work/knp" && go build -trimpath -ldflags "-s -w" -o "$out/bin/kube-network-policies" ./cmd)

GOFLAGS=-mod=mod GOBIN="$out/bin" go install -trimpath -ldflags "-s -w" "github.com/coredns/coredns@$COREDNS_VERSION"
GOFLAGS=-mod=mod GOBIN="$out/bin" go install -trimpath -ldflags "-s -w" "github.com/google/go-containerregistry/cmd/crane@$CRANE_VERSION"
(cd "$here/testapp" && go build -trimpath -ldflags "-s -w" -o "$out/bin/testapp" .)

curl -fsS -o "$work/busybox.tar.bz2" "$DEBIAN_MIRROR/$BUSYBOX_TARBALL"
echo "$BUSYBOX_SHA256  $work/busybox.tar.bz2" | sha256sum -c --quiet
tar -C "$work" -xjf "$work/busybox.tar.bz2"
(
  cd "$work/busybox-1.37.0"
  make defconfig > /dev/null
  # static, like the image; without tc, which no longer builds against current kernel headers (and no test uses)
  sed -i 's/^# CONFIG_STATIC is not set/CONFIG_STATIC=y/; s/^CONFIG_TC=y/# CONFIG_TC is not set/' .config
  { yes "" || true; } | make oldconfig > /dev/null 2>&1
  make -j"$(nproc)" busybox > "$work/busybox.log" 2>&1 || { tail -20 "$work/busybox.log" >&2; exit 1; }
)
cp "$work/busybox-1.37.0/busybox" "$out/bin/busybox"

echo "$stamp" > "$out/stamp"
echo "node: built kube-network-policies, coredns, crane, testapp and busybox in $((SECONDS - started)) s" >&2
