"""The gateway's DNS64 + NAT64 (TAYGA) seen from its own side: who may ask, who listens,
what starts at boot, and bad variables refused before anything changes."""

import pytest

from lab_helpers import dig, failing_playbook, stranger_on_link


@pytest.fixture
def stranger(v6client, gateway):
    with stranger_on_link(v6client, gateway, router_interface="eth2") as address:
        yield address


def test_queries_from_outside_the_lan_are_refused(v6client, dns64_resolver, stranger, scenario_vars):
    assert dig(v6client, dns64_resolver, "AAAA", scenario_vars["lab_web_name"], source=stranger)[0] == "REFUSED"


def test_unbound_and_named_share_port_53_on_distinct_addresses(gateway, lans):
    # unbound on the resolver's address of each dns64 LAN (the IPv6-only and the IPv6-mostly
    # one), named on every other, the IPv6-mostly LAN's IPv4 included.
    unbound = [f"[{lans[name]['dns_servers'][0]}]:53" for name in ("v6only", "guest")]
    lines = gateway.check_output("ss -Hlnup 'sport = :53'").splitlines()
    for address in unbound:
        assert any(address in line and "unbound" in line for line in lines), (address, lines)
    assert all("named" in line for line in lines if not any(address in line for address in unbound)), lines
    assert any(line.split()[3].startswith("198.18.52.") and "named" in line for line in lines), lines


def test_the_translator_and_resolver_start_at_boot(gateway):
    for unit in ("homelab-tayga.service", "homelab-nat64-nat44.service", "unbound.service"):
        assert gateway.service(unit).is_enabled
    assert gateway.service("homelab-tayga.service").is_running


def test_ufw_routes_the_lan_through_tayga(gateway, plan):
    rules = gateway.check_output("ufw status").splitlines()
    nat64 = [line.split("#")[0].split() for line in rules if "dns64_nat64" in line]
    assert sorted(nat64) == sorted([
        [plan["nat64_prefix"], "on", "nat64", "ALLOW", "FWD", "Anywhere", "(v6)", "on", "eth2"],
        # The IPv6-mostly LAN reaches the NAT64 as the IPv6-only LAN does.
        [plan["nat64_prefix"], "on", "nat64", "ALLOW", "FWD", "Anywhere", "(v6)", "on", "eth3"],
        ["Anywhere", "on", "eth0", "ALLOW", "FWD", "198.19.64.0/24", "on", "nat64"],
    ]), rules


@pytest.mark.first_verify_only("bad input, which no restart changes")
@pytest.mark.parametrize("bad_vars, message", [
    ({"dns64_nat64_tayga_pool": "198.19.64.0/31"}, "an IPv4\nnetwork of at least 4 addresses"),
    ({"dns64_nat64_forwarders": ["dns.example"]}, "dns64_nat64_forwarders has 'dns.example', which is not an IP address"),
    ({"dns64_nat64_lans": ["lobby"]}, "dns64_nat64_lans[0]: 'lobby' is not a LAN of homelab_site.lans (it has"),
    # A dual-stack LAN, where named answers: unbound could not bind there.
    ({"dns64_nat64_lans": ["home"]}, "dns64_nat64_lans names home, which homelab_site.lans does not mark dns64: true"),
], ids=["pool", "forwarder", "lan", "lan-without-dns64"])
def test_bad_variables_fail_before_the_config_changes(gateway, bad_vars, message):
    config = "/etc/unbound/unbound.conf.d/homelab-dns64.conf"
    before = gateway.file(config).sha256sum
    output = failing_playbook("dns64.yml", bad_vars)
    assert " ".join(message.split()) in " ".join(output.split())
    assert "Traceback" not in output
    assert gateway.file(config).sha256sum == before
    assert gateway.service("unbound").is_running
