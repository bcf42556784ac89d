"""The whole home network, end to end from its clients, each configured by its own network
stack: what resolver and domain each learnt, the addresses it holds, pages it fetches by
name from the Internet behind the ISP (and the source the Internet host saw), DHCP names in
DNS, DNS64 + NAT64, and ufw on the gateway. Run as converged and again after every
container of the lab restarted."""

import ipaddress
import json
import re

import pytest
from ansible_collections.homelab.ipv6.plugins.filter.addresses import nat64

from home_lab import (
    CLIENTS, DHCPCD, DUAL_STACK_CLIENTS, GATEWAY, ISP, NEIGHBOUR, NEIGHBOUR_PC, NETWORKD, PHONE, STATEFUL_CLIENTS, WEB,
    answers, fetch, first_answer, gua_source, in_network, lease_addresses, listener, logged_source, resolvers_learnt,
)
from lab_helpers import AFTER_RESTART, EPHEMERAL, dig, global_addresses, wait_for


@pytest.mark.parametrize("name", list(CLIENTS))
def test_each_client_learns_the_home_resolver_and_domain_by_itself(clients, lans, name):
    """Seed 000's trap: a client that asks the ISP's DNS for home names. The resolver and the
    search domain come from RDNSS/DNSSL (the SLAAC-only client has nothing else) and DHCP."""
    lan = lans[CLIENTS[name]]
    servers, domains = wait_for(lambda: resolvers_learnt(clients[name]), timeout=30)
    assert lan["dns_servers"][0] in servers, (servers, domains)
    assert "home.arpa" in domains, (servers, domains)


@pytest.mark.parametrize("name", list(CLIENTS))
def test_each_client_has_an_address_in_its_lans_gua(clients, lans, name):
    lan = lans[CLIENTS[name]]
    assert wait_for(lambda: gua_source(clients[name], lan), timeout=30), global_addresses(clients[name])


@pytest.mark.parametrize("name", list(CLIENTS))
def test_each_client_fetches_the_ipv6_internet_by_name_from_its_gua(clients, lans, web, scenario_vars, name):
    marker = f"ipv6-from-{name}"
    url = f"http://{scenario_vars['lab_web6_name']}/?{marker}"
    page = wait_for(lambda: fetch(clients[name], url), timeout=30, interval=2)
    assert page == "homelab.ipv6 lab: the Internet\n", clients[name].run(f"curl -v --max-time 5 {url}").stderr
    source = logged_source(web, "lab-web6", marker)
    assert source and in_network([source], lans[CLIENTS[name]]["gua_prefix"]), source


@pytest.mark.parametrize("name", DUAL_STACK_CLIENTS)
def test_each_dual_stack_client_fetches_the_ipv4_internet_by_name_behind_the_uplink(
        clients, gateway, web, scenario_vars, name):
    marker = f"ipv4-from-{name}"
    url = f"http://{scenario_vars['lab_web_name']}/?{marker}"
    page = wait_for(lambda: fetch(clients[name], url), timeout=30, interval=2)
    assert page == "homelab.ipv6 lab: the Internet\n", clients[name].run(f"curl -v --max-time 5 {url}").stderr
    # NAT44 on the gateway: the Internet sees the uplink's address, not the LAN's.
    assert logged_source(web, "lab-web", marker) == global_addresses(gateway, family="inet", interface="eth0")[0]


def test_the_ipv6_only_client_fetches_the_ipv4_only_site_by_name_through_the_nat64(
        gateway, v6client, web, scenario_vars):
    url = f"http://{scenario_vars['lab_web_name']}/?from-the-v6client"
    page = wait_for(lambda: fetch(v6client, url), timeout=60, interval=2)
    assert page == "homelab.ipv6 lab: the Internet\n", v6client.run(f"curl -v --max-time 5 {url}").stderr
    assert logged_source(web, "lab-web", "from-the-v6client") == global_addresses(
        gateway, family="inet", interface="eth0")[0]


def test_the_ipv6_only_client_forms_slaac_addresses_in_both_prefixes_and_has_no_ipv4(v6client, lans):
    assert global_addresses(v6client, family="inet") == []
    wanted = [ipaddress.ip_network(prefix) for prefix in lans["v6only"]["prefixes"]]

    def slaac_prefixes():
        addresses = [ipaddress.ip_address(a) for a in global_addresses(v6client, flags="dynamic")]
        return sorted({str(net) for net in wanted for a in addresses if a in net})

    assert wait_for(lambda: slaac_prefixes() == sorted(map(str, wanted)), timeout=30), slaac_prefixes()


