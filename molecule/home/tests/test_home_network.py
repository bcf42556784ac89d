"""The whole home network, end to end from its two clients: SLAAC on the IPv6-only LAN,
DHCPv4 + DHCPv6 with dynamic DNS on the dual-stack LAN, DNS64 and NAT64 to an IPv4-only
web host, and ufw on the gateway. Run as converged and again after every container of the
lab restarted."""

import ipaddress
import json
import re

import pytest
from ansible_collections.homelab.ipv6.plugins.filter.nat64 import nat64

from conftest import dhclient, dig, global_addresses, run_playbook, wait_for
from home_lab import (KEPT, WEB, answers, client, dns64_resolver, gateway,  # noqa: F401  # pylint: disable=unused-import
                      home_resolver, lans, plan, v6client, written_before_this_boot)

CLIENT_NAME = "lab-home.home.arpa"


def test_dynamic_names_are_kept_across_the_restart_of_every_container(v6client, dns64_resolver, client):
    """Runs first: after side_effect restarted every container, the names the dual-stack
    client registered in the verify before must still resolve, without it asking again.
    Asked from the IPv6-only LAN: the dual-stack client's DHCPv6 address did not survive its
    own restart (dhclient ran once), and from its link-local address the resolver refuses it."""
    if not written_before_this_boot(client, KEPT):
        pytest.skip("no names from before a restart yet: the first verify registers the dual-stack "
                    "client's names, the one after the restart of every container checks them")
    kept = json.loads(client.file(KEPT).content_string)
    assert wait_for(lambda: answers(v6client, dns64_resolver, "A", kept["name"]) == [kept["ipv4"]], timeout=60)
    assert answers(v6client, dns64_resolver, "AAAA", kept["name"]) == [kept["ipv6"]]
    assert answers(v6client, dns64_resolver, "-x", kept["ipv6"]) == [kept["name"] + "."]
    assert answers(v6client, dns64_resolver, "-x", kept["ipv4"]) == [kept["name"] + "."]


def test_the_ipv6_only_client_forms_slaac_addresses_in_both_prefixes_and_has_no_ipv4(v6client, lans):
    assert global_addresses(v6client, family="inet") == []
    wanted = [ipaddress.ip_network(prefix) for prefix in lans["v6only"]["prefixes"]]

    def slaac_prefixes():
        addresses = [ipaddress.ip_address(a) for a in global_addresses(v6client, flags="dynamic")]
        return sorted({str(net) for net in wanted for a in addresses if a in net})

    assert wait_for(lambda: slaac_prefixes() == sorted(map(str, wanted)), timeout=30), slaac_prefixes()


def test_the_dual_stack_client_gets_both_leases_and_both_names(client, lans, home_resolver):
    # dhclient sends fqdn.fqdn fully qualified: Kea would not qualify a bare name.
    config = f'send host-name "{CLIENT_NAME.split(".", maxsplit=1)[0]}";\nsend fqdn.fqdn "{CLIENT_NAME}.";\n'
    ipv4 = dhclient(client, 4, "eth0", config)
    ipv6 = dhclient(client, 6, "eth0", config)
    home = lans["home"]
    assert ipaddress.ip_address(ipv4) in ipaddress.ip_network(home["ipv4"])
    assert ipaddress.ip_address(ipv6) in ipaddress.ip_network(home["ula_prefix"])
    assert wait_for(lambda: answers(client, home_resolver, "A", CLIENT_NAME) == [ipv4], timeout=15)
    assert wait_for(lambda: answers(client, home_resolver, "AAAA", CLIENT_NAME) == [ipv6], timeout=15)
    assert wait_for(lambda: answers(client, home_resolver, "-x", ipv6) == [CLIENT_NAME + "."], timeout=5)
    assert wait_for(lambda: answers(client, home_resolver, "-x", ipv4) == [CLIENT_NAME + "."], timeout=5)
    # Written once: its age tells the verify after the restart of every container from the first.
    if not client.file(KEPT).exists:
        client.check_output(f"printf %s {json.dumps(json.dumps({'name': CLIENT_NAME, 'ipv4': ipv4, 'ipv6': ipv6}))}"
                            f" > {KEPT}")


def test_the_stateful_lan_gives_no_slaac_address(client, lans):
    # SLAAC forms /64s; dhclient's DHCPv6 address is a /128, also "dynamic" (it has lifetimes).
    links = json.loads(client.check_output("ip -j -6 address show dev eth0 scope global dynamic"))
    slaac = [info["local"] for link in links for info in link["addr_info"] if info.get("prefixlen") == 64]
    home = [ipaddress.ip_network(prefix) for prefix in lans["home"]["prefixes"]]
    assert not [a for a in slaac if any(ipaddress.ip_address(a) in net for net in home)], slaac


