"""Seed 001 from the IPv6-only client: DNS64 names for an IPv4-only host, a page fetched
from it through the NAT64 (TAYGA), home names with their real AAAA, and no answers for
strangers. Run as converged and again after the gateway restarted."""

import ipaddress

import pytest
from ansible_collections.homelab.ipv6.plugins.filter.nat64 import nat64
from ansible_collections.homelab.ipv6.plugins.filter.site_plan import site_plan

from conftest import dig, failing_playbook, global_addresses, stranger_on_link, wait_for

GATEWAY, CLIENT, WEB = "nat64-gw", "nat64-client", "nat64-web"


@pytest.fixture(scope="module")
def plan(scenario_vars):
    return site_plan(scenario_vars["homelab_site"])


@pytest.fixture(scope="module")
def resolver(plan):
    """The gateway's fixed address on the LAN, which its router advertisements announce."""
    return plan["lans"][0]["dns_servers"][0]


@pytest.fixture(scope="module")
def gateway(lab_host):
    return lab_host(GATEWAY)


@pytest.fixture(scope="module")
def client(lab_host, resolver):
    """The IPv6-only client, using the resolver the router advertisements name (the lab's
    client image has no RDNSS daemon to write it). After the gateway restarted, podman gave
    it new MAC and link-local addresses: the client reaches it again once its neighbour
    entry is renewed and the old default route (30 s lifetime) has given way to the new RA."""
    host = lab_host(CLIENT)
    host.check_output(f"echo 'nameserver {resolver}' > /etc/resolv.conf")
    assert wait_for(lambda: host.run(f"ping -c 1 -W 1 {resolver}").succeeded, timeout=60)
    return host


@pytest.fixture(scope="module")
def synthesised(plan, scenario_vars):
    """The AAAA DNS64 should give the web host, as dig prints it (hexadecimal, not the dotted quad)."""
    return str(ipaddress.ip_address(nat64(scenario_vars["lab_web_address"], plan["nat64_prefix"])))


def test_the_client_is_ipv6_only_with_a_slaac_address_in_the_lan(client, plan):
    assert global_addresses(client, family="inet") == []
    lan_prefix = plan["lans"][0]["ula_prefix"].split("::/")[0]
    assert wait_for(lambda: [a for a in global_addresses(client, flags="dynamic") if a.startswith(lan_prefix + ":")])


def test_an_ipv4_only_name_gets_an_aaaa_in_the_nat64_prefix(client, resolver, scenario_vars, synthesised):
    assert synthesised == "fd7a:b5e0:1b40:64::c612:280a"
    assert wait_for(lambda: dig(client, resolver, "AAAA", scenario_vars["lab_web_name"])
                    == ("NOERROR", [synthesised]), timeout=30)
    assert dig(client, resolver, "A", scenario_vars["lab_web_name"]) == ("NOERROR", [scenario_vars["lab_web_address"]])


def test_home_names_keep_their_real_aaaa(client, resolver, plan):
    nas = next(host for host in plan["hosts"] if host["name"] == "nas")
    assert dig(client, resolver, "AAAA", "nas.home.arpa") == ("NOERROR", [nas["ula_address"]])
    assert dig(client, resolver, "-x", nas["ula_address"]) == ("NOERROR", ["nas.home.arpa."])


def test_the_client_fetches_the_ipv4_only_page_through_the_nat64(client, scenario_vars):
    url = f"http://{scenario_vars['lab_web_name']}/"
    page = wait_for(lambda: client.run(f"curl -6 --silent --max-time 5 {url}").stdout, timeout=60, interval=2)
    assert page == "homelab.ipv6 lab: served over IPv4 only\n", client.run(f"curl -6 --verbose --max-time 5 {url}").stderr


def test_the_web_server_sees_the_gateways_ipv4_address(lab_host, gateway, client, scenario_vars):
    client.check_output(f"curl -6 --silent --max-time 5 http://{scenario_vars['lab_web_name']}/?from-the-client")
    web = lab_host(WEB)
    log = web.check_output("journalctl -u lab-web --no-pager -n 20")
    gateway_ipv4 = global_addresses(gateway, family="inet", interface="eth0")[0]
    assert f"{gateway_ipv4} - - " in log and "from-the-client" in log


@pytest.fixture
def stranger(client, gateway):
    with stranger_on_link(client, gateway) as address:
        yield address


def test_queries_from_outside_the_lan_are_refused(client, resolver, stranger, scenario_vars):
    assert dig(client, resolver, "AAAA", scenario_vars["lab_web_name"], source=stranger)[0] == "REFUSED"


def test_unbound_and_named_share_port_53_on_distinct_addresses(gateway, resolver):
    lines = gateway.check_output("ss -Hlnup 'sport = :53'").splitlines()
    assert any(f"[{resolver}]:53" in line and "unbound" in line for line in lines), lines
    assert all("named" in line for line in lines if f"[{resolver}]:53" not in line), lines


def test_the_translator_and_resolver_start_at_boot(gateway):
    for unit in ("homelab-tayga.service", "homelab-nat64-nat44.service", "unbound.service"):
        assert gateway.service(unit).is_enabled
    assert gateway.service("homelab-tayga.service").is_running


@pytest.mark.parametrize("bad_vars, message", [
    ({"dns64_nat64_tayga_pool": "198.19.64.0/31"}, "an IPv4\nnetwork of at least 4 addresses"),
    ({"dns64_nat64_forwarders": ["dns.example"]}, "dns64_nat64_forwarders has 'dns.example', which is not an IP address"),
    ({"dns64_nat64_lans": ["guest"]}, "dns64_nat64_lans names guest, which homelab_site.lans does not have"),
], ids=["pool", "forwarder", "lan"])
def test_bad_variables_fail_before_the_config_changes(gateway, bad_vars, message):
    config = "/etc/unbound/unbound.conf.d/homelab-dns64.conf"
    before = gateway.file(config).sha256sum
    output = failing_playbook("dns64.yml", bad_vars)
    assert " ".join(message.split()) in " ".join(output.split())
    assert "Traceback" not in output
    assert gateway.file(config).sha256sum == before
    assert gateway.service("unbound").is_running