@pytest.mark.parametrize("name", STATEFUL_CLIENTS)
def test_each_stateful_client_registers_its_leases_under_its_name(clients, lans, home_resolver, name):
    """The client's own DHCP client sends its hostname; Kea qualifies it and registers A, AAAA
    and both PTRs (the GUA's reverse zone is served here). After the restart of every container
    the same holds with no role re-applied."""
    host, home = clients[name], lans["home"]
    fqdn = f"{name}.home.arpa"
    ipv4, ipv6 = lease_addresses(host, 4), lease_addresses(host, 6)
    assert len(ipv4) == 1 and ipaddress.ip_address(ipv4[0]) in ipaddress.ip_network(home["ipv4"]), ipv4
    # One address per IA_NA, which these clients send one of: in the GUA, which reaches the Internet.
    assert home["dhcpv6_prefix"] == home["gua_prefix"]
    assert len(ipv6) == 1 and in_network(ipv6, home["dhcpv6_prefix"]), ipv6
    assert wait_for(lambda: answers(host, home_resolver, "A", fqdn) == ipv4, timeout=30), \
        answers(host, home_resolver, "A", fqdn)
    assert wait_for(lambda: answers(host, home_resolver, "AAAA", fqdn) == ipv6, timeout=30), \
        answers(host, home_resolver, "AAAA", fqdn)
    assert wait_for(lambda: answers(host, home_resolver, "-x", ipv6[0]) == [fqdn + "."], timeout=10)
    assert wait_for(lambda: answers(host, home_resolver, "-x", ipv4[0]) == [fqdn + "."], timeout=10)


@pytest.mark.parametrize("name", STATEFUL_CLIENTS)
def test_the_stateful_lan_gives_no_slaac_address(clients, lans, name):
    # SLAAC forms /64s; a DHCPv6 address is a /128, also "dynamic" (it has lifetimes).
    links = json.loads(clients[name].check_output("ip -j -6 address show dev eth0 scope global dynamic"))
    slaac = [info["local"] for link in links for info in link["addr_info"] if info.get("prefixlen") == 64]
    home = [ipaddress.ip_network(prefix) for prefix in lans["home"]["prefixes"]]
    assert not [a for a in slaac if any(ipaddress.ip_address(a) in net for net in home)], slaac


def test_the_slaac_lan_client_has_slaac_addresses_an_ipv4_lease_and_rdnss_alone(clients, lans):
    """Android's way on a dual-stack slaac LAN: SLAAC in both prefixes, IPv4 by DHCPv4, no DHCPv6
    client, and the resolver from RDNSS only (it takes no DNS server from DHCPv4)."""
    phone, guest = clients[PHONE], lans["guest"]
    assert (guest["mode"], guest["managed"], guest["other"]) == ("slaac", False, False)
    slaac = global_addresses(phone, flags="dynamic")
    for prefix in guest["prefixes"]:
        assert in_network(slaac, prefix), (prefix, slaac)
    assert not lease_addresses(phone, 6), lease_addresses(phone, 6)
    assert ipaddress.ip_address(lease_addresses(phone, 4)[0]) in ipaddress.ip_network(guest["ipv4"])
    servers, domains = resolvers_learnt(phone)
    assert servers == guest["dns_servers"] and "home.arpa" in domains, (servers, domains)
    # Home names by the same resolver.
    found = phone.run("getent ahostsv6 nas")
    assert found.rc == 0 and "nas" in found.stdout, found.stdout + found.stderr


def test_home_names_answer_on_both_lans_with_their_real_addresses(
        client, v6client, plan, home_resolver, dns64_resolver):
    nas = next(host for host in plan["hosts"] if host["name"] == "nas")
    both = sorted([nas["ula_address"], nas["gua_address"]])
    assert answers(client, home_resolver, "AAAA", "nas.home.arpa") == both
    assert first_answer(client, home_resolver, "A", "nas.home.arpa") == [nas["ipv4"]]
    # Through unbound's DNS64: a name with a real AAAA keeps it.
    assert answers(v6client, dns64_resolver, "AAAA", "nas.home.arpa") == both
    for address in both:
        assert answers(v6client, dns64_resolver, "-x", address) == ["nas.home.arpa."]


@pytest.mark.parametrize("lan", ["home", "v6only"])
def test_the_home_resolvers_answer_resolver_arpa_themselves(client, v6client, lans, lan):
    """RFC 9462: a client asking _dns.resolver.arpa (iPhones, Android, Windows 11) is answered by
    the LAN's own resolver (BIND, which forwards here; unbound's DNS64), authoritatively and
    empty, so it is never sent to the forwarders' encrypted resolver and keeps the home names."""
    host = client if lan == "home" else v6client
    run = host.run(f"dig +tries=1 +time=3 @{lans[lan]['dns_servers'][0]} SVCB _dns.resolver.arpa")
    assert re.search(r"status: (NOERROR|NXDOMAIN)", run.stdout), run.stdout
    assert re.search(r"flags:[^;]* aa[ ;]", run.stdout), run.stdout
    assert "ANSWER: 0," in run.stdout, run.stdout


def test_a_client_asking_from_its_link_local_address_is_answered(client, lans, home_resolver):
    """Between two DHCPv6 leases, as while the router follows a new delegation, a stateful
    client has no address in the LAN's prefixes and asks from its link-local one."""
    link_local = next(info for link in json.loads(client.check_output("ip -j -6 address show dev eth0 scope link"))
                      for info in link["addr_info"] if "local" in info)
    # dnspython takes a scoped source, which dig's -b does not.
    query = ("import dns.message, dns.query, dns.rcode; "
             "query = dns.message.make_query('nas.home.arpa', 'AAAA'); "
             f"answer = dns.query.udp(query, '{home_resolver}', timeout=3, source='{link_local['local']}%eth0'); "
             "print(dns.rcode.to_text(answer.rcode()), len(answer.answer))")
    assert client.check_output(f'python3 -c "{query}"').split() == ["NOERROR", "1"]


