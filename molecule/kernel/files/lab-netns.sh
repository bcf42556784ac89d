#!/bin/sh
# The kernel lab's other hosts, as network namespaces of the VM, made at every boot
# (homelab-lab-netns.service) so they are back after a reboot like real neighbours.
#   br    the ISP's 6rd border relay: 192.0.2.1 towards the CE, a sit tunnel with the
#         ISP's 6rd prefix, and 2001:db8:ff00::1/64 towards inet
#   inet  an IPv6 host behind the relay, 2001:db8:ff00::2
#   lan   a host on the CE's LAN (lan0), addressed by SLAAC from the CE's radvd; the LAN
#         is IPv6-only, so it is also the NAT64's client
#   v4web an IPv4-only web server, 203.0.113.80, on the CE's IPv4-only link v4net0
# The CE's end of its access line, isp0 192.0.2.42, is part of the lab too: on a real
# host the ISP's DHCP or the installer configures it, not the sixrd role.
set -eu

in_ns() { ns=$1; shift; ip netns exec "$ns" "$@"; }

ip netns list | grep -qw br && exit 0
for ns in br inet lan v4web; do
    ip netns add "$ns"
    in_ns "$ns" ip link set lo up
done

# The access line between the CE and the relay.
ip link add isp0 type veth peer name wan0 netns br
ip address add 192.0.2.42/24 dev isp0
ip link set isp0 up
in_ns br ip address add 192.0.2.1/24 dev wan0
in_ns br ip link set wan0 up

# The relay: 6rd for 2001:db8:6000::/36, whose CEs share 192.0.0.0/8.
modprobe sit
in_ns br sysctl -q -w net.ipv6.conf.all.forwarding=1
in_ns br ip tunnel add br6rd mode sit local 192.0.2.1 ttl 64
in_ns br ip tunnel 6rd dev br6rd 6rd-prefix 2001:db8:6000::/36 6rd-relay_prefix 192.0.0.0/8
in_ns br ip link set br6rd mtu 1280 up
in_ns br ip address add 2001:db8:6000::1/36 dev br6rd

# The IPv6 Internet behind the relay.
ip link add inet0 netns br type veth peer name eth0 netns inet
in_ns br ip address add 2001:db8:ff00::1/64 dev inet0 nodad
in_ns br ip link set inet0 up
in_ns inet ip address add 2001:db8:ff00::2/64 dev eth0 nodad
in_ns inet ip link set eth0 up
in_ns inet ip route add default via 2001:db8:ff00::1

# The CE's LAN: the lan host learns its address and route from router advertisements.
ip link add lan0 type veth peer name eth0 netns lan
ip link set lan0 up
in_ns lan sysctl -q -w net.ipv6.conf.eth0.accept_ra=2 net.ipv6.conf.eth0.autoconf=1
in_ns lan ip link set eth0 up

# The IPv4-only Internet behind the NAT64: a web server that has no IPv6 at all.
ip link add v4net0 type veth peer name eth0 netns v4web
ip address add 203.0.113.1/24 dev v4net0
ip link set v4net0 up
in_ns v4web sysctl -q -w net.ipv6.conf.all.disable_ipv6=1
in_ns v4web ip address add 203.0.113.80/24 dev eth0
in_ns v4web ip link set eth0 up
in_ns v4web ip route add default via 203.0.113.1
mkdir -p /srv/v4web
echo "homelab.ipv6 kernel lab: served over IPv4 only" >/srv/v4web/index.html
systemd-run --unit=lab-v4web --collect ip netns exec v4web python3 -m http.server 80 --bind 203.0.113.80 --directory /srv/v4web
