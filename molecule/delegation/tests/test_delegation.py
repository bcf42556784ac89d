"""DHCPv6 prefix delegation, proven from the clients: each router asks the lab's ISP for a
prefix, numbers its LAN from it and advertises it; its client forms an address there and
reaches the ISP's far side from it, through the route the ISP keeps to the delegation. On the
stateful LAN the client's address is a DHCPv6 lease, registered in DNS by the router's Kea. Then
the ISP renumbers its pool and, with no converge, the routers follow on their own: the test
polls the routers and the clients, and writes how long it took to build/reports/. Molecule's
idempotence step comes after this verify: the converge after the renumbering and the loss
changes nothing, since the follower wrote the bytes the roles write."""

import ipaddress
import json
import time

import pytest
from ansible_collections.homelab.ipv6.plugins.filter.fixed_address import fixed_address
from ansible_collections.homelab.ipv6.plugins.filter.site_plan import site_plan
from lab_helpers import append_report, dig, global_addresses, run_playbook, wait_for

ROUTERS = {"deleg-gw12": "deleg-client12", "deleg-gw13": "deleg-client13"}
# The router that is its home's resolver and DHCP server too (BIND with the GUA reverse zone,
# Kea on a stateful LAN, whose client registers its name by DHCPv6).
RESOLVER = "deleg-gw13"
ISP = "deleg-isp"
FACT = "/etc/ansible/facts.d/homelab_prefix_delegation.fact"
UNIT = "homelab-ipv6-prefix-delegation.service"
NEW_POOL = "2001:db8:57a0::/52"


def in_prefix(addresses, prefix):
    network = ipaddress.ip_network(prefix)
    return [address for address in addresses if ipaddress.ip_address(address) in network]


def delegation(router):
    text = router.run(f"cat {FACT}").stdout
    return json.loads(text) if text else {}


@pytest.fixture(scope="module")
def site_of(scenario_config):
    host_vars = scenario_config["provisioner"]["inventory"]["host_vars"]
    return lambda name: host_vars[name]["homelab_site"]


@pytest.fixture(scope="module")
def hosts(lab_host):
    return {name: (lab_host(name), lab_host(client)) for name, client in ROUTERS.items()}


@pytest.fixture(scope="module")
def isp(lab_host):
    return lab_host(ISP)


def lan_of(site, fact):
    """The router's LAN as the site plan numbers it from the delegation the router keeps."""
    return site_plan(site, None, None, fact)["lans"][0]


def assert_numbered_from(name, router, client, isp, site, pool, scenario_vars, within=90):
    """The router holds a delegation from pool and its LAN follows it: returns the LAN."""
    def from_pool():
        fact = delegation(router)
        return fact if fact.get("prefix") and in_prefix([fact["prefix"].split("/")[0]], pool) else None

    fact = wait_for(from_pool, timeout=within)
    assert fact, (name, delegation(router), router.run(f"journalctl -u {UNIT} --no-pager -n 20").stdout)
    assert fact["prefix"].endswith("/56") and fact["interface"] == "eth0" and fact["valid_until"] > time.time()
    lan = lan_of(site, fact)
    gua = lan["gua_prefix"]
    token = next(host["iid"] for host in site["hosts"] if host["name"] == name)
    # The router: its fixed address in the /64 of the LAN's subnet id.
    assert wait_for(lambda: fixed_address(gua, token) in global_addresses(router, interface="eth1"), timeout=within), \
        (name, gua, global_addresses(router, interface="eth1"))
    # The ISP routes the delegation to the router's link-local address on the wan.
    route = isp.check_output(f"ip -6 route show {fact['prefix']}")
    assert "via fe80:" in route and "dev eth0" in route, (fact["prefix"], route)
    # The client forms an address in the advertised /64 (past its duplicate address detection)
    # and reaches the ISP's far side from it.
    address = wait_for(lambda: in_prefix(global_addresses(client, flags="dynamic -deprecated -tentative"), gua),
                       timeout=within)
    assert address, (name, gua, global_addresses(client))
    ping = f"ping -6 -c 1 -W 2 -I {address[0]} {scenario_vars['lab_isp_internet']}"
    assert wait_for(lambda: client.run(ping).rc == 0, timeout=10), (name, address, client.run(ping).stderr)
    return lan, fact


