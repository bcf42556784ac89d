"""The lab itself works: systemd containers of both releases talk IPv6 to each other."""

import json

import pytest
from ansible_collections.homelab.ipv6.plugins.filter.addresses import eui64

from lab_helpers import address_in, global_addresses, wait_for

HOSTS = ["smoke-bookworm", "smoke-trixie"]


@pytest.mark.parametrize("name", HOSTS)
def test_systemd_is_pid_1(lab_host, name):
    assert lab_host(name).check_output("ps -o comm= -p 1") == "systemd"


@pytest.mark.parametrize("name", HOSTS)
def test_lab_network_gives_an_ipv6_address(lab_host, lab_subnets, name):
    addresses = global_addresses(lab_host(name))
    assert address_in(addresses, lab_subnets["smoke-lan"]), addresses


@pytest.mark.parametrize("source, target", [HOSTS, list(reversed(HOSTS))])
def test_hosts_answer_ping_over_ipv6(lab_host, lab_subnets, source, target):
    target_address = address_in(global_addresses(lab_host(target)), lab_subnets["smoke-lan"])
    ping = lab_host(source).run(f"ping -6 -c 3 -W 2 {target_address}")
    assert ping.rc == 0, ping.stdout + ping.stderr
    assert " 0% packet loss" in ping.stdout


@pytest.mark.parametrize("name", HOSTS)
def test_ipv6_is_enabled_by_a_persistent_setting(lab_host, name):
    host = lab_host(name)
    applied = host.run("sysctl --load /etc/sysctl.d/60-homelab-ipv6.conf")
    assert applied.rc == 0, applied.stderr
    assert "net.ipv6.conf.all.disable_ipv6 = 0" in applied.stdout
    assert host.sysctl("net.ipv6.conf.all.disable_ipv6") == 0


def test_slaac_address_is_the_eui64_of_the_client_mac(lab_host, scenario_vars):
    """The kernel's own SLAAC address, from the test radvd's RA, is what homelab.ipv6.eui64 computes."""
    client = lab_host("smoke-trixie")
    mac = client.check_output("cat /sys/class/net/eth0/address")
    expected = eui64(mac, scenario_vars["smoke_ra_prefix"])

    formed = wait_for(lambda: global_addresses(client, flags="dynamic"), timeout=60)
    assert expected in formed, f"MAC {mac}: expected {expected}, the kernel formed {formed}"


@pytest.mark.parametrize("name", HOSTS)
def test_the_site_ula_is_kept_as_a_local_fact(lab_host, name):
    fact = lab_host(name).file("/etc/ansible/facts.d/homelab_ipv6_ula.fact")
    assert fact.is_file and fact.mode == 0o644
    stored = json.loads(fact.content_string)
    assert stored["prefix"].startswith("fd") and stored["prefix"].endswith("::/48")
    assert len(stored["global_id"]) == 10
