"""An uplink narrower than the LANs (the wan is a PPPoE line's 1492 bytes) whose far side drops
ICMP "too big", as broken paths do: the LANs' advertisements carry the uplink's MTU and the
router clamps the MSS of forwarded TCP, so a page of several hundred kilobytes comes from the
Internet host over IPv6 and over IPv4 without stalling. The control: without the clamp the same
fetch stalls over IPv4, and over IPv6 on a device that ignores the advertised MTU (the lab
reproduces the problem); with the clamp alone both come through."""

import json
import re

import pytest

from home_lab import NETWORKD, SERVER, SLAAC
from lab_helpers import wait_for

UPLINK_MTU = 1492
LARGE_PAGE, LARGE_SIZE = "large.bin", 600 * 1024
MSS_TABLE = "inet homelab_router_mss"
NFTABLES_UNIT = "homelab-ipv6-nat44.service"
DROP_TOO_BIG = """table inet lab_drop_too_big {
    chain output {
        type filter hook output priority 0; policy accept;
        icmpv6 type packet-too-big drop
        icmp type destination-unreachable icmp code frag-needed drop
    }
}"""


@pytest.fixture
def too_big_dropped(isp):
    """The ISP drops the ICMP "too big" it sends (IPv6 Packet Too Big, IPv4 fragmentation
    needed) for the time of a test."""
    isp.check_output(f"nft -f - <<'EOF'\n{DROP_TOO_BIG}\nEOF")
    try:
        yield
    finally:
        isp.run("nft delete table inet lab_drop_too_big")


def fetch_large(client, scenario_vars, family, timeout=15, namespace=None):
    """curl's exit code and the bytes it got of the large page: by the web site's name of that
    family, or from a namespace (which has no resolver) by the IPv6 site's address."""
    if namespace:
        command = f"ip netns exec {namespace} curl -6 http://[{scenario_vars['lab_web6_address']}]/{LARGE_PAGE}"
    else:
        name = scenario_vars["lab_web_name"] if family == 4 else scenario_vars["lab_web6_name"]
        command = f"curl -{family} http://{name}/{LARGE_PAGE}"
    run = client.run(f"{command} -s -o /dev/null -w '%{{size_download}}' --max-time {timeout}")
    return run.rc, int(run.stdout.strip() or 0)


def mtu_taken(host):
    """The MTU the host sends with toward the Internet: its default route's own (systemd-networkd
    puts the advertised MTU there), else its interface's IPv6 MTU (the kernel's way)."""
    route = json.loads(host.check_output("ip -6 -j route show default"))[0]
    metrics = [metric["mtu"] for metric in route.get("metrics", []) if "mtu" in metric]
    return metrics[0] if metrics else int(host.check_output(f"cat /proc/sys/net/ipv6/conf/{route['dev']}/mtu"))


@pytest.fixture
def deaf_device(clients, lans):
    """A device on the IPv6-only LAN whose stack ignores the advertised MTU (accept_ra_mtu=0, as
    some do): a macvlan of the client's link in a namespace of its own, numbered by its kernel's
    SLAAC; the namespace's name, once it has its address in the LAN's GUA and a default route."""
    host, namespace, link = clients[SLAAC], "lab-deaf", "lab-deaf0"
    host.check_output(f"ip netns add {namespace} && ip link add {link} link eth0 type macvlan mode bridge && "
                      f"ip link set {link} netns {namespace}")
    inside = f"ip netns exec {namespace}"
    try:
        host.check_output(f"{inside} sysctl -qw net.ipv6.conf.{link}.accept_ra_mtu=0 net.ipv6.conf.{link}.accept_ra=1 "
                          f"net.ipv6.conf.{link}.autoconf=1 && {inside} ip link set lo up && {inside} ip link set {link} up")
        prefix = lans["v6only"]["gua_prefix"].split("::/")[0] + ":"

        def ready():
            addresses = host.check_output(f"{inside} ip -6 address show dev {link} scope global -tentative")
            return prefix in addresses and "default" in host.check_output(f"{inside} ip -6 route show default")
        assert wait_for(ready, timeout=30), host.check_output(f"{inside} ip -6 address; {inside} ip -6 route")
        yield namespace
    finally:
        host.run(f"ip netns del {namespace}")


def test_the_lans_advertise_the_uplinks_mtu_and_the_clients_take_it(clients, lab_host):
    out = clients[SLAAC].check_output("rdisc6 -1 -w 3000 eth0")
    assert re.search(rf"MTU\s+:\s+{UPLINK_MTU} bytes", out), out
    # systemd-networkd on both LANs, and the server's kernel (ifupdown).
    for host in (clients[NETWORKD], clients[SLAAC], lab_host(SERVER)):
        assert wait_for(lambda: mtu_taken(host) == UPLINK_MTU, timeout=15), (host.backend.hostname, mtu_taken(host))


def test_a_large_page_comes_through_a_path_that_drops_too_big(clients, scenario_vars, too_big_dropped):
    for family in (6, 4):
        assert fetch_large(clients[NETWORKD], scenario_vars, family) == (0, LARGE_SIZE), family


def test_without_the_clamp_and_the_advertised_mtu_the_same_fetch_stalls(
        gateway, clients, scenario_vars, too_big_dropped, deaf_device):
    client, device_host = clients[NETWORKD], clients[SLAAC]
    gateway.check_output(f"nft delete table {MSS_TABLE}")
    try:
        # IPv4 knows nothing of advertisements: without the clamp it stalls ...
        rc, got = fetch_large(client, scenario_vars, 4, timeout=10)
        assert rc == 28 and got < LARGE_SIZE, (rc, got)
        # ... and so does IPv6 on a device that ignores the advertised MTU.
        rc, got = fetch_large(device_host, scenario_vars, 6, timeout=10, namespace=deaf_device)
        assert rc == 28 and got < LARGE_SIZE, (rc, got)
    finally:
        gateway.check_output(f"systemctl restart {NFTABLES_UNIT}")
    # The clamp alone, back, shields both.
    assert gateway.run(f"nft list table {MSS_TABLE}").succeeded
    assert fetch_large(client, scenario_vars, 4) == (0, LARGE_SIZE)
    assert fetch_large(device_host, scenario_vars, 6, namespace=deaf_device) == (0, LARGE_SIZE)
