"""The prefix comes from the ISP by DHCPv6-PD, and the network follows it on its own.

In every verify: each router (home-gw on Debian 13, the house next door's on Debian 12) holds
a /56 of the ISP's pool, the ISP routes it to the router's link-local address, and the LANs are
numbered from it. Once, last (the verify after the restart of every container, which the lab's
destruction follows): the ISP renumbers its pool and then stops delegating and starts again, and
with no playbook run the tests poll the clients and the resolver until everything moved: a new
GUA on every client, the old one deprecated, the AAAA and PTR records of every site host and
client, the Internet reached by name from the new prefix, the strict address-plan report clean.
How long it took goes to build/reports/home-renumbering.txt. Molecule's idempotence step, after
this verify, then shows that the converge after it all changes nothing: the follower wrote the
bytes the roles write."""

import ipaddress
import time

import pytest
from ansible_collections.homelab.ipv6.plugins.filter.site import fixed_address
from ansible_collections.homelab.ipv6.plugins.filter.site import site_plan

from home_lab import (
    CLIENTS, DELEGATION_UNIT, NAS, NEIGHBOUR_PC, PHONE, SERVER, SLAAC, STATEFUL_CLIENTS, VM_HOST, answers, connects,
    delegation, fetch, first_answer, followed_delegation, in_network, lans_of, lease_addresses, listener, live_followed,
    logged_source, own_addresses, plan_for, vm_delegation,
)
from lab_helpers import (
    AFTER_RESTART, append_report, delegated_routes, dig, global_addresses, link_local, run_playbook, wait_for,
)

NEW_POOL = "2001:db8:56a0::/52"
# On the gateway once the renumbering passed.
RENUMBERED = "/var/lib/lab-renumbered"
REPORT = "home-renumbering.txt"


def in_pool(fact, pool):
    return bool(fact.get("prefix")) and ipaddress.ip_network(fact["prefix"]).subnet_of(ipaddress.ip_network(pool))


def delegated_from(router, pool, within):
    """The router's lease once its prefix is one of pool's and the follower has applied it."""
    def followed_from_pool():
        fact = live_followed(router)
        return fact if fact and in_pool(fact, pool) else None

    fact = wait_for(followed_from_pool, timeout=within)
    assert fact, (pool, delegation(router), router.run(f"journalctl -u {DELEGATION_UNIT} --no-pager -n 20").stdout)
    return fact


def resolicit_within(lost_at, answering_at):
    """How long after the ISP answers again a router that lost its lease at lost_at (epoch
    seconds) may take to have it back. From the loss its Solicits back off exponentially (RFC
    8415 section 18.2.1: each wait twice the one before, +-10 %, capped at SOL_MAX_RT), so the
    first one after answering_at leaves at most about 1.15 x (answering_at - lost_at) later; 20 %
    of the outage and 15 s more cover that, the Request and Reply, and the follower."""
    return 1.2 * (answering_at - lost_at) + 15


def assert_router_numbered(router, isp, plan, token, within=30):
    """The router's fixed addresses in each LAN prefix of plan, and the ISP's route of its
    delegation to the router's link-local address on the wan (its own now: a restart gives the
    container another MAC)."""
    for lan in plan["lans"]:
        for prefix in lan["prefixes"]:
            assert wait_for(lambda: fixed_address(prefix, token) in global_addresses(router, interface=lan["interface"]),
                            timeout=within), (lan["name"], prefix, global_addresses(router, interface=lan["interface"]))
    prefix, uplink = plan["gua_delegation"]["prefix"], link_local(router, "eth0")
    assert wait_for(lambda: f"via {uplink} dev eth0" in isp.run(f"ip -6 route show {prefix}").stdout,
                    timeout=within), (prefix, uplink, isp.run("ip -6 route show proto static").stdout)


def assert_router_left(router, plan, old_plan):
    """Nothing of old_plan's GUA on the router's LANs or in its advertisements."""
    config = router.file("/etc/radvd.conf").content_string
    for lan, old in zip(plan["lans"], old_plan["lans"]):
        if old["gua_prefix"] and old["gua_prefix"] != lan["gua_prefix"]:
            assert not in_network(global_addresses(router, interface=lan["interface"]), old["gua_prefix"]), lan["name"]
            assert old["gua_prefix"] not in config, (old["gua_prefix"], config)