def assert_dns_follows(client, site, fact, old_fact=None, within=60):
    """Asked from the client, the resolver answers the AAAA of every site host in the plan of
    fact (none in a GUA without a delegation) and the PTR of its GUA, and no longer the PTRs of
    old_fact's prefix, whose reverse zone it no longer serves."""
    plan = site_plan(site, None, None, fact)
    server = plan["lans"][0]["dns_servers"][0]
    for host in plan["hosts"]:
        fqdn = f"{host['name']}.home.arpa"
        want = sorted(address for address in (host["ula_address"], host["gua_address"]) if address)
        assert wait_for(lambda: dig(client, server, "AAAA", fqdn)[1] == want, timeout=within, interval=2), \
            (fqdn, dig(client, server, "AAAA", fqdn), want)
        if host["gua_address"]:
            assert dig(client, server, "-x", host["gua_address"])[1] == [fqdn + "."], host["gua_address"]
    if old_fact and old_fact.get("prefix") and old_fact["prefix"] != fact.get("prefix"):
        old = site_plan(site, None, None, old_fact)
        for host in old["hosts"]:
            if host["gua_address"]:
                assert dig(client, server, "-x", host["gua_address"])[1] != [f"{host['name']}.home.arpa."]
        assert dig(client, server, "+norecurse", "SOA", old["gua_reverse_zones"][0])[1] == [], old["gua_reverse_zones"]


def assert_client_registered(client, site, fact, within=90):
    """The stateful LAN's client holds a DHCPv6 lease in the prefix its LAN leases in (the GUA
    of the delegation, else the ULA), and the resolver answers its name with that address alone
    and the address's PTR with its name: Kea registered it there."""
    plan = site_plan(site, None, None, fact)
    lan = plan["lans"][0]
    server = lan["dns_servers"][0]
    fqdn = f"{client.check_output('hostname')}.home.arpa"

    def registered():
        leased = in_prefix(global_addresses(client, flags="dynamic -deprecated -tentative"), lan["dhcpv6_prefix"])
        return leased if len(leased) == 1 and dig(client, server, "AAAA", fqdn)[1] == leased else None

    leased = wait_for(registered, timeout=within, interval=2)
    assert leased, (fqdn, lan["dhcpv6_prefix"], global_addresses(client), dig(client, server, "AAAA", fqdn))
    # The resolver serves the reverse zone of the GUA and the ULA alike.
    assert wait_for(lambda: dig(client, server, "-x", leased[0])[1] == [fqdn + "."], timeout=15), \
        (leased, dig(client, server, "-x", leased[0]))
    return leased[0]


def test_each_router_numbers_its_lan_from_the_prefix_its_isp_delegates(hosts, isp, site_of, scenario_vars):
    prefixes = set()
    for name, (router, client) in hosts.items():
        lan, fact = assert_numbered_from(name, router, client, isp, site_of(name), scenario_vars["lab_isp_pd_pool"],
                                         scenario_vars)
        prefixes.add(fact["prefix"])
        if name == RESOLVER:
            assert_dns_follows(client, site_of(name), fact)
            assert_client_registered(client, site_of(name), fact)
        # radvd advertises the /64 with lifetimes no longer than the delegation's.
        config = router.file("/etc/radvd.conf").content_string
        assert lan["gua_prefix"] in config and lan["ula_prefix"] in config, config
    assert len(prefixes) == 2, prefixes


