"""The guest LAN is IPv6-mostly (RFC 8925), seen from its two clients: the Debian 13 box that
asks DHCPv4 for option 108 goes without IPv4, finds the NAT64 prefix in the advertisements
(PREF64, RFC 8781) and by RFC 7050, and reaches an IPv4 literal through its CLAT (clatd) and the
gateway's NAT64; the phone, which does not ask, keeps its IPv4 lease and its direct IPv4. And
what older releases cannot do is refused, saying why."""

import ipaddress
import json
import re

import pytest
from ansible_collections.homelab.ipv6.plugins.filter.addresses import nat64

from home_lab import GATEWAY, MOSTLY, PHONE, SLAAC, lease_addresses, logged_source, resolvers_learnt
from lab_helpers import dig, failing_playbook, global_addresses, wait_for

PAGE = "homelab.ipv6 lab: the Internet\n"
KEA_LEASES = "/var/lib/kea/kea-leases4.csv"


def mac_of(host):
    return json.loads(host.check_output("ip -j link show dev eth0"))[0]["address"]


def pref64(host):
    """The NAT64 prefix and its lifetime in the advertisement rdisc6 reads on eth0, or None.
    rdisc6 (ndisc6 1.0.7) prints the 96 bits of a /96 with stray bits after them: masked here."""
    text = host.run("rdisc6 -1 eth0").stdout
    prefix = re.search(r"^ NAT64 prefix\s*:\s*(\S+)$", text, re.MULTILINE)
    lifetime = re.search(r"^  NAT64 prefix lifetime\s*:\s*(\d+)", text, re.MULTILINE)
    if not prefix:
        return None
    return str(ipaddress.ip_network(prefix[1], strict=False)), int(lifetime[1]) if lifetime else None


def tayga_packets(gateway):
    """The packets the gateway's NAT64 (TAYGA's device) has taken in, IPv6 and IPv4 together."""
    link = json.loads(gateway.check_output("ip -j -s link show dev nat64"))[0]
    return link["stats64"]["rx"]["packets"]


@pytest.fixture(scope="module")
def mostly(clients):
    return clients[MOSTLY]


@pytest.fixture(scope="module")
def phone(clients):
    return clients[PHONE]


def test_the_client_that_asks_for_option_108_goes_without_ipv4(mostly, gateway, lans):
    guest = lans["guest"]
    assert guest["ipv6_mostly"] and guest["ipv4"]
    assert "IPv6OnlyMode=yes" in mostly.file("/etc/systemd/network/50-lab-client.network").content_string
    # No DHCPv4 lease on the link, no IPv4 on it at all, and no IPv4 lease for it at the server.
    assert lease_addresses(mostly, 4) == []
    assert global_addresses(mostly, family="inet") == [], mostly.check_output("ip -4 address show dev eth0")
    leases = gateway.run(f"cat {KEA_LEASES}").stdout.lower()
    assert mac_of(mostly) not in leases, leases
    # Still an address in both of the LAN's prefixes, by SLAAC.
    addresses = global_addresses(mostly, flags="dynamic")
    for prefix in guest["prefixes"]:
        assert [a for a in addresses if ipaddress.ip_address(a) in ipaddress.ip_network(prefix)], (prefix, addresses)


def test_the_legacy_client_on_the_same_lan_keeps_its_ipv4_and_reaches_the_ipv4_internet_directly(
        phone, gateway, web, lans, scenario_vars):
    leased = lease_addresses(phone, 4)
    assert leased and ipaddress.ip_address(leased[0]) in ipaddress.ip_network(lans["guest"]["ipv4"]), leased
    assert mac_of(phone) in gateway.run(f"cat {KEA_LEASES}").stdout.lower()
    address = scenario_vars["lab_web_address"]
    # Its own IPv4 route, not a CLAT: the phone has none.
    assert " dev eth0 " in phone.check_output(f"ip -4 route get {address}")
    page = wait_for(lambda: phone.run(f"curl --silent --max-time 5 http://{address}/?legacy-direct").stdout,
                    timeout=30, interval=2)
    assert page == PAGE
    assert logged_source(web, "lab-web", "legacy-direct") == global_addresses(
        gateway, family="inet", interface="eth0")[0]


@pytest.mark.parametrize("name", [MOSTLY, SLAAC])
def test_every_dns64_lan_advertises_the_nat64_prefix_as_pref64(clients, plan, name):
    """radvd 2.20 on the gateway (Debian 13): PREF64 on the IPv6-mostly and the IPv6-only LAN,
    for three of its 10 s intervals, in units of 8 s."""
    found = wait_for(lambda: pref64(clients[name]), timeout=30)
    assert found == (plan["nat64_prefix"], 32), clients[name].run("rdisc6 -1 eth0").stdout