def slaac_in(host, prefix, within=60):
    """The client's SLAAC address in prefix, past duplicate address detection and preferred."""
    found = wait_for(lambda: in_network(global_addresses(host, flags="dynamic -deprecated -tentative"), prefix),
                     timeout=within)
    assert found, (prefix, global_addresses(host))
    return found


def assert_deprecated(host, prefix, within=30):
    """No address in prefix that the client still prefers (deprecated ones may stay to the end)."""
    assert wait_for(lambda: not in_network(global_addresses(host, flags="-deprecated"), prefix), timeout=within), \
        (prefix, global_addresses(host))


def assert_fetches(host, web, scenario_vars, marker, prefix):
    """The client fetches the IPv6-only site by name, and the web host saw a source in prefix."""
    url = f"http://{scenario_vars['lab_web6_name']}/?{marker}"
    assert wait_for(lambda: fetch(host, url), timeout=30, interval=2), host.run(f"curl -v --max-time 5 {url}").stderr
    source = logged_source(web, "lab-web6", marker)
    assert source and in_network([source], prefix), (marker, source, prefix)


def assert_site_records(asker, resolver, plan, old_plan=None, within=30):
    """The resolver answers the AAAA of every site host in plan (its ULA alone without a GUA) and
    the PTR of its GUA; none of old_plan's GUA PTRs any more, nor its reverse zone."""
    for host in plan["hosts"]:
        fqdn = f"{host['name']}.home.arpa"
        want = sorted(address for address in (host["ula_address"], host["gua_address"]) if address)
        assert wait_for(lambda: answers(asker, resolver, "AAAA", fqdn) == want, timeout=within, interval=2), \
            (fqdn, answers(asker, resolver, "AAAA", fqdn), want)
        if host["gua_address"]:
            assert answers(asker, resolver, "-x", host["gua_address"]) == [fqdn + "."], host["gua_address"]
    if old_plan and old_plan["gua_reverse_zones"] and old_plan["gua_reverse_zones"] != plan["gua_reverse_zones"]:
        for host in old_plan["hosts"]:
            # dig itself, which fails on no answer: "not this name" must be the server's answer.
            assert dig(asker, resolver, "-x", host["gua_address"])[1] != [f"{host['name']}.home.arpa."]


def assert_not_served(gateway, old_plan, plan):
    if not old_plan["gua_reverse_zones"] or old_plan["gua_reverse_zones"] == plan["gua_reverse_zones"]:
        return
    old_zone = old_plan["gua_reverse_zones"][0]
    assert old_zone.rstrip(".") not in gateway.check_output("named-checkconf -p")
    assert dig(gateway, "::1", "+norecurse", "SOA", old_zone)[1] == []


def assert_leases_in(clients, web, plan, resolver, ipv4_names, scenario_vars, marker, within=90):
    """The stateful LAN's DHCPv6 leases are in the prefix the LAN leases in now (the GUA, else the
    ULA), one each, at the clients' own renewal (T1: 22 s in this lab); the name's AAAA and PTR
    follow the lease, its A stays; with a GUA, the client reaches the Internet from it."""
    home = lans_of(plan)["home"]
    for name in STATEFUL_CLIENTS:
        host, fqdn = clients[name], f"{name}.home.arpa"

        def moved():
            leases = lease_addresses(host, 6)
            return leases if len(leases) == 1 and in_network(leases, home["dhcpv6_prefix"]) else None

        leases = wait_for(moved, timeout=within, interval=2)
        assert leases, (name, home["dhcpv6_prefix"], lease_addresses(host, 6))
        assert wait_for(lambda: answers(host, resolver, "AAAA", fqdn) == leases, timeout=30, interval=2), \
            (name, answers(host, resolver, "AAAA", fqdn), leases)
        assert wait_for(lambda: answers(host, resolver, "-x", leases[0]) == [fqdn + "."], timeout=15), name
        assert first_answer(host, resolver, "A", fqdn) == ipv4_names[name], name
        if home["gua_prefix"]:
            assert_fetches(host, web, scenario_vars, f"{marker}-{name}", home["gua_prefix"])


def firewall_rules(gateway):
    """Every rule of the gateway's firewall and NAT, without counters."""
    return gateway.check_output("ip6tables -S; iptables -S; nft list table ip homelab_router")


