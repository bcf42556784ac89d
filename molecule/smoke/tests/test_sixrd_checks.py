"""The sixrd role refuses bad variables before it touches anything, and says which.

The live tunnel needs the kernel lab (molecule/kernel); these checks run first, so a
container, whose kernel has no sit, shows that they stop the role in time."""

import pytest

from lab_helpers import failing_playbook, global_addresses

HOST = "smoke-bookworm"


@pytest.fixture(scope="module")
def host(lab_host):
    return lab_host(HOST)


@pytest.fixture(scope="module")
def own_ipv4(host):
    return global_addresses(host, family="inet")[0]


@pytest.mark.parametrize("bad_vars, message", [
    ({"sixrd_prefix": ""}, "sixrd_prefix ('') and sixrd_border_relay ('198.18.1.1') are both required"),
    ({"sixrd_ipv4_address": "192.0.2.43"}, f"sixrd_ipv4_address 192.0.2.43 is not an address of {HOST}"),
    ({"sixrd_prefix": "2001:db8:6000::/41"},
     "6rd prefix '2001:db8:6000::/41' with sixrd_ipv4_mask_len 8 delegates a /65, longer than /64 (RFC 5969 "
     "section 4); raise sixrd_ipv4_mask_len to at least 9 or shorten the 6rd prefix"),
    ({"sixrd_mtu": 1500}, "sixrd_mtu 1500 is not an integer from 1280 (the IPv6 minimum) to 1480"),
    ({"sixrd_interface": "eth0"}, f"sixrd_interface eth0 is an interface of {HOST} that is not a sit tunnel"),
    ({"sixrd_interface": "a-name-too-long-for-linux"},
     "sixrd_interface: 'a-name-too-long-for-linux' is 25 bytes long; Linux takes interface names of at most 15 bytes"),
    ({"sixrd_interface": "sit 6rd"},
     "sixrd_interface: 'sit 6rd' is not a network interface name (such as eth1 or enp2s0: no spaces, / or :)"),
], ids=["no-prefix", "foreign-ipv4", "prefix-too-long", "mtu", "not-a-tunnel", "long-name", "space"])
def test_bad_variables_fail_before_anything_changes(host, bad_vars, message):
    output = failing_playbook("sixrd.yml", bad_vars)
    assert message in " ".join(output.split())
    assert "Traceback" not in output
    assert not host.file("/etc/systemd/network/60-sixrd0.netdev").exists
    assert not host.file("/etc/network/interfaces.d/sixrd0").exists


def test_the_relay_cannot_be_the_host_itself(host, own_ipv4):
    output = failing_playbook("sixrd.yml", {"sixrd_ipv4_address": own_ipv4, "sixrd_border_relay": own_ipv4})
    assert f"sixrd_border_relay {own_ipv4} cannot be the tunnel's far end from {HOST}: it is the host's own address" \
        in " ".join(output.split())
