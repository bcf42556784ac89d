"""The ISP renumbers: a new prefix on the wan and a new delegated prefix for the site. One
converge with the new homelab_site.gua moves the gateway's fixed addresses, the RAs, the
AAAA and PTR records, and leaves nothing of the old prefix in DNS; the converge after it
changes nothing (its wall time and task count go to build/reports/home-idempotence.txt).

It runs once, last: in the verify after the restart of every container, which the lab's
destruction follows, so the lab never has to go back to its first prefix."""

import re
import time

import pytest
from ansible_collections.homelab.ipv6.plugins.filter.fixed_address import fixed_address

from home_lab import PHONE, STATEFUL_CLIENTS, answers, fetch, in_network, lans_of, lease_addresses, logged_source, plan_for
from lab_helpers import AFTER_RESTART, append_report, dig, global_addresses, run_playbook, wait_for

NEW_GUA, NEW_ISP_PREFIX = "2001:db8:56a1::/56", "2001:db8:56a0::/64"
# On the gateway once the renumbering passed.
RENUMBERED = "/var/lib/lab-renumbered"


def renumber(scenario_vars, gua, isp_prefix):
    """The ISP advertises isp_prefix on the wan; the site converges with gua."""
    isp = run_playbook("isp.yml", {"lab_isp_prefix": isp_prefix, "lab_site_gua": gua})
    assert isp.returncode == 0, isp.stdout[-3000:] + isp.stderr[-3000:]
    site = dict(scenario_vars["homelab_site"], gua=gua)
    converge = run_playbook("converge.yml", {"homelab_site": site})
    assert converge.returncode == 0, converge.stdout[-3000:] + converge.stderr[-3000:]


def assert_numbered(gateway, phone, v6client, web, plan, old_plan, isp_prefix, old_isp_prefix, scenario_vars):
    lans, old_lans = lans_of(plan), lans_of(old_plan)
    # The uplink: the ISP's new prefix, with the router's interface id (its token).
    assert wait_for(lambda: fixed_address(isp_prefix, "::1") in global_addresses(gateway, interface="eth0"),
                    timeout=30), global_addresses(gateway, interface="eth0")
    uplink = global_addresses(gateway, interface="eth0", flags="-deprecated")
    assert not in_network(uplink, old_isp_prefix), uplink

    # The gateway's fixed addresses on each LAN: the new GUA's, and none of the old one.
    for name, lan in lans.items():
        addresses = global_addresses(gateway, interface=lan["interface"])
        assert fixed_address(lan["gua_prefix"], "::1") in addresses, (name, addresses)
        assert not in_network(addresses, old_lans[name]["gua_prefix"]), (name, addresses)
        assert fixed_address(lan["ula_prefix"], "::1") in addresses, (name, addresses)

    # The RAs: the IPv6-only client forms an address in the new prefix, and its address in
    # the old one is deprecated (radvd's shutdown advertisement) or gone.
    new_prefix, old_prefix = lans["v6only"]["gua_prefix"], old_lans["v6only"]["gua_prefix"]
    assert wait_for(lambda: in_network(global_addresses(v6client, flags="dynamic"), new_prefix), timeout=30)
    assert not in_network(global_addresses(v6client, flags="dynamic -deprecated"), old_prefix)
    config = gateway.file("/etc/radvd.conf").content_string
    assert new_prefix in config and old_prefix not in config
    # ... and reaches the Internet from it, through the ISP's route of the new delegation.
    url = f"http://{scenario_vars['lab_web6_name']}/?renumbered"
    assert wait_for(lambda: fetch(v6client, url), timeout=30, interval=2)
    source = logged_source(web, "lab-web6", "renumbered")
    assert source and in_network([source], new_prefix), source

    # DNS: AAAA and PTR of the new prefix, nothing of the old one, asked by the phone on the
    # SLAAC LAN, whose ULA source the resolver's ACL keeps. A stateful LAN's client asks from
    # its DHCPv6 lease, in the old GUA until its renewal (assert_leases_moved waits for it),
    # which the ACL of the new plan no longer holds.
    resolver = lans["guest"]["dns_servers"][0]
    for host in plan["hosts"]:
        fqdn = f"{host['name']}.home.arpa"
        old = next(h for h in old_plan["hosts"] if h["name"] == host["name"])
        assert answers(phone, resolver, "AAAA", fqdn) == sorted([host["ula_address"], host["gua_address"]]), fqdn
        assert answers(phone, resolver, "-x", host["gua_address"]) == [fqdn + "."]
        assert answers(phone, resolver, "-x", old["gua_address"]) != [fqdn + "."], old["gua_address"]
    old_zone = old_plan["gua_reverse_zones"][0]
    served = gateway.check_output("named-checkconf -p")
    assert plan["gua_reverse_zones"][0].rstrip(".") in served and old_zone.rstrip(".") not in served
    assert dig(gateway, "::1", "+norecurse", "SOA", old_zone)[1] == []