def assert_journal(router, line, within=30):
    """The follower's line, which it writes once it has moved everything (after the lease)."""
    journal = f"journalctl -u {DELEGATION_UNIT} --no-pager -o cat"
    assert wait_for(lambda: line in router.check_output(journal), timeout=within), router.check_output(journal)[-2000:]


# The follower's own reading of the states, with the package the router copied for it.
READ_STATES = (
    "import sys; from ansible_collections.homelab.ipv6.plugins.module_utils._core.follow_state import ROLES, read_state; "
    "[print(role, sorted(read_state(role))) for role in sys.argv[1:]]"
)


def test_each_role_leaves_the_follower_a_state_it_reads_back(gateway):
    """Every role on the gateway wrote its follow state from its real variables, in the
    converge: the follower's own code on the gateway reads each one back without StaleState."""
    roles = ("router", "radvd", "dns_bind", "dhcp46", "dns64_nat64")
    read = gateway.run(f"PYTHONPATH=/usr/lib/homelab-ipv6/python python3 -s -c '{READ_STATES}' {' '.join(roles)}")
    assert read.rc == 0, read.stderr
    assert [line.split()[0] for line in read.stdout.splitlines()] == list(roles), read.stdout


def test_each_router_numbers_its_lans_from_the_prefix_its_isp_delegates(
        gateway, isp, plan, neighbour, neighbour_site, scenario_vars):
    fact = plan["gua_delegation"]
    assert in_pool(fact, scenario_vars["lab_isp_pd_pool"]) and fact["prefix"].endswith("/56"), fact
    assert fact["interface"] == "eth0" and fact["valid_until"] > time.time(), fact
    assert_router_numbered(gateway, isp, plan, "::1")
    router, pc = neighbour
    next_door = site_plan(neighbour_site, None, None, followed_delegation(router))
    assert in_pool(next_door["gua_delegation"], scenario_vars["lab_isp_pd_pool"]), next_door["gua_delegation"]
    assert next_door["gua_delegation"]["prefix"] != fact["prefix"]
    assert_router_numbered(router, isp, next_door, "::1")
    # The Debian 12 router's client forms its address in the advertised /64 and reaches the
    # Internet from it, through the ISP's route of that router's delegation.
    address = slaac_in(pc, next_door["lans"][0]["gua_prefix"])[0]
    web6 = scenario_vars["lab_web6_address"]
    assert wait_for(lambda: pc.run(f"ping -6 -c 1 -W 2 -I {address} {web6}").rc == 0, timeout=20), address


@pytest.fixture(scope="module")
def last_verify(lab_phase, gateway):
    if lab_phase != AFTER_RESTART:
        pytest.skip("the renumbering and the loss of the delegation run once, in the verify after the restart of "
                    "every container (the last one of the sequence): this is the first verify")
    # lab_phase fails a third verify; a lab renumbered already by hand is not in the state needed.
    assert not gateway.file(RENUMBERED).exists, ("the lab was renumbered already and is on the new pool: "
                                                 "recreate it (molecule test -s home) to renumber again")