def test_ipv4only_arpa_answers_in_the_nat64_prefix_through_the_lans_dns64(mostly, lans, plan):
    """RFC 7050, for clients without PREF64: asked of the resolver the client learnt itself."""
    servers, _domains = resolvers_learnt(mostly)
    assert servers == lans["guest"]["dns_servers"], servers
    wanted = sorted(str(ipaddress.ip_address(nat64(a, plan["nat64_prefix"]))) for a in ("192.0.0.170", "192.0.0.171"))
    assert wanted == ["2001:db8:5664:64::c000:aa", "2001:db8:5664:64::c000:ab"]
    assert dig(mostly, servers[0], "AAAA", "ipv4only.arpa") == ("NOERROR", wanted)
    assert dig(mostly, servers[0], "A", "ipv4only.arpa") == ("NOERROR", ["192.0.0.170", "192.0.0.171"])
    # And through the client's own stub resolver, as a program asks.
    found = mostly.run("getent ahostsv6 ipv4only.arpa").stdout
    assert all(address in found for address in wanted), found


def test_with_its_clat_the_client_fetches_an_ipv4_literal_through_the_nat64(mostly, gateway, web, scenario_vars):
    address = scenario_vars["lab_web_address"]
    # The CLAT's IPv4 service address (RFC 7335) and the IPv4 route into it.
    clat = wait_for(lambda: "192.0.0.1/" in mostly.run("ip -4 -o address show dev clat").stdout
                    and mostly.run(f"ip -4 route get {address}").stdout, timeout=150, interval=3)
    assert clat and " dev clat " in clat, (clat, mostly.run("journalctl -u clatd --no-pager -n 30").stdout)
    before = tayga_packets(gateway)
    page = wait_for(lambda: mostly.run(f"curl --silent --max-time 5 http://{address}/?through-the-clat").stdout,
                    timeout=30, interval=2)
    assert page == PAGE, mostly.run(f"curl -v --max-time 5 http://{address}/").stderr
    # The Internet host saw the NAT64's IPv4 (TAYGA's pool behind the uplink's address), and
    # the packets went through the gateway's NAT64.
    assert logged_source(web, "lab-web", "through-the-clat") == global_addresses(
        gateway, family="inet", interface="eth0")[0]
    assert tayga_packets(gateway) > before


def test_the_address_plan_counts_who_took_ipv4_on_the_ipv6_mostly_lan(mostly, phone, address_plan):
    page = (address_plan / "address-plan.md").read_text()
    assert " | yes, IPv6-mostly |" in page, page
    assert f"| guest | 1 | 1 | {GATEWAY} |" in page, page[page.find("## IPv6-mostly"):][:800]


@pytest.mark.first_verify_only("bad input, which no restart changes")
@pytest.mark.parametrize("changes, extra, message", [
    ({"dns64": True}, {"radvd_pref64": True}, "which radvd_pref64: true asks for on home"),
    ({"dns64": True, "ipv4": "198.18.53.0/24", "ipv6_mostly": True}, {}, "which the IPv6-mostly LAN home needs on home"),
], ids=["asked", "ipv6-mostly"])
def test_radvd_2_19_asked_for_pref64_fails_saying_what_to_install(neighbour, neighbour_site, changes, extra, message):
    router = neighbour[0]
    config = "/etc/radvd.conf"
    before = router.file(config).sha256sum
    site = dict(neighbour_site, lans=[dict(neighbour_site["lans"][0], **changes)])
    output = " ".join(failing_playbook("neighbour-radvd.yml", {"homelab_site": site, **extra}).split())
    assert re.search(r"radvd 2\.19 on home-neighbour cannot advertise the NAT64 prefix as PREF64 \(RFC 8781\)", output), \
        output[-2000:]
    assert message in output, output[-2000:]
    assert "radvd 2.20 or newer has it (Debian 13, or bookworm-backports: apt install -t bookworm-backports radvd)" \
        in output
    assert "Traceback" not in output
    assert router.file(config).sha256sum == before
    assert router.service("radvd").is_running


@pytest.mark.first_verify_only("bad input, which no restart changes")
def test_the_clat_role_on_debian_12_fails_saying_there_is_no_clatd(client):
    output = " ".join(failing_playbook("clat.yml", {}).split())
    assert re.search(r"home-client runs Debian 12\.\d+ \(bookworm\), which has no clatd package: Debian packages it "
                     r"from Debian 13 \(trixie\) on", output), output[-2000:]
    assert "Traceback" not in output
    assert not client.package("clatd").is_installed
    assert not client.file("/etc/clatd.conf").exists
