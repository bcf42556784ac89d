"""The dhcp46 role with both backends, checked with dhclient and dig from the clients.

router-gw serves DHCPv4 on both LANs and DHCPv6 on the stateful iot LAN and registers
every client in its own DNS. For each backend (isc first, then kea, which converge set up
and which stays at the end), dhcp.yml switches router-gw to it and the clients ask anew:
  router-client  eth1 (iot)   DHCPv4 + DHCPv6, sends a name (lab-<backend>)
  router-client  eth0 (home)  DHCPv4, sends no name
  router-client2 eth0 (iot)   DHCPv4 + DHCPv6 with the MAC reserved for "printer"
Last, with isc, the iot LAN is made IPv6-mostly: router-client's dhclient on eth1 asks for
option 108 and takes no address, and asks again without it and takes one.
"""

import ipaddress
import json
import re
import subprocess
import time

import pytest
from ansible_collections.homelab.ipv6.plugins.filter.site import fixed_address

from router_lab import ROUTER
from lab_helpers import FIRST, append_report, ask_dhcp, dhclient, failing_playbook, run_playbook, wait_for

PRINTER_MAC = "02:00:5e:00:53:22"
# The default pool of a /24 (homelab_site.lans[].ipv4_pool): the host numbers DHCPv4 hands out.
POOL_HOSTS = range(100, 200)
# Written on the client after the kea run: what the restart of every container must keep.
MARKER = "/var/lib/lab-dhcp-kept.json"


@pytest.fixture(scope="module")
def client2(lab_host):
    return lab_host("router-client2")


@pytest.fixture(scope="module")
def lans(plan):
    return {lan["name"]: lan for lan in plan["lans"]}


@pytest.fixture(scope="module")
def resolver(lans):
    return fixed_address(lans["iot"]["ula_prefix"], "::100")


def dig_short(host, server, *question):
    return sorted(host.run(f"dig +short +tries=1 +time=2 @{server} " + " ".join(question)).stdout.split())


def registered_after(host, server, name, rdtype, address, since):
    """Seconds from `since` until `name` resolves to `address`, or None within 15 s."""
    if wait_for(lambda: address in dig_short(host, server, rdtype, name), timeout=15, interval=0.05):
        return time.monotonic() - since
    return None


def test_leases_and_names_survive_a_restart(lab_phase, client, router, resolver, lans):
    """Runs first: after side_effect restarted every container, the kea lease of the last
    verify and its DNS records must still be there, and Kea, started at boot and never
    re-applied, answers a new client on both families."""
    if lab_phase == FIRST:
        pytest.skip("the first verify hands out the lease; the verify after the restart of every "
                    "container (side_effect) checks it")
    assert client.file(MARKER).exists, (f"{MARKER} is missing on the client: the first verify did not get "
                                        "to its kea lease, so there is nothing the restart could keep")
    kept = json.loads(client.file(MARKER).content_string)
    assert kept["ipv4"] in router.file("/var/lib/kea/kea-leases4.csv").content_string
    assert kept["ipv6"] in router.file("/var/lib/kea/kea-leases6.csv").content_string
    assert wait_for(lambda: dig_short(client, resolver, "A", kept["name"]) == [kept["ipv4"]], timeout=60)
    assert dig_short(client, resolver, "AAAA", kept["name"]) == [kept["ipv6"]]
    for unit in ("kea-dhcp4-server", "kea-dhcp6-server"):
        assert router.service(unit).is_running and router.service(unit).is_enabled, unit
    # Booted with its link-local address still tentative, kea-dhcp6 once stayed up unbound.
    iot = lans["iot"]
    assert ipaddress.ip_address(dhclient(client, 6, "eth1", tag="-after-restart")) in ipaddress.ip_network(
        iot["dhcpv6_prefix"])
    # A client id of its own: by its MAC, Kea would take it for the named client asking
    # again, renaming that lease (and its PTR) to a generated name.
    assert ipaddress.ip_address(dhclient(client, 4, "eth1", 'send dhcp-client-identifier "after-restart";\n',
                                         tag="-after-restart")) in ipaddress.ip_network(iot["ipv4"])


