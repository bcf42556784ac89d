#!/usr/bin/env bash
# Build the lab's systemd container image for one Debian release from debootstrap,
# and import it into podman as localhost/homelab-ipv6-lab:<release>.
#
# The image carries a label with the hash of this recipe; when an image with the
# same hash already exists nothing is rebuilt, so running this twice is cheap.
set -euo pipefail

release=${1:?usage: build.sh <debian release, e.g. bookworm or trixie>}
mirror=${LAB_MIRROR:-http://deb.debian.org/debian}
image="localhost/homelab-ipv6-lab:${release}"
label=org.homelab-ipv6.recipe

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lab/debian-apt.sh
source "$here/../debian-apt.sh"
# packages-<release>.txt: what only that release has (clatd is packaged from trixie on).
release_packages="$here/packages-$release.txt"
[[ -f "$release_packages" ]] || release_packages=/dev/null
packages=$(cat "$here/packages.txt" "$release_packages" | grep -v '^#' | xargs | tr ' ' ',')
recipe_hash=$( { cat "$0" "$here/packages.txt" "$release_packages" "$here/../debian-apt.sh"; echo "$release $mirror"; } |
               sha256sum | cut -c1-16)

current_hash=$(podman image inspect --format "{{ index .Labels \"$label\" }}" "$image" 2>/dev/null || true)
if [[ "$current_hash" == "$recipe_hash" ]]; then
    echo "lab image $image is up to date (recipe $recipe_hash)"
    exit 0
fi

echo "building lab image $image (recipe $recipe_hash)"
workdir=$(mktemp -d /var/tmp/homelab-ipv6-rootfs.XXXXXX)
trap 'rm -rf "$workdir"' EXIT
rootfs="$workdir/rootfs"

debootstrap --variant=minbase --include="$packages" "$release" "$rootfs" "$mirror" \
    >"$workdir/debootstrap.log" 2>&1 || { tail -n 30 "$workdir/debootstrap.log"; exit 1; }

configure_apt "$rootfs" "$release" "$mirror"

# Every container gets its own machine id and hostname at boot.
: >"$rootfs/etc/machine-id"
rm -f "$rootfs/etc/hostname"

# Units that manage hardware or consoles have nothing to do in a container and,
# privileged, could touch the host's devices.
for unit in systemd-udevd.service systemd-udevd-control.socket systemd-udevd-kernel.socket \
            getty@tty1.service console-getty.service systemd-remount-fs.service \
            dev-hugepages.mount sys-fs-fuse-connections.mount; do
    ln -sf /dev/null "$rootfs/etc/systemd/system/$unit"
done

# systemd-resolved turns itself on when installed and points resolv.conf at its stub: in the
# image it stays off, and every container keeps the resolv.conf podman gives it, until a
# lab client turns it on the way a Debian install with systemd-resolved has it.
chroot "$rootfs" systemctl disable systemd-resolved.service >/dev/null 2>&1
# avahi-daemon starts itself when installed; only a client that announces itself turns it on.
chroot "$rootfs" systemctl disable avahi-daemon.service avahi-daemon.socket >/dev/null 2>&1
# ifupdown's networking.service likewise: only the server that ifupdown configures turns it on.
chroot "$rootfs" systemctl disable networking.service >/dev/null 2>&1
rm -f "$rootfs/etc/resolv.conf"
: >"$rootfs/etc/resolv.conf"

chroot "$rootfs" apt-get clean
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin
# No package lists, so the lists were never updated: apt's cache_valid_time must see them as old.
touch --date=@0 "$rootfs"/var/lib/apt/lists

tar -C "$rootfs" --numeric-owner -c . |
    podman import \
        --change 'CMD ["/sbin/init"]' \
        --change 'STOPSIGNAL SIGRTMIN+3' \
        --change "LABEL $label=$recipe_hash" \
        - "$image" >/dev/null
echo "built lab image $image"
