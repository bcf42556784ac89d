#!/usr/bin/env bash
# Start and stop one kernel lab VM: Debian's stock kernel under QEMU, booted from a
# qcow2 overlay of the image lab/vm/build.sh made, so the image itself never changes.
#
#   vm.sh start <state dir>   boot it; prints the loopback SSH port once SSH answers
#   vm.sh stop <state dir>    power it off (ACPI, then QEMU's quit, then a kill)
#
# The state dir holds the overlay, the lab's SSH key, the serial console log and
# QEMU's pid and monitor socket. The only host-side address is 127.0.0.1: QEMU's
# user-mode network forwards one loopback port to the guest's SSH and gives the
# guest 198.18.30.0/24 with NAT to Debian's mirror.
set -euo pipefail

action=${1:?usage: vm.sh start|stop <state dir>}
state=${2:?usage: vm.sh start|stop <state dir>}
image=${LAB_VM_DIR:-/var/lib/homelab-ipv6/vm}/${LAB_VM_RELEASE:-bookworm}
# -enable-kvm hangs on nested machines: software emulation unless asked for.
accel=${LAB_VM_ACCEL:-tcg}
memory=${LAB_VM_MEMORY:-1024}
# A boot under emulation takes about four minutes while the container scenarios run
# beside it (232 s measured in a full make test); 300 s left too little margin.
boot_timeout=${LAB_VM_BOOT_TIMEOUT:-480}

monitor() {
    python3 - "$state/monitor.sock" "$1" <<'PY'
import socket, sys
with socket.socket(socket.AF_UNIX) as monitor:
    monitor.settimeout(5)
    monitor.connect(sys.argv[1])
    monitor.sendall(sys.argv[2].encode() + b"\n")
    monitor.recv(4096)
PY
}

running() {
    [[ -s "$state/qemu.pid" ]] && kill -0 "$(cat "$state/qemu.pid")" 2>/dev/null
}

ssh_guest() {
    ssh -q -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
        -o ConnectTimeout=5 -i "$state/id_ed25519" -p "$(cat "$state/ssh_port")" root@127.0.0.1 "$@"
}

start() {
    [[ -f "$image/disk.img" ]] || { echo "no kernel lab image in $image: run lab/vm/build.sh" >&2; exit 1; }
    mkdir -p "$state"
    if running; then
        cat "$state/ssh_port"
        return
    fi
    [[ -f "$state/id_ed25519" ]] || ssh-keygen -q -t ed25519 -N '' -C homelab-kernel-lab -f "$state/id_ed25519"
    [[ -f "$state/disk.qcow2" ]] || qemu-img create -q -f qcow2 -F raw -b "$image/disk.img" "$state/disk.qcow2"
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' >"$state/ssh_port"
    local key
    key=$(cut -d' ' -f2 "$state/id_ed25519.pub")
    qemu-system-x86_64 \
        -accel "$accel" -cpu max -smp 2 -m "$memory" \
        -display none -daemonize -pidfile "$state/qemu.pid" \
        -serial "file:$state/console.log" \
        -monitor "unix:$state/monitor.sock,server,nowait" \
        -kernel "$image/vmlinuz" -initrd "$image/initrd.img" \
        -append "root=/dev/vda rw console=ttyS0 net.ifnames=0 quiet homelab.ssh_key=$key" \
        -drive "file=$state/disk.qcow2,format=qcow2,if=virtio" \
        -netdev "user,id=uplink,net=198.18.30.0/24,host=198.18.30.2,dns=198.18.30.3,dhcpstart=198.18.30.15,ipv6=off,hostfwd=tcp:127.0.0.1:$(cat "$state/ssh_port")-:22" \
        -device virtio-net-pci,netdev=uplink
    wait_for_ssh
    cat "$state/ssh_port"
}

wait_for_ssh() {
    local deadline=$((SECONDS + boot_timeout))
    until ssh_guest true 2>/dev/null; do
        if ! running; then
            echo "the kernel lab VM stopped while booting; its console:" >&2
            tail -n 40 "$state/console.log" >&2
            exit 1
        fi
        if ((SECONDS >= deadline)); then
            echo "no SSH from the kernel lab VM after ${boot_timeout}s; its console:" >&2
            tail -n 40 "$state/console.log" >&2
            exit 1
        fi
        sleep 2
    done
}

stop() {
    running || return 0
    local pid
    pid=$(cat "$state/qemu.pid")
    monitor system_powerdown 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || return 0; sleep 1; done
    monitor quit 2>/dev/null || true
    for _ in $(seq 10); do kill -0 "$pid" 2>/dev/null || return 0; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
}

case "$action" in
    start) start ;;
    stop) stop ;;
    wait) wait_for_ssh ;;
    *) echo "usage: vm.sh start|stop|wait <state dir>" >&2; exit 2 ;;
esac