def without_delegation(site):
    """The site with no LAN delegating prefixes, which ISC dhcpd cannot route."""
    return dict(site, lans=[{key: value for key, value in lan.items() if key != "delegate"} for lan in site["lans"]])


@pytest.fixture(scope="module", params=["isc", "kea"])
def backend(request, router, lab_phase, scenario_vars):
    """Switches router-gw to each backend in turn by converging dhcp.yml (isc with the site's
    iot LAN delegating nothing: test_isc_refuses_a_lan_that_delegates). The verify after the
    restart does not: its own first test checks what the restart kept and that Kea answers
    anew, with no role re-applied; switching backends again would only repeat this verify."""
    if lab_phase != FIRST:
        pytest.skip("passed in the first verify: two converges per backend, which no restart changes")
    extra_vars = {"dhcp46_backend": request.param}
    if request.param == "isc":
        extra_vars["homelab_site"] = without_delegation(scenario_vars["homelab_site"])
    run = run_playbook("dhcp.yml", extra_vars)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    again = run_playbook("dhcp.yml", extra_vars)
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert re.search(r"router-gw\s*:\s*ok=\d+\s+changed=0\s", again.stdout), again.stdout[-2000:]
    return request.param


def test_a_named_client_gets_pool_addresses_and_both_names(backend, client, lans, resolver):
    name = f"lab-{backend}"
    fqdn = f"{name}.home.arpa"
    # dhclient sends fqdn.fqdn as a fully qualified name: a bare "lab-kea" would arrive as
    # "lab-kea." and Kea would not qualify it with the home domain.
    config = f'send host-name "{name}";\nsend fqdn.fqdn "{fqdn}.";\n'
    ipv4 = dhclient(client, 4, "eth1", config)
    seconds_a = registered_after(client, resolver, fqdn, "A", ipv4, time.monotonic())
    ipv6 = dhclient(client, 6, "eth1", config)
    seconds_aaaa = registered_after(client, resolver, fqdn, "AAAA", ipv6, time.monotonic())
    iot = lans["iot"]
    assert ipaddress.ip_address(ipv4) in ipaddress.ip_network(iot["ipv4"])
    assert int(ipv4.split(".")[-1]) in POOL_HOSTS
    # A stateful LAN of a site with a GUA leases in the LAN's GUA /64: one address per IA_NA,
    # the one that reaches the Internet.
    assert iot["dhcpv6_prefix"] == iot["gua_prefix"]
    pool = [ipaddress.ip_address(fixed_address(iot["dhcpv6_prefix"], iid)) for iid in ("::1:1", "::1:1000")]
    assert pool[0] <= ipaddress.ip_address(ipv6) <= pool[1]

    append_report("ddns-latency.txt", f"{backend}: A registered {seconds_a} s after the DHCPv4 lease, "
                                      f"AAAA {seconds_aaaa} s after the DHCPv6 lease")
    assert seconds_a is not None and seconds_aaaa is not None, (seconds_a, seconds_aaaa)
    # Both families under one name: the A did not push the AAAA out, nor the other way round.
    assert dig_short(client, resolver, "A", fqdn) == [ipv4]
    assert dig_short(client, resolver, "AAAA", fqdn) == [ipv6]
    assert wait_for(lambda: dig_short(client, resolver, "-x", ipv4) == [fqdn + "."], timeout=5)
    # This lab does not serve the GUA's reverse zone (dns_bind_gua_reverse: false), so the
    # lease's PTR is nobody's here; the home lab serves it and checks it from its clients.
    assert dig_short(client, resolver, "+norecurse", "-x", ipv6) == []
    if backend == "kea":
        client.check_output(f"printf %s {json.dumps(json.dumps({'name': fqdn, 'ipv4': ipv4, 'ipv6': ipv6}))}"
                            f" > {MARKER}")