def test_home_names_answer_on_both_lans_with_their_real_addresses(
        client, v6client, plan, home_resolver, dns64_resolver):
    nas = next(host for host in plan["hosts"] if host["name"] == "nas")
    both = sorted([nas["ula_address"], nas["gua_address"]])
    assert answers(client, home_resolver, "AAAA", "nas.home.arpa") == both
    assert answers(client, home_resolver, "A", "nas.home.arpa") == [nas["ipv4"]]
    # Through unbound's DNS64: a name with a real AAAA keeps it.
    assert answers(v6client, dns64_resolver, "AAAA", "nas.home.arpa") == both
    for address in both:
        assert answers(v6client, dns64_resolver, "-x", address) == ["nas.home.arpa."]


def test_an_ipv4_only_name_gets_an_aaaa_in_the_nat64_prefix(v6client, dns64_resolver, plan, scenario_vars):
    synthesised = str(ipaddress.ip_address(nat64(scenario_vars["lab_web_address"], plan["nat64_prefix"])))
    assert synthesised == "2001:db8:5664:64::c612:320a"
    assert wait_for(lambda: dig(v6client, dns64_resolver, "AAAA", scenario_vars["lab_web_name"])
                    == ("NOERROR", [synthesised]), timeout=30)


def test_the_ipv6_only_client_fetches_the_ipv4_only_page_through_the_nat64(
        lab_host, gateway, v6client, scenario_vars):
    url = f"http://{scenario_vars['lab_web_name']}/?from-the-v6client"
    page = wait_for(lambda: v6client.run(f"curl -6 --silent --max-time 5 {url}").stdout, timeout=60, interval=2)
    assert page == "homelab.ipv6 lab: served over IPv4 only\n", v6client.run(f"curl -6 -v --max-time 5 {url}").stderr
    log = lab_host(WEB).check_output("journalctl -u lab-web --no-pager -n 20")
    gateway_ipv4 = global_addresses(gateway, family="inet", interface="eth0")[0]
    assert re.search(rf"^.*{re.escape(gateway_ipv4)} - - .*from-the-v6client", log, re.MULTILINE), log


def test_the_web_host_is_ipv4_only(lab_host):
    assert global_addresses(lab_host(WEB)) == []


@pytest.fixture
def closed_port(gateway):
    """A listener on the gateway on a port no rule opens, for the time of one test."""
    gateway.check_output("systemd-run --unit lab-closed-port python3 -m http.server 8081 --bind ::")
    assert wait_for(lambda: gateway.run("curl -s --max-time 2 http://[::1]:8081/").succeeded, timeout=15)
    yield 8081
    gateway.run("systemctl stop lab-closed-port")


def test_ufw_on_the_gateway_drops_what_no_rule_opens(gateway, client, v6client, lans, closed_port):
    status = gateway.check_output("ufw status verbose")
    assert "Status: active" in status and "deny (incoming)" in status and "deny (routed)" in status
    assert "IPV6=yes" in gateway.file("/etc/default/ufw").content_string
    for host, lan in ((client, "home"), (v6client, "v6only")):
        address = lans[lan]["dns_servers"][0]
        assert host.run(f"curl -s --max-time 3 http://[{address}]:{closed_port}/").rc == 28, lan  # timed out
        # ... while DNS, opened by dns_bind, answers on the same address.
        assert dig(host, address, "SOA", "home.arpa")[0] == "NOERROR"


def test_the_address_plan_report_shows_the_lab_as_planned(tmp_path, lans, client):
    run = run_playbook("../../playbooks/address_plan.yml",
                       {"address_plan_dir": str(tmp_path), "address_plan_strict": True})
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    page = (tmp_path / "address-plan.md").read_text()
    home = lans["home"]
    assert (f"| home | eth1 | stateful (M O) | {home['ula_prefix']} | {home['gua_prefix']} | {home['ipv4']} | "
            f"{home['dns_servers'][0]} | no |") in page
    assert "| 2001:db8:5664:64::/96 |" in page and "| DNS64 + NAT64 (dns64_nat64) | home-gw |" in page
    assert "| nas.home.arpa | home |" in page and "as planned, with PTR" in page
    assert "None: every fixed address is on its interface" in page
    if client.file(KEPT).exists:
        # The dual-stack client's DHCP addresses carry the name it registered.
        assert "lab-home.home.arpa." in page
    assert (tmp_path / "address-plan.svg").read_text().lstrip().startswith(("<?xml", "<svg"))
    assert (tmp_path / "address-plan.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
