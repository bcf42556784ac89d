# shellcheck shell=bash
# Sourced by lab/image/build.sh and lab/vm/build.sh.

# apt in a debootstrapped rootfs as on a real host of that release (updates and security
# fixes), without documentation and recommends: lab hosts install daemons on every
# converge, and that stays fast. Roles must name every package they need.
configure_apt() {
    local rootfs=$1 release=$2 mirror=$3
    cat >"$rootfs/etc/apt/sources.list" <<SOURCES
deb $mirror $release main
deb $mirror $release-updates main
deb http://deb.debian.org/debian-security $release-security main
SOURCES
    cat >"$rootfs/etc/dpkg/dpkg.cfg.d/01-homelab-ipv6-lab" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/info/*
DPKG
    cat >"$rootfs/etc/apt/apt.conf.d/01-homelab-ipv6-lab" <<'APT'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
APT
}