def test_a_client_without_a_name_gets_one(backend, client, lans, resolver):
    ipv4 = dhclient(client, 4, "eth0", "", tag="-anonymous")
    if backend == "isc":
        # dhcpd names it after its MAC.
        mac = client.file("/sys/class/net/eth0/address").content_string.strip()
        expected = "dhcp-" + mac.replace(":", "-") + ".home.arpa"
    else:
        # Kea names it after its address.
        expected = "dhcp-" + ipv4.replace(".", "-") + ".home.arpa"
    assert wait_for(lambda: dig_short(client, resolver, "A", expected) == [ipv4], timeout=15), expected
    assert wait_for(lambda: dig_short(client, resolver, "-x", ipv4) == [expected + "."], timeout=5)


def test_a_reserved_client_gets_its_fixed_addresses(backend, client2, plan):
    printer = next(host for host in plan["hosts"] if host["name"] == "printer")
    if client2.file("/sys/class/net/eth0/address").content_string.strip() != PRINTER_MAC:
        client2.check_output(f"ip link set dev eth0 down && ip link set dev eth0 address {PRINTER_MAC}"
                             " && ip link set dev eth0 up")
        assert wait_for(lambda: not client2.run("ip -6 address show dev eth0 tentative").stdout.strip(), timeout=10)
    assert dhclient(client2, 4, "eth0") == printer["ipv4"]
    assert dhclient(client2, 6, "eth0") == printer["dhcpv6_address"] == printer["gua_address"]


def with_home_pool(site, pool):
    """The lab's site description with a DHCPv4 pool of its own on its first LAN (home)."""
    return {"homelab_site": dict(site, lans=[dict(site["lans"][0], ipv4_pool=pool)] + site["lans"][1:])}


