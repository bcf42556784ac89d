#!/usr/bin/env bash
# Build the kernel lab's VM image: a Debian rootfs from debootstrap with Debian's
# stock kernel and a DKMS-built Jool, as an ext4 disk image plus the kernel and
# initrd that QEMU boots directly (no boot loader).
#
# Output, in $LAB_VM_DIR/<release> (default /var/lib/homelab-ipv6/vm/<release>):
# vmlinuz, initrd.img, disk.img (raw, read only: every lab boots a qcow2 overlay
# of it) and recipe, the hash of this recipe; nothing is rebuilt while it matches.
set -euo pipefail

release=${1:-bookworm}
mirror=${LAB_MIRROR:-http://deb.debian.org/debian}
output=${LAB_VM_DIR:-/var/lib/homelab-ipv6/vm}/$release
disk_size=${LAB_VM_DISK_SIZE:-4G}

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lab/debian-apt.sh
source "$here/../debian-apt.sh"
packages=$(grep -v '^#' "$here/packages.txt" | xargs)
recipe_hash=$( { cat "$0" "$here/packages.txt" "$here/../debian-apt.sh"; (cd "$here" && find guest -type f | sort | xargs sha256sum);
                 echo "$release $mirror $disk_size"; } | sha256sum | cut -c1-16)

if [[ -f "$output/recipe" && "$(cat "$output/recipe")" == "$recipe_hash" ]]; then
    echo "kernel lab image $output is up to date (recipe $recipe_hash)"
    exit 0
fi

echo "building kernel lab image $output (recipe $recipe_hash)"
workdir=$(mktemp -d /var/tmp/homelab-ipv6-vm.XXXXXX)
rootfs="$workdir/rootfs"
cleanup() {
    umount "$rootfs/proc" 2>/dev/null || true
    rm -rf "$workdir"
}
trap cleanup EXIT
log="$workdir/build.log"
fail() { tail -n 40 "$log"; exit 1; }

# The kernel and DKMS need more than minbase has; apt installs them inside the
# chroot, where their postinst scripts build the initrd and Jool's modules.
debootstrap --variant=minbase --include=systemd,systemd-sysv,ca-certificates "$release" "$rootfs" "$mirror" \
    >"$log" 2>&1 || fail

configure_apt "$rootfs" "$release" "$mirror"

mount -t proc proc "$rootfs/proc"
in_chroot() { chroot "$rootfs" env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@" >>"$log" 2>&1 || fail; }
in_chroot apt-get update -q
# shellcheck disable=SC2086 # one word per package
in_chroot apt-get install -y -q $packages
kernel_version=$(basename "$(ls -d "$rootfs"/lib/modules/*)")
# DKMS, run from a chroot, builds for the running (host) kernel: ask for the guest's.
in_chroot apt-get install -y -q "linux-headers-$kernel_version" build-essential
in_chroot dkms autoinstall -k "$kernel_version"
# The compilers stay: removing them would remove dkms, and with it jool-dkms and its modules.
in_chroot apt-get clean
umount "$rootfs/proc"

# The guest: its own files (units, network, sshd), then what only the build knows.
cp -r "$here/guest/." "$rootfs/"
chroot "$rootfs" systemctl enable --quiet systemd-networkd homelab-ssh-key.service >>"$log" 2>&1 || fail
# Installed for speed, not running: the roles under test configure and start them.
chroot "$rootfs" systemctl disable --quiet unbound.service radvd.service >>"$log" 2>&1 || fail
# Timers that would compete with the lab for the emulated CPU.
for unit in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer; do
    ln -sf /dev/null "$rootfs/etc/systemd/system/$unit"
done
echo kernel-lab >"$rootfs/etc/hostname"
: >"$rootfs/etc/machine-id"
rm -f "$rootfs"/etc/ssh/ssh_host_*
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin
touch --date=@0 "$rootfs"/var/lib/apt/lists

ls "$rootfs/lib/modules/$kernel_version/updates/dkms/jool.ko"* >/dev/null 2>&1 ||
    { echo "DKMS built no jool.ko for $kernel_version" >>"$log"; fail; }

mkdir -p "$workdir/out"
cp "$rootfs/boot/vmlinuz-$kernel_version" "$workdir/out/vmlinuz"
cp "$rootfs/boot/initrd.img-$kernel_version" "$workdir/out/initrd.img"
mke2fs -q -t ext4 -L homelab-root -d "$rootfs" "$workdir/out/disk.img" "$disk_size" >>"$log" 2>&1 || fail
echo "$recipe_hash" >"$workdir/out/recipe"

rm -rf "$output"
mkdir -p "$(dirname "$output")"
mv "$workdir/out" "$output"
echo "built kernel lab image $output (kernel $kernel_version)"
