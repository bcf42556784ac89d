"""Services the site's hosts offer to the Internet (homelab_site.hosts[].inbound), seen from the
lab's Internet host: the server's 8080 over IPv6 at its ::20, the NAS's 8443 over IPv6 at its
::10 and over IPv4 at the router's uplink address (a port forward), which the LAN's clients
use too (hairpinning). Every other port, host and the router itself stay closed: a timeout,
not an answer. The renumbering test checks the server's service at its new address."""

import pytest
from ansible_collections.homelab.ipv6.plugins.filter.site import fixed_address

from home_lab import GATEWAY, NAS, NETWORKD, PHONE, SERVER, SLAAC, gua_source, listener
from lab_helpers import global_addresses, wait_for

NAS_PORT, SERVER_PORT = 8443, 8080


def reply(host, address, port, timeout=3):
    """How a TCP connection from host to address:port ends: "page" (an HTTP answer), "refused"
    or "timeout" (nothing came back: a firewall dropped it)."""
    url = f"http://[{address}]:{port}/" if ":" in address else f"http://{address}:{port}/"
    run = host.run(f"curl -s -o /dev/null -w '%{{http_code}}' --connect-timeout {timeout} {url}")
    if run.stdout.strip() == "200":
        return "page"
    return "timeout" if run.rc == 28 else "refused" if run.rc == 7 else f"curl exit {run.rc}"


def site_host(plan, name):
    return next(host for host in plan["hosts"] if host["name"] == name)


@pytest.fixture(scope="module")
def uplink_ipv4(gateway):
    return global_addresses(gateway, family="inet", interface="eth0")[0]


@pytest.fixture(scope="module")
def nas(lab_host, plan):
    """The NAS once it holds its reserved addresses (DHCPv4 and DHCPv6, by its MAC)."""
    host, planned = lab_host(NAS), site_host(plan, "nas")
    wanted = {planned["ipv4"], planned["dhcpv6_address"]}
    assert wait_for(lambda: wanted <= set(global_addresses(host, family="inet") + global_addresses(host)), timeout=90), \
        (wanted, host.check_output("ip address show dev eth0"))
    with listener(host, "lab-inbound-nas", NAS_PORT), listener(host, "lab-inbound-nas-other", NAS_PORT + 1):
        yield host


@pytest.fixture(scope="module")
def server(lab_host, plan):
    host = lab_host(SERVER)
    with listener(host, "lab-inbound-server", SERVER_PORT), listener(host, "lab-inbound-server-other", SERVER_PORT + 1):
        yield host


def test_the_servers_service_answers_from_the_internet_at_its_interface_id_and_nothing_else_there(
        server, web, plan):
    address = site_host(plan, SERVER)["gua_address"]
    assert wait_for(lambda: reply(web, address, SERVER_PORT) == "page", timeout=15), reply(web, address, SERVER_PORT)
    assert reply(web, address, SERVER_PORT + 1) == "timeout"
    # Its ULA is nobody's business outside.
    assert reply(web, site_host(plan, SERVER)["ula_address"], SERVER_PORT) != "page"


def test_the_nas_answers_over_ipv6_and_over_ipv4_by_the_routers_address(nas, web, plan, uplink_ipv4):
    planned = site_host(plan, "nas")
    assert reply(web, planned["dhcpv6_address"], NAS_PORT) == "page"
    assert reply(web, uplink_ipv4, NAS_PORT) == "page"
    # The NAS saw the Internet host's own address: a port forward, not a proxy.
    log = nas.check_output("journalctl -u lab-inbound-nas --no-pager -o cat")
    assert "198.18.60.10" in log, log[-1000:]
    assert reply(web, planned["dhcpv6_address"], NAS_PORT + 1) == "timeout"
    assert reply(web, uplink_ipv4, NAS_PORT + 1) == "timeout"


def test_the_same_port_elsewhere_and_the_router_itself_stay_closed(nas, server, web, clients, lab_host, plan, lans):
    # The same ports on another host of the LANs: a listener on the IPv6-only client.
    # (Their GUA: the Internet has no route to a ULA at all.)
    with listener(clients[SLAAC], "lab-inbound-elsewhere", SERVER_PORT):
        other = gua_source(clients[SLAAC], lans["v6only"])
        assert other and all(reply(web, address, SERVER_PORT) == "timeout" for address in other), other
    with listener(clients[NETWORKD], "lab-inbound-elsewhere", NAS_PORT):
        other = gua_source(clients[NETWORKD], lans["home"])
        assert other and all(reply(web, address, NAS_PORT) == "timeout" for address in other), other
    # The router's own addresses, on those ports too (it has no port 8080 of its own: a drop).
    gateway = lab_host(GATEWAY)
    with listener(gateway, "lab-inbound-router", SERVER_PORT):
        for address in global_addresses(gateway, interface="eth0") + [fixed_address(lans["home"]["gua_prefix"], "::1")]:
            assert reply(web, address, SERVER_PORT) == "timeout", address


def test_a_lan_client_reaches_the_nas_at_the_routers_public_address(nas, clients, uplink_ipv4):
    # From the NAS's own LAN (the answer must come back through the router) and from another.
    for name in (NETWORKD, PHONE):
        assert reply(clients[name], uplink_ipv4, NAS_PORT) == "page", name


def test_the_address_plan_report_lists_the_open_services(address_plan, plan, uplink_ipv4):
    page = (address_plan / "address-plan.md").read_text()
    assert "## Services open to the Internet" in page, page[-3000:]
    server = site_host(plan, SERVER)
    assert f"| {SERVER}.home.arpa | tcp 8080 | {server['gua_address']} | – |" in page, page[-3000:]
    assert f"| nas.home.arpa | tcp 8443 | {site_host(plan, 'nas')['dhcpv6_address']} | {uplink_ipv4}:8443 → " \
           f"198.18.51.10 |" in page, page[-3000:]