def test_the_isp_renumbers_and_the_routers_follow_with_no_converge(hosts, isp, site_of, scenario_vars):
    before = {name: delegation(router) for name, (router, _client) in hosts.items()}
    old_lans = {name: lan_of(site_of(name), before[name]) for name in hosts}
    started = time.monotonic()
    isp_run = run_playbook("isp.yml", {"lab_isp_pd_pool": NEW_POOL})
    assert isp_run.returncode == 0, isp_run.stdout[-3000:] + isp_run.stderr[-3000:]
    changed_at = time.monotonic()
    for name, (router, client) in hosts.items():
        # Within a renewal (10 s) and a minute.
        lan, fact = assert_numbered_from(name, router, client, isp, site_of(name), NEW_POOL, scenario_vars, within=60)
        if name == RESOLVER:
            assert_dns_follows(client, site_of(name), fact, before[name])
            assert_client_registered(client, site_of(name), fact)
        moved = time.monotonic() - changed_at
        old = old_lans[name]["gua_prefix"]
        assert fact["previous"] == before[name]["prefix"], fact
        # Nothing of the old prefix on the router, in its advertisements, or preferred on the client.
        assert not in_prefix(global_addresses(router, interface="eth1"), old), global_addresses(router, interface="eth1")
        assert old not in router.file("/etc/radvd.conf").content_string
        assert wait_for(lambda: not in_prefix(global_addresses(client, flags="-deprecated"), old), timeout=30), \
            (name, old, global_addresses(client))
        journal = router.check_output(f"journalctl -u {UNIT} --no-pager -o cat")
        line = f"homelab-ipv6 prefix follower: the ISP delegated {fact['prefix']} on eth0 (was {before[name]['prefix']})"
        assert line in journal, journal[-2000:]
        append_report("delegation-renumbering.txt",
                      f"{name}: the ISP's pool changed to {NEW_POOL}; {moved:.0f} s later the client had its address "
                      f"in {lan['gua_prefix']} and none preferred in {old}"
                      f"{', its DHCPv6 lease and name there, and every AAAA and PTR had moved' if name == RESOLVER else ''}"
                      " (the whole step: "
                      f"{time.monotonic() - started:.0f} s with the ISP's playbook)")


def test_a_lost_delegation_leaves_the_ula_and_comes_back(hosts, isp, site_of, scenario_vars):
    """The ISP stops answering: at the end of the valid lifetime (60 s here) the lease is gone,
    the routers advertise their ULA alone and the clients' GUA is deprecated; when the ISP
    answers again, the delegation and the GUA come back, with no converge."""
    before = {name: delegation(router) for name, (router, _client) in hosts.items()}
    assert all(fact.get("prefix") for fact in before.values()), before
    isp.check_output("systemctl stop kea-dhcp6-server")
    try:
        for name, (router, client) in hosts.items():
            lan = lan_of(site_of(name), before[name])
            token = next(host["iid"] for host in site_of(name)["hosts"] if host["name"] == name)
            assert wait_for(lambda: delegation(router).get("prefix") is None, timeout=90), (name, delegation(router))
            assert wait_for(lambda: not in_prefix(global_addresses(router, interface="eth1"), lan["gua_prefix"]),
                            timeout=15), (name, global_addresses(router, interface="eth1"))
            assert fixed_address(lan["ula_prefix"], token) in global_addresses(router, interface="eth1")
            config = router.file("/etc/radvd.conf").content_string
            assert lan["gua_prefix"] not in config and lan["ula_prefix"] in config, config
            # A SLAAC client keeps its ULA; a stateful LAN's client renews into it at T1.
            assert wait_for(lambda: not in_prefix(global_addresses(client, flags="-deprecated"), lan["gua_prefix"]),
                            timeout=60), (name, global_addresses(client))
            assert wait_for(lambda: in_prefix(global_addresses(client, flags="-deprecated"), lan["ula_prefix"]),
                            timeout=60), global_addresses(client)
            journal = router.check_output(f"journalctl -u {UNIT} --no-pager -o cat")
            assert (f"the ISP delegates no prefix on eth0 any more (it was {before[name]['prefix']}); the LANs keep "
                    "their ULA") in journal, journal[-2000:]
            if name == RESOLVER:
                assert_dns_follows(client, site_of(name), delegation(router), before[name], within=15)
                assert_client_registered(client, site_of(name), delegation(router))
    finally:
        isp.check_output("systemctl start kea-dhcp6-server")
    for name, (router, client) in hosts.items():
        _lan, fact = assert_numbered_from(name, router, client, isp, site_of(name), NEW_POOL, scenario_vars, within=90)
        if name == RESOLVER:
            assert_dns_follows(client, site_of(name), fact)
            assert_client_registered(client, site_of(name), fact)