def test_the_isp_renumbers_and_the_whole_home_follows_with_no_playbook_run(
        last_verify, lab_host, gateway, isp, clients, web, plan, neighbour, neighbour_site, scenario_vars, home_resolver,
        dns64_resolver, tmp_path):
    site = scenario_vars["homelab_site"]
    router, pc = neighbour
    old_next_door = site_plan(neighbour_site, None, None, followed_delegation(router))
    # The dual-stack clients' IPv4 names as their latest leases made them.
    ipv4_names = {name: first_answer(clients[name], home_resolver, "A", f"{name}.home.arpa") for name in STATEFUL_CLIENTS}
    assert all(ipv4_names.values()), ipv4_names

    firewall = firewall_rules(gateway)
    started = time.monotonic()
    isp_run = run_playbook("isp.yml", {"lab_isp_pd_pool": NEW_POOL})
    assert isp_run.returncode == 0, isp_run.stdout[-3000:] + isp_run.stderr[-3000:]
    changed_at = time.monotonic()

    # The gateway: a lease of the new pool (at its next renewal, 10 s), its fixed addresses,
    # its advertisements, the ISP's route; nothing of the old prefix.
    fact = delegated_from(gateway, NEW_POOL, within=60)
    new = plan_for(site, gateway, fact)
    router_moved = time.monotonic() - changed_at
    assert fact["previous"] == plan["gua_delegation"]["prefix"], fact
    assert_router_numbered(gateway, isp, new, "::1")
    assert_router_left(gateway, new, plan)
    assert_journal(gateway, f"homelab-ipv6 prefix follower: the ISP delegated {fact['prefix']} on eth0 "
                            f"(was {plan['gua_delegation']['prefix']})")

    # The SLAAC clients: an address in the new /64, the old one deprecated at once (radvd's
    # shutdown advertisement), the Internet by name from the new prefix.
    lans, old_lans = lans_of(new), lans_of(plan)
    for name in (SLAAC, PHONE):
        lan = CLIENTS[name]
        slaac_in(clients[name], lans[lan]["gua_prefix"], within=30)
        assert_deprecated(clients[name], old_lans[lan]["gua_prefix"])
        assert_fetches(clients[name], web, scenario_vars, f"renumbered-{name}", lans[lan]["gua_prefix"])
    clients_moved = time.monotonic() - changed_at

    # The phone's name, which the device watcher gives it: its stable addresses in the new
    # prefixes, nothing of the old one (whose reverse zone the resolver no longer serves).
    def phone_named():
        stable, _temporary = own_addresses(clients[PHONE], lans["guest"])
        return answers(clients[PHONE], home_resolver, "AAAA", f"{PHONE}.home.arpa") == stable and stable
    assert wait_for(phone_named, timeout=60), (own_addresses(clients[PHONE], lans["guest"]),
                                               answers(clients[PHONE], home_resolver, "AAAA", f"{PHONE}.home.arpa"))

    # DNS: the site hosts' AAAA and PTR, asked by the phone on the SLAAC LAN (a ULA source,
    # which the resolver's ACL keeps), and through the IPv6-only LAN's DNS64, which asks the
    # resolver for the new reverse zone; nothing of the old prefix.
    assert_site_records(clients[PHONE], home_resolver, new, plan)
    assert_not_served(gateway, plan, new)
    # The site's server forms its iid (its token) in the new prefix: its AAAA above is its address.
    server = next(host for host in new["hosts"] if host["name"] == SERVER)
    assert wait_for(lambda: server["gua_address"] in own_addresses(lab_host(SERVER), lans["v6only"])[0], timeout=30), \
        lab_host(SERVER).check_output("ip -6 address show dev eth0")
    assert clients[SLAAC].run(f"ping -c 1 -W 2 {server['gua_address']}").succeeded
    # Its service answers the Internet there at once; no rule of the firewall changed.
    with listener(lab_host(SERVER), "lab-inbound-renumbered", 8080):
        assert connects(web, server["gua_address"], 8080)
    assert firewall_rules(gateway) == firewall
    nas = next(host for host in new["hosts"] if host["name"] == "nas")
    assert wait_for(lambda: answers(clients[SLAAC], dns64_resolver, "-x", nas["gua_address"]) == ["nas.home.arpa."],
                    timeout=30), answers(clients[SLAAC], dns64_resolver, "-x", nas["gua_address"])
    # The stateful LAN's clients: a lease in the new prefix at their renewal, their names with it.
    assert_leases_in(clients, web, new, home_resolver, ipv4_names, scenario_vars, "renumbered")
    for name in STATEFUL_CLIENTS:
        assert not in_network(lease_addresses(clients[name], 6), old_lans["home"]["gua_prefix"]), name
    # The NAS renews into its reservation in the new prefix; its service answers there.
    nas_host = lab_host(NAS)
    assert wait_for(lambda: nas["dhcpv6_address"] in lease_addresses(nas_host, 6), timeout=60), \
        lease_addresses(nas_host, 6)
    with listener(nas_host, "lab-inbound-renumbered", 8443):
        assert connects(web, nas["dhcpv6_address"], 8443)
    last_aaaa = time.monotonic() - changed_at

    # The VM host behind the IPv6-only LAN: its next renewal gets a /60 of the LAN's new pool, its
    # VM reaches the Internet from it, and no route of the old prefix is left on the gateway.
    vm_host = lab_host(VM_HOST)
    moved = vm_delegation(gateway, vm_host, lans["v6only"])
    assert wait_for(lambda: not [route for route in delegated_routes(gateway) if route.get("gateway")
                                 and ipaddress.ip_network(route["dst"]).subnet_of(ipaddress.ip_network(plan["gua"]))],
                    timeout=60), delegated_routes(gateway)
    vm_url = f"http://[{scenario_vars['lab_web6_address']}]/?renumbered-vm"
    assert wait_for(lambda: vm_host.run(f"ip netns exec vm1 curl -s --max-time 5 '{vm_url}'").succeeded
                    and in_network([logged_source(web, "lab-web6", "renumbered-vm") or "::"], moved), timeout=120), \
        (moved, logged_source(web, "lab-web6", "renumbered-vm"), vm_host.run("ip netns exec vm1 ip -6 address").stdout)

    # The house next door, on Debian 12, follows its own delegation.
    next_fact = delegated_from(router, NEW_POOL, within=30)
    next_door = site_plan(neighbour_site, None, None, next_fact)
    assert_router_numbered(router, isp, next_door, "::1")
    assert_router_left(router, next_door, old_next_door)
    slaac_in(pc, next_door["lans"][0]["gua_prefix"], within=30)
    assert_deprecated(pc, old_next_door["lans"][0]["gua_prefix"])
    # Its PC forms its iid (::30, its token by networkd) in the new prefix.
    pc_address = next(host for host in next_door["hosts"] if host["name"] == NEIGHBOUR_PC)["gua_address"]
    assert wait_for(lambda: pc_address in global_addresses(pc, flags="-deprecated -tentative"), timeout=30), \
        global_addresses(pc)
    assert_journal(router, f"homelab-ipv6 prefix follower: the ISP delegated {next_fact['prefix']} on eth0 "
                           f"(was {old_next_door['gua_delegation']['prefix']})")

    strict = run_playbook("../../playbooks/address_plan.yml",
                          {"address_plan_dir": str(tmp_path), "address_plan_strict": True})
    assert strict.returncode == 0, strict.stdout[-3000:]
    page = (tmp_path / "address-plan.md").read_text()
    assert f"| GUA | {fact['prefix']} | the ISP, by DHCPv6-PD on eth0 (asked for a /56)" in page, page[:2000]
    append_report(REPORT, f"home-gw (Debian 13): the ISP's pool changed to {NEW_POOL}; the router followed "
                          f"{plan['gua_delegation']['prefix']} -> {fact['prefix']} {router_moved:.0f} s later; "
                          f"the SLAAC clients had their new address and the old one deprecated at {clients_moved:.0f} s; "
                          f"the last AAAA moved (site hosts, then the DHCPv6 clients' names at their T1) at "
                          f"{last_aaaa:.0f} s (the whole step, with the ISP's playbook and the report: "
                          f"{time.monotonic() - started:.0f} s)")
    append_report(REPORT, f"home-neighbour (Debian 12): {old_next_door['gua_delegation']['prefix']} -> "
                          f"{next_fact['prefix']}, its client's address moved and the old deprecated (checked after "
                          f"home-gw's, at {time.monotonic() - changed_at:.0f} s)")
    gateway.check_output(f"touch {RENUMBERED}")


