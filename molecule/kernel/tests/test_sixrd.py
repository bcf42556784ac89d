"""The sixrd role on Debian's stock kernel: a 6rd CE that reaches the IPv6 Internet
through its ISP's border relay, with MTU 1280, ufw opened for it, and its LAN numbered
from the delegated /60. Everything is checked as converged and again after a reboot."""

import json

import pytest
from ansible_collections.homelab.ipv6.plugins.filter.site import site_plan
from ansible_collections.homelab.ipv6.plugins.filter.addresses import sixrd

from lab_helpers import wait_for

INTERNET_HOST = "2001:db8:ff00::2"
TUNNEL = "sixrd0"


@pytest.fixture(scope="module")
def sixrd_vars(scenario_config):
    return scenario_config["provisioner"]["inventory"]["group_vars"]["sixrd_hosts"]


@pytest.fixture(scope="module")
def delegated(sixrd_vars):
    return sixrd(sixrd_vars["sixrd_ipv4_address"], sixrd_vars["sixrd_prefix"], sixrd_vars["sixrd_ipv4_mask_len"])


def ping(host, address, size=56, namespace=None):
    prefix = f"ip netns exec {namespace} " if namespace else ""
    return host.run(f"{prefix}ping -c 1 -W 3 -M do -s {size} {address}")


def test_the_tunnel_is_a_6rd_sit_with_the_isps_prefixes(vm, sixrd_vars):
    details = vm.check_output(f"ip -details link show dev {TUNNEL}")
    assert "mtu 1280" in details
    assert f"local {sixrd_vars['sixrd_ipv4_address']} ttl 64" in details
    # The relay prefix comes from the role's own unit: systemd-networkd cannot set it.
    assert f"6rd-prefix {sixrd_vars['sixrd_prefix']} 6rd-relay_prefix 192.0.0.0/8" in details


def test_the_ce_has_1_in_its_delegated_prefix_and_routes_via_the_relay(vm, delegated):
    assert delegated == "2001:db8:6000:22a0::/60"
    addresses = json.loads(vm.check_output(f"ip -6 -json address show dev {TUNNEL} scope global"))
    assert {"local": "2001:db8:6000:22a0::1", "prefixlen": 36} in [
        {"local": info["local"], "prefixlen": info["prefixlen"]} for link in addresses for info in link["addr_info"]]
    routes = json.loads(vm.check_output("ip -6 -json route show default"))
    assert [(route["gateway"], route["dev"]) for route in routes] == [("::192.0.2.1", TUNNEL)]


def test_the_ce_reaches_an_address_behind_the_relay(vm):
    result = wait_for(lambda: ping(vm, INTERNET_HOST).succeeded, timeout=30)
    assert result, ping(vm, INTERNET_HOST).stdout


def test_packets_of_1280_bytes_pass_and_larger_ones_do_not(vm):
    # 1232 bytes of ICMPv6 payload + 8 (ICMPv6) + 40 (IPv6) = 1280.
    assert ping(vm, INTERNET_HOST, size=1232).succeeded
    too_big = ping(vm, INTERNET_HOST, size=1233)
    assert too_big.failed
    assert "message too long, mtu: 1280" in too_big.stderr


def test_ufw_has_ipv6_on_and_lets_6rd_in_from_the_relay_only(vm):
    assert "IPV6=yes" in vm.file("/etc/default/ufw").content_string.splitlines()
    status = vm.check_output("ufw status")
    assert "Status: active" in status
    rules = [line for line in status.splitlines() if "/ipv6" in line]
    assert len(rules) == 1
    assert rules[0].split()[:3] == ["192.0.2.42/ipv6", "ALLOW", "192.0.2.1/ipv6"]


def test_the_lan_gets_a_64_of_the_delegated_prefix_by_slaac(vm, scenario_vars, delegated):
    home = site_plan(scenario_vars["homelab_site"], None, delegated)["lans"][0]
    assert home["gua_prefix"] == "2001:db8:6000:22a1::/64"

    def lan_address():
        links = json.loads(vm.check_output("ip netns exec lan ip -6 -json address show dev eth0 scope global"))
        return next((info["local"] for link in links for info in link["addr_info"]
                     if info.get("local", "").startswith("2001:db8:6000:22a1:")), None)

    assert wait_for(lan_address, timeout=60)


def test_the_lan_is_told_the_tunnels_mtu_and_its_host_takes_it(vm):
    # radvd_link_mtu auto: the default route leaves by the tunnel, whose MTU is 1280.
    def lan_mtu():
        return vm.check_output("ip netns exec lan cat /proc/sys/net/ipv6/conf/eth0/mtu").strip()

    assert wait_for(lambda: lan_mtu() == "1280", timeout=30), lan_mtu()


def test_a_lan_host_reaches_the_internet_through_the_tunnel(vm):
    assert wait_for(lambda: ping(vm, INTERNET_HOST, namespace="lan").succeeded, timeout=60)


def test_the_delegated_prefix_is_kept_for_the_site_role(vm, delegated):
    kept = json.loads(vm.file("/etc/ansible/facts.d/homelab_sixrd.fact").content_string)
    assert kept["delegated_prefix"] == delegated
    assert kept["interface"] == TUNNEL