BROKEN = {
    "pool": (lambda site: with_home_pool(site, [100, 300]),
             "homelab_site.lans[0].ipv4_pool: [100, 300] does not fit 198.18.21.0/24, whose hosts are 1 to 254"),
    "lan": ({"dhcp46_lans": ["guest"]}, "dhcp46_lans[0]: 'guest' is not a LAN of homelab_site.lans (it has"),
    # A host where dns_bind never ran has no key and zones to offer.
    "key-host": ({"dhcp46_key_host": "router-client"},
                 "dhcp46_ddns is true, but router-client (dhcp46_key_host) has no /etc/ansible/facts.d/homelab_dns_bind.fact"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_broken_dhcp46_variable_fails_before_the_live_config_changes(backend, router, scenario_vars, case):
    if backend != "kea":
        pytest.skip("checked with the backend that converge sets up (kea), whose files it compares")
    extra_vars, message = BROKEN[case]
    if callable(extra_vars):
        extra_vars = extra_vars(scenario_vars["homelab_site"])
    before = router.file("/etc/kea/kea-dhcp4.conf").sha256sum
    output = failing_playbook("dhcp.yml", extra_vars)
    assert message in output, output[-3000:]
    assert router.file("/etc/kea/kea-dhcp4.conf").sha256sum == before
    assert router.service("kea-dhcp4-server").is_running


def test_a_server_restart_keeps_leases_and_names(backend, client, router, resolver):
    if backend != "isc":
        pytest.skip("kea's lease and names are checked across the restart of every container "
                    "(side_effect), by the first test of the verify after it")
    ipv4 = re.findall(r"fixed-address ([0-9.]+)", client.file("/var/lib/dhcp/lab4-eth1.leases").content_string)[-1]
    ipv6 = re.findall(r"iaaddr ([0-9a-f:]+)", client.file("/var/lib/dhcp/lab6-eth1.leases").content_string)[-1]
    subprocess.run(["podman", "restart", ROUTER], check=True, capture_output=True)
    assert wait_for(lambda: router.run("systemctl is-system-running").stdout.strip() in ("running", "degraded"),
                    timeout=120)
    # Podman gives a restarted container new MACs, which a real router keeps. The clients'
    # neighbour entries for the old ones would black-hole their next packets to the router for
    # a few seconds (seen as a DNS query timing out over IPv4, the first after this test), so
    # they forget them, as they never would have to at home.
    for lab_client in ("router-client", "router-client2"):
        subprocess.run(["podman", "exec", lab_client, "ip", "neigh", "flush", "all"], check=True, capture_output=True)
    assert ipv4 in router.file("/var/lib/dhcp/dhcpd.leases").content_string
    assert ipv6 in router.file("/var/lib/dhcp/dhcpd6.leases").content_string
    assert router.service("homelab-dhcpd4").is_running and router.service("homelab-dhcpd6").is_running
    assert wait_for(lambda: dig_short(client, resolver, "A", "lab-isc.home.arpa") == [ipv4], timeout=60)
    assert dig_short(client, resolver, "AAAA", "lab-isc.home.arpa") == [ipv6]


def test_on_an_ipv6_mostly_lan_isc_dhcpd_lets_the_clients_that_ask_go_without_ipv4(backend, client, scenario_vars, lans):
    """RFC 8925 with ISC dhcpd, from Debian's own dhclient (4.4.3), which is a client of option 108:
    asked to request it, it takes no address from an offer that carries it and waits V6ONLY_WAIT
    before it asks again. Last of the isc tests: the kea run after it converges the lab's own site
    again. Kea's option 108 is proven in the home lab, from a networkd client and a phone."""
    if backend != "isc":
        pytest.skip("Kea's option 108 is proven in the home lab (test_ipv6_mostly), from a networkd client")
    site = without_delegation(scenario_vars["homelab_site"])
    mostly = dict(site, lans=[dict(lan, dns64=True, ipv6_mostly=True) if lan["name"] == "iot" else lan
                              for lan in site["lans"]])
    run = run_playbook("dhcp.yml", {"dhcp46_backend": "isc", "homelab_site": mostly, "dhcp46_ipv6_only_wait": 600})
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]

    iot = ipaddress.ip_network(lans["iot"]["ipv4"])

    def pool_addresses():
        shown = client.check_output("ip -4 -o address show dev eth1")
        return [address for address in re.findall(r"inet ([0-9.]+)/", shown)
                if int(address.split(".")[-1]) in POOL_HOSTS]

    # The earlier tests' dhclient on eth1 stops (-x keeps its address) and its address goes, so
    # eth1 keeps only the lab's own fixed one.
    client.run("dhclient -4 -x -pf /run/lab4-eth1.pid eth1")
    for address in pool_addresses():
        client.check_output(f"ip address del {address}/{iot.prefixlen} dev eth1")
    asked, leases = ask_dhcp(client, 4, "eth1", "also request v6-only-preferred;\n", tag="-mostly", timeout=15)
    said = asked.stdout + asked.stderr
    # Still waiting when timeout stops it: it took nothing.
    assert asked.rc == 124, said
    assert re.search(r"DHCPOFFER of [0-9.]+ from [0-9.]+: v6 only preferred for 600\.", said), said
    assert "DHCPACK" not in said, said
    assert pool_addresses() == []
    assert "fixed-address" not in client.file(leases).content_string

    # A device that does not ask, on the same LAN, gets its lease and no option 108.
    legacy = dhclient(client, 4, "eth1", "", tag="-mostly-legacy")
    assert ipaddress.ip_address(legacy) in iot
    assert pool_addresses() == [legacy]
    assert "v6-only-preferred" not in client.file("/var/lib/dhcp/lab4-eth1-mostly-legacy.leases").content_string
    client.run("dhclient -4 -x -pf /run/lab4-eth1-mostly-legacy.pid eth1")


@pytest.mark.first_verify_only("a refused converge, which no restart changes")
def test_isc_refuses_a_lan_that_delegates_before_anything_changes():
    output = failing_playbook("dhcp.yml", {"dhcp46_backend": "isc"})
    assert ("homelab_site.lans[].delegate is set on iot, and dhcp46_backend is isc, whose dhcpd cannot route the "
            "prefixes it delegates: set it to kea") in output, output[-3000:]
    assert re.search(r"router-gw\s*:\s*ok=\d+\s+changed=0\s", output), output[-2000:]
