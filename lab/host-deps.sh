#!/usr/bin/env bash
# Install the Debian packages the lab host needs, only those missing, so that a
# second run is a no-op that touches neither apt nor the network. Arguments name more
# packages (make bench: bind9 for a named of the bench's own); a service they bring is
# neither started nor enabled, so the host gets no DNS server of its own on port 53.
set -euo pipefail

wanted=(
    podman runc netavark aardvark-dns   # the container lab
    iptables                            # netavark sets up lab networks with it
    debootstrap                         # builds the lab image
    python3-venv                        # the project's virtualenv
    git                                 # ansible-test and the sanity tree
    shellcheck                          # ansible-test sanity checks shell scripts
    qemu-system-x86 qemu-utils          # the kernel lab's VM (lab/vm)
    openssh-client e2fsprogs            # reaching that VM, and making its disk
    graphviz                            # the address-plan diagram (playbooks/address_plan.yml)
    "$@"
)

missing=()
for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing+=("$package")
done

if ((${#missing[@]} == 0)); then
    exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
    echo "missing Debian packages: ${missing[*]}; run as root or install them first" >&2
    exit 1
fi
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
policy=/usr/sbin/policy-rc.d
if [[ ! -e $policy ]]; then
    # Debian's invoke-rc.d asks this script whether a package may start its service: no.
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy"
    trap 'rm -f "$policy"' EXIT
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
if [[ " ${missing[*]} " == *" bind9 "* ]] && [[ -d /run/systemd/system ]]; then
    systemctl disable --now named.service >/dev/null 2>&1 || true
fi
