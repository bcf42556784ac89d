"""The lab itself works: systemd containers of both releases talk IPv6 to each other."""

import pytest

from conftest import global_addresses

HOSTS = ["smoke-bookworm", "smoke-trixie"]


@pytest.mark.parametrize("name", HOSTS)
def test_systemd_is_pid_1(lab_host, name):
    assert lab_host(name).check_output("ps -o comm= -p 1") == "systemd"


@pytest.mark.parametrize("name", HOSTS)
def test_lab_network_gives_a_ula_address(lab_host, name):
    addresses = global_addresses(lab_host(name))
    assert any(address.startswith("fd7a:b5e0:1b00:1:") for address in addresses), addresses


@pytest.mark.parametrize("source, target", [HOSTS, list(reversed(HOSTS))])
def test_hosts_answer_ping_over_ipv6(lab_host, source, target):
    target_address = global_addresses(lab_host(target))[0]
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