def assert_leases_moved(clients, web, plan, old_plan, resolver, ipv4_names, web6_name):
    """The stateful LAN's DHCPv6 leases follow the prefix at the clients' own renewal (T1: half
    the preferred lifetime, which the lab keeps short). Kea answers the Renew of the old
    address with lifetimes 0 and a lease in the new GUA; the name's AAAA and PTR follow it,
    its A stays, and the client reaches the Internet from the new lease."""
    new_prefix, old_prefix = lans_of(plan)["home"]["dhcpv6_prefix"], lans_of(old_plan)["home"]["dhcpv6_prefix"]
    for name in STATEFUL_CLIENTS:
        host, fqdn = clients[name], f"{name}.home.arpa"

        def moved():
            leases = lease_addresses(host, 6)
            return leases if in_network(leases, new_prefix) and not in_network(leases, old_prefix) else None

        leases = wait_for(moved, timeout=180, interval=3)
        assert leases, (name, lease_addresses(host, 6))
        assert wait_for(lambda: answers(host, resolver, "AAAA", fqdn) == leases, timeout=30), \
            (name, answers(host, resolver, "AAAA", fqdn), leases)
        assert wait_for(lambda: answers(host, resolver, "-x", leases[0]) == [fqdn + "."], timeout=10), name
        assert answers(host, resolver, "A", fqdn) == ipv4_names[name], name
        marker = f"renumbered-{name}"
        assert wait_for(lambda: fetch(host, f"http://{web6_name}/?{marker}"), timeout=30, interval=2), name
        source = logged_source(web, "lab-web6", marker)
        assert source in leases, (name, source, leases)


@pytest.fixture(scope="module")
def last_verify(lab_phase, gateway):
    if lab_phase != AFTER_RESTART:
        pytest.skip("the renumbering runs once, in the verify after the restart of every container "
                    "(the last one of the sequence): this is the first verify")
    # lab_phase fails a third verify; a lab renumbered already by hand is not in the state needed.
    assert not gateway.file(RENUMBERED).exists, ("the lab was renumbered already and is on the new prefix: "
                                                 "recreate it (molecule test -s home) to renumber again")


def test_an_isp_prefix_change_moves_addresses_advertisements_and_records(
        last_verify, gateway, client, clients, v6client, web, plan, scenario_vars, home_resolver, tmp_path):
    site = scenario_vars["homelab_site"]
    renumbered = plan_for(site, gateway, gua=NEW_GUA)
    # The dual-stack clients' IPv4 names as their latest leases made them.
    ipv4_names = {name: answers(clients[name], home_resolver, "A", f"{name}.home.arpa") for name in STATEFUL_CLIENTS}
    assert all(ipv4_names.values()), ipv4_names
    # The report, given the new prefix before the network has it, shows what is: the old.
    report_run = run_playbook("../../playbooks/address_plan.yml",
                              {"homelab_site": dict(site, gua=NEW_GUA), "address_plan_dir": str(tmp_path)})
    assert report_run.returncode == 0, report_run.stdout[-3000:] + report_run.stderr[-3000:]
    page = (tmp_path / "address-plan.md").read_text()
    assert "- home-gw: eth1 lacks 2001:db8:56a1:1::1, its fixed address in LAN home's 2001:db8:56a1:1::/64" in page
    assert "- DNS: AAAA nas.home.arpa answers 2001:db8:5601:1::10" in page

    renumber(scenario_vars, NEW_GUA, NEW_ISP_PREFIX)
    assert_numbered(gateway, clients[PHONE], v6client, web, renumbered, plan, NEW_ISP_PREFIX, scenario_vars["lab_isp_prefix"],
                    scenario_vars)

    assert_leases_moved(clients, web, renumbered, plan, home_resolver, ipv4_names, scenario_vars["lab_web6_name"])

    strict = run_playbook("../../playbooks/address_plan.yml",
                          {"homelab_site": dict(site, gua=NEW_GUA), "address_plan_dir": str(tmp_path),
                           "address_plan_strict": True})
    assert strict.returncode == 0, strict.stdout[-3000:]
    gateway.check_output(f"touch {RENUMBERED}")


def test_the_converge_after_the_renumbering_changes_nothing(last_verify, gateway, scenario_vars):
    if not gateway.file(RENUMBERED).exists:
        pytest.skip("the renumbering before it failed")
    started = time.monotonic()
    again = run_playbook("converge.yml", {"homelab_site": dict(scenario_vars["homelab_site"], gua=NEW_GUA)})
    seconds = time.monotonic() - started
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    recap = dict(re.findall(r"^(\S+)\s*:\s*ok=\d+\s+changed=(\d+)", again.stdout, re.MULTILINE))
    tasks = len(re.findall(r"^TASK \[", again.stdout, re.MULTILINE))
    results = sum(int(n) for n in re.findall(r"\bok=(\d+)", again.stdout))
    line = (f"home, after the renumbering: site.yml converged again in {seconds:.0f} s wall, {tasks} tasks, "
            f"{results} task results (ok) over {len(recap)} hosts, changed per host {recap}")
    append_report("home-idempotence.txt", line)
    assert set(recap.values()) == {"0"}, line
