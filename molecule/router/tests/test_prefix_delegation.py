"""Downstream prefix delegation on a Debian 12 router (Kea 2.2; the home lab's gateway is Debian 13).

The iot LAN (stateful, its clients named in DNS) delegates /64s (homelab_site.lans[].delegate).
router-client2 plays a router behind it with Debian 12's dhcpcd: it asks for an address and for a
prefix (ia_pd) for its link to a VM (a veth pair, vmnet), and takes an address of the prefix
there. router-gw routes the prefix to router-client2's link-local address; router-client reaches
that address through router-gw from both LANs. A reboot
of the router loses its routes while the leases live: Kea's start routes them again. When dhcpcd
stops and gives the lease back, the route goes."""

import ipaddress
import json

import pytest

from lab_helpers import delegated_routes, link_local, routed_delegations, wait_for

REQUESTER = "router-client2"
# dhcpcd as a router behind a stateful LAN asks, as OpenWrt's does: an address for itself and a
# /64 for the VMs' link, given back when dhcpcd stops. Only IPv6; RAs stay with the kernel. A
# container has no udev, which dhcpcd would wait for (nodev).
DHCPCD_CONF = """nodev
ipv6only
release
noipv6rs
allowinterfaces eth0 vmnet
interface eth0
  ia_na 1
  ia_pd 2 vmnet/0/64
"""
PAGE_PORT = 8000


@pytest.fixture(scope="module")
def requester(lab_host):
    return lab_host(REQUESTER)


@pytest.fixture(scope="module")
def delegation(router, requester, plan):
    """Starts dhcpcd on router-client2 and yields (prefix, address on vmnet); stops it after."""
    iot = {lan["name"]: lan for lan in plan["lans"]}["iot"]
    assert iot["pd_pools"], f"the lab's iot LAN delegates no prefixes: {iot}"
    # The DHCP tests' dhclient still holds the DHCPv6 client port on eth0: a router runs one client.
    requester.run("dhclient -6 -x -pf /run/lab6-eth0.pid eth0")
    requester.check_output("ip link show vmnet >/dev/null 2>&1 || ip link add vmnet type veth peer name vmpeer")
    requester.check_output("ip link set vmnet up && ip link set vmpeer up")
    requester.check_output(f"printf '%s' '{DHCPCD_CONF}' > /etc/lab-pd-dhcpcd.conf")
    requester.check_output("systemd-run --unit lab-pd-dhcpcd dhcpcd --nobackground -f /etc/lab-pd-dhcpcd.conf")
    try:
        found = wait_for(lambda: routed_delegations(router, requester, iot), timeout=60)
        assert found, (delegated_routes(router), requester.run("journalctl -u lab-pd-dhcpcd --no-pager -n 30").stdout)
        prefix = ipaddress.ip_network(found[0])
        assert prefix.prefixlen == 64

        def on_vmnet():
            links = json.loads(requester.check_output("ip -j -6 address show dev vmnet scope global -tentative"))
            return [info["local"] for link in links for info in link["addr_info"]
                    if info and ipaddress.ip_address(info["local"]) in prefix]
        addresses = wait_for(on_vmnet, timeout=30)
        assert addresses, requester.run("ip -6 address show dev vmnet; journalctl -u lab-pd-dhcpcd --no-pager -n 30").stdout
        yield {"lan": iot, "prefix": str(prefix), "address": addresses[0]}
    finally:
        requester.run("systemctl stop lab-pd-dhcpcd lab-pd-page")
        # dhcpcd took eth0's IPv6 from the kernel (addr_gen_mode 1) and took its addresses when it
        # stopped; the kernel numbers it again for the tests after this one.
        requester.run("sysctl -qw net.ipv6.conf.eth0.addr_gen_mode=0 && ip link set eth0 down && ip link set eth0 up")


def test_the_router_behind_the_lan_gets_a_64_from_the_lans_pool_routed_to_it(delegation, router, requester):
    route = next(route for route in delegated_routes(router) if route["dst"] == delegation["prefix"])
    assert route["gateway"] == link_local(requester, "eth0")
    assert route["dev"] == delegation["lan"]["interface"]
    # It expires with its lease, should Kea never say that the lease ended.
    assert route.get("expires"), route


def test_clients_of_both_lans_reach_the_router_behind_the_lan(delegation, requester, client):
    requester.check_output(f"systemd-run --unit lab-pd-page python3 -m http.server {PAGE_PORT} --bind {delegation['address']}")
    url = f"http://[{delegation['address']}]:{PAGE_PORT}/"
    # router-client is on the home LAN (eth0) and on the iot LAN itself (eth1).
    for interface in ("eth0", "eth1"):
        assert wait_for(lambda: client.run(f"curl -s -o /dev/null --max-time 3 --interface {interface} '{url}'").succeeded,
                        timeout=20), (interface, client.run(f"ip -6 route get {delegation['address']}").stdout)


def test_a_reboot_of_the_router_loses_the_route_and_keas_start_routes_the_living_delegation_again(delegation, router):
    prefix = delegation["prefix"]
    router.check_output(f"ip -6 route del {prefix} proto dhcp")
    router.check_output("systemctl restart kea-dhcp6-server")
    assert wait_for(lambda: prefix in [route["dst"] for route in delegated_routes(router)], timeout=15), \
        (delegated_routes(router), router.run("journalctl -u kea-dhcp6-server --no-pager -n 20").stdout)


def test_the_route_goes_when_the_router_behind_gives_its_lease_back(delegation, router, requester):
    requester.check_output("systemctl stop lab-pd-dhcpcd")
    assert wait_for(lambda: delegation["prefix"] not in [route["dst"] for route in delegated_routes(router)], timeout=20), \
        delegated_routes(router)
    # Its record went with it: Kea's next start does not route it again.
    router.check_output("systemctl restart kea-dhcp6-server")
    assert not wait_for(lambda: delegation["prefix"] in [route["dst"] for route in delegated_routes(router)], timeout=5)