@pytest.mark.parametrize("router", [GATEWAY, NEIGHBOUR])
def test_radvd_starts_without_a_warning(lab_host, router):
    """radvd 2.20 on the gateway and 2.19 next door take the role's configuration as it is:
    nothing in the journal of this boot says otherwise (radvd logs its warnings at each start)."""
    journal = lab_host(router).check_output("journalctl -u radvd -b --no-pager -o cat")
    assert "started" in journal, journal
    assert not re.search(r"(?i)warning|error", journal), journal


def test_a_client_finds_home_names_by_their_short_name(v6client):
    """The search domain from DNSSL, used by the client's own resolver: 'nas' is nas.home.arpa."""
    found = v6client.run("getent ahostsv6 nas")
    assert found.rc == 0 and "nas" in found.stdout, found.stdout + found.stderr


def test_an_ipv4_only_name_gets_an_aaaa_in_the_nat64_prefix(v6client, dns64_resolver, plan, scenario_vars):
    synthesised = str(ipaddress.ip_address(nat64(scenario_vars["lab_web_address"], plan["nat64_prefix"])))
    assert synthesised == "2001:db8:5664:64::c612:3c0a"
    assert wait_for(lambda: dig(v6client, dns64_resolver, "AAAA", scenario_vars["lab_web_name"])
                    == ("NOERROR", [synthesised]), timeout=30)


def test_the_internet_sites_are_one_family_each(web, scenario_vars):
    """The Internet's own DNS, asked directly: what makes DNS64 and the IPv4 path necessary."""
    for name, family, other in ((scenario_vars["lab_web_name"], "A", "AAAA"),
                                (scenario_vars["lab_web6_name"], "AAAA", "A")):
        assert dig(web, scenario_vars["lab_web_address"], family, name)[1], (name, family)
        assert dig(web, scenario_vars["lab_web_address"], other, name) == ("NOERROR", []), (name, other)


@pytest.fixture
def closed_port(gateway):
    """A listener on the gateway on a port no rule opens, for the time of one test."""
    with listener(gateway, "lab-closed-port", 8081) as port:
        yield port


def test_ufw_on_the_gateway_drops_what_no_rule_opens(gateway, client, v6client, lans, closed_port):
    status = gateway.check_output("ufw status verbose")
    assert "Status: active" in status and "deny (incoming)" in status and "deny (routed)" in status
    assert "IPV6=yes" in gateway.file("/etc/default/ufw").content_string
    for host, lan in ((client, "home"), (v6client, "v6only")):
        address = lans[lan]["dns_servers"][0]
        assert host.run(f"curl -s --max-time 3 http://[{address}]:{closed_port}/").rc == 28, lan  # timed out
        # ... while DNS, opened by dns_bind, answers on the same address.
        assert dig(host, address, "SOA", "home.arpa")[0] == "NOERROR"


def test_the_address_plan_report_shows_the_lab_as_planned(lans, clients, address_plan):
    page = (address_plan / "address-plan.md").read_text()
    home = lans["home"]
    assert (f"| home | eth1 | stateful (M O) | {home['ula_prefix']} | {home['gua_prefix']} | {home['ipv4']} | "
            f"{home['dns_servers'][0]} | no |") in page
    assert "| 2001:db8:5664:64::/96 |" in page and "| DNS64 + NAT64 (dns64_nat64) | home-gw |" in page
    assert "| nas.home.arpa | home |" in page and "as planned, with PTR" in page
    assert "None: every fixed address is on its interface" in page
    # Where the GUA came from: the ISP's delegation, and when it runs out.
    assert "| the ISP, by DHCPv6-PD on eth0 (asked for a /56); preferred until " in page, page[:2000]
    # The dual-stack clients' DHCP addresses carry the names they registered.
    assert f"{NETWORKD}.home.arpa." in page and f"{DHCPCD}.home.arpa." in page
    assert (address_plan / "address-plan.svg").read_text().lstrip().startswith(("<?xml", "<svg"))
    assert (address_plan / "address-plan.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_verify_after_the_restart_sees_containers_booted_after_the_first_verify(lab_phase, lab_host):
    """The marker says a restart happened; every container's systemd says it booted since."""
    if lab_phase != AFTER_RESTART:
        pytest.skip("the first verify: the restart of every container comes after it, in side_effect")
    verified = (EPHEMERAL / "lab-verified").stat().st_mtime
    for name in (GATEWAY, ISP, WEB, NEIGHBOUR, NEIGHBOUR_PC, *CLIENTS):
        host = lab_host(name)
        booted = int(host.check_output("echo $(( $(date +%s) - $(ps -o etimes= -p 1) ))"))
        assert booted >= int(verified), (name, booted, verified)