def test_a_lost_delegation_leaves_the_ula_and_local_dns_and_comes_back(
        last_verify, gateway, isp, clients, web, neighbour, neighbour_site, scenario_vars, home_resolver):
    """The ISP stops answering: at the end of the valid lifetime (60 s here) the leases are gone,
    the routers advertise their ULA alone, the clients' GUA is deprecated, the site's AAAA
    records keep only the ULA and home names still resolve; when the ISP answers again, the
    delegations and the GUA come back at each router's next Solicit, with no playbook run."""
    if not gateway.file(RENUMBERED).exists:
        pytest.skip("the renumbering before it failed")
    site = scenario_vars["homelab_site"]
    router, pc = neighbour
    before = followed_delegation(gateway)
    before_next_door = followed_delegation(router)
    had, had_next_door = plan_for(site, gateway, before), site_plan(neighbour_site, None, None, before_next_door)
    ipv4_names = {name: first_answer(clients[name], home_resolver, "A", f"{name}.home.arpa") for name in STATEFUL_CLIENTS}
    isp.check_output("systemctl stop kea-dhcp6-server")
    try:
        lost_at = {}
        for host, old in ((gateway, before), (router, before_next_door)):
            assert wait_for(lambda: delegation(host).get("prefix") is None, timeout=90), delegation(host)
            assert_journal(host, f"the ISP delegates no prefix on eth0 any more (it was {old['prefix']}); the LANs "
                                 "keep their ULA")
            lost_at[host] = delegation(host)["changed_at"]
        lost = plan_for(site, gateway, delegation(gateway))
        assert all(lan["gua_prefix"] is None for lan in lost["lans"]), lost["lans"]
        assert_router_numbered_ula(gateway, lost, had)
        assert_router_numbered_ula(router, site_plan(neighbour_site, None, None, delegation(router)), had_next_door)
        for name, host in clients.items():
            assert_deprecated(host, lans_of(had)[CLIENTS[name]]["gua_prefix"], within=60)
        assert_deprecated(pc, had_next_door["lans"][0]["gua_prefix"], within=60)
        # ... while their ULA stays preferred: the LANs go on.
        for name in (SLAAC, PHONE):
            assert in_network(global_addresses(clients[name], flags="-deprecated"),
                              lans_of(lost)[CLIENTS[name]]["ula_prefix"]), (name, global_addresses(clients[name]))
        assert in_network(global_addresses(pc, flags="-deprecated"), had_next_door["lans"][0]["ula_prefix"]), \
            global_addresses(pc)
        # Local DNS goes on, in the ULA: the site's names, and the stateful clients' leases and names.
        assert_site_records(clients[PHONE], home_resolver, lost, had)
        assert_leases_in(clients, web, lost, home_resolver, ipv4_names, scenario_vars, "lost")
        nas = next(host for host in lost["hosts"] if host["name"] == "nas")
        found = clients[SLAAC].run("getent ahostsv6 nas.home.arpa")
        assert found.rc == 0 and nas["ula_address"] in found.stdout, found.stdout
    finally:
        isp.check_output("systemctl start kea-dhcp6-server")
    # Each router is back at its next Solicit, whose wait has grown with the outage: both have
    # until then, counted from the ISP's start, whatever the checks between took.
    answering_at = time.time()
    back_by = {host: answering_at + resolicit_within(lost, answering_at) for host, lost in lost_at.items()}
    fact = delegated_from(gateway, NEW_POOL, within=max(back_by[gateway] - time.time(), 1))
    gateway_back = time.time() - answering_at
    back = plan_for(site, gateway, fact)
    assert_router_numbered(gateway, isp, back, "::1")
    for name in (SLAAC, PHONE):
        slaac_in(clients[name], lans_of(back)[CLIENTS[name]]["gua_prefix"], within=30)
    assert_fetches(clients[SLAAC], web, scenario_vars, "delegated-again", lans_of(back)["v6only"]["gua_prefix"])
    assert_site_records(clients[PHONE], home_resolver, back)
    assert_leases_in(clients, web, back, home_resolver, ipv4_names, scenario_vars, "delegated-again")
    next_door = site_plan(neighbour_site, None, None,
                          delegated_from(router, NEW_POOL, within=max(back_by[router] - time.time(), 1)))
    router_back = time.time() - answering_at
    assert_router_numbered(router, isp, next_door, "::1")
    slaac_in(pc, next_door["lans"][0]["gua_prefix"], within=30)
    append_report(REPORT, f"the ISP's DHCPv6 server was down {answering_at - lost_at[gateway]:.0f} s past home-gw's "
                          f"loss and {answering_at - lost_at[router]:.0f} s past home-neighbour's; home-gw had its "
                          f"delegation back {gateway_back:.0f} s after it answered again (allowed "
                          f"{back_by[gateway] - answering_at:.0f} s), home-neighbour by {router_back:.0f} s "
                          f"(checked after home-gw's; allowed {back_by[router] - answering_at:.0f} s)")


def assert_router_numbered_ula(router, plan, had):
    """Without a delegation: the router keeps its ULA fixed addresses and advertises them alone."""
    config = router.file("/etc/radvd.conf").content_string
    for lan, old in zip(plan["lans"], had["lans"]):
        addresses = global_addresses(router, interface=lan["interface"])
        assert fixed_address(lan["ula_prefix"], "::1") in addresses, (lan["name"], addresses)
        assert wait_for(lambda: not in_network(global_addresses(router, interface=lan["interface"]),
                                               old["gua_prefix"]), timeout=15), lan["name"]
        assert lan["ula_prefix"] in config and old["gua_prefix"] not in config, config
