"""The smart home across LANs (homelab_site.lans[].mdns, thread_routes, reaches), from clients.

The IoT LAN and the home LAN say mdns: true and home reaches iot; the guest LAN says neither.
A printer on the IoT LAN publishes _ipp._tcp with avahi: home-client finds it with avahi-browse
and fetches its page; the phone on the guest LAN finds nothing, and nothing of mDNS leaves the
gateway by its uplink (the ISP listens). A Thread border router on the IoT LAN announces its
Thread network's ULA /64 in a Route Information Option with radvd: the gateway routes it within
one advertisement, home-client pings and fetches a page from an address in it, the guest's phone
cannot connect. Its rogue advertisement (a default route, a prefix, RIOs for ::/0, a GUA and a
/48), which a plain host on the LAN takes, changes nothing on the gateway."""

import json
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from home_lab import NETWORKD, PHONE, in_network
from lab_helpers import global_addresses, link_local, wait_for

PRINTER, BORDER_ROUTER = "home-printer", "home-thread-br"
LEARNER = "homelab-ipv6-thread-routes.service"
# The routing protocol number of the learnt routes (route_information.ROUTE_PROTOCOL).
PROTOCOL = 98
# The border router's radvd advertises at least every 10 s (prepare.yml).
ADVERTISEMENT_INTERVAL = 10


def browse(host, seconds=15, service_type="_ipp._tcp"):
    """What avahi-browse on host resolves of service_type within seconds, as a desktop's print
    dialog sees it: {(name, address, port)}. The host's avahi-daemon runs for it."""
    host.check_output("systemctl start avahi-daemon.service")
    run = host.run(f"timeout {seconds} avahi-browse --resolve --parsable --no-db-lookup {service_type}")
    found = set()
    for line in run.stdout.splitlines():
        fields = line.split(";")
        if fields[0] == "=" and len(fields) >= 9:
            found.add((fields[3].replace("\\032", " "), fields[7], fields[8]))
    return found


def page(host, address, port=80, timeout=5):
    return host.run(f"curl -s --max-time {timeout} 'http://[{address}]:{port}/'")


def thread_routes(gateway):
    return json.loads(gateway.check_output(f"ip -j -6 route show proto {PROTOCOL}") or "[]")


def routing_state(gateway):
    """The gateway's addresses and every route of every table, less the countdown of lifetimes."""
    routes = re.sub(r" expires \d+sec", "", gateway.check_output("ip -6 route show table all"))
    addresses = gateway.check_output("ip -6 -brief address show scope global")
    return routes, addresses


@pytest.fixture(scope="module")
def printer(lab_host, lans):
    host = lab_host(PRINTER)
    assert wait_for(lambda: in_network(global_addresses(host), lans["iot"]["ula_prefix"]), timeout=60), \
        host.check_output("ip address show dev eth0")
    return host


@pytest.fixture(scope="module")
def border_router(lab_host):
    host = lab_host(BORDER_ROUTER)
    assert host.service("radvd").is_running, host.run("journalctl -u radvd --no-pager -n 20").stdout
    return host


# The ISP listens on its wan side for mDNS, in both families, and prints each packet's source.
_MDNS_LISTENER = r'''
import select, socket, struct, sys, time
index = socket.if_nametoindex("eth0")
six = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
six.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
six.bind(("::", 5353))
six.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, socket.inet_pton(socket.AF_INET6, "ff02::fb") + struct.pack("@I", index))
four = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
four.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
four.bind(("0.0.0.0", 5353))
four.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton("224.0.0.251") + socket.inet_aton(sys.argv[2]))
print("listening", flush=True)
end = time.time() + float(sys.argv[1])
while time.time() < end:
    for sock in select.select([six, four], [], [], 1)[0]:
        print(sock.recvfrom(9000)[1][0].split("%")[0], flush=True)
'''


def test_a_printer_on_the_iot_lan_is_found_from_the_home_lan_and_answers(clients, printer, lans):
    client = clients[NETWORKD]
    own = set(global_addresses(printer))
    try:
        found = set()
        assert wait_for(lambda: found.update(browse(client)) or any(name == "Lab printer" for name, _a, _p in found),
                        timeout=60, interval=1), found
    finally:
        client.run("systemctl stop avahi-daemon.service avahi-daemon.socket")
    addresses = {address for name, address, port in found if name == "Lab printer" and port == "631"}
    # The printer's own addresses in the IoT LAN's prefixes, reflected as it publishes them.
    assert addresses and addresses <= own, (addresses, own)
    assert all(in_network([address], lans["iot"]["ula_prefix"]) or in_network([address], lans["iot"]["gua_prefix"])
               for address in addresses), addresses
    for address in addresses:
        assert page(client, address, 631).stdout.strip() == "lab printer", address


def test_the_guest_lan_finds_nothing_and_no_mdns_leaves_by_the_uplink(clients, printer, gateway, isp):
    phone, client = clients[PHONE], clients[NETWORKD]
    isp_ipv4 = global_addresses(isp, family="inet", interface="eth0")[0]
    isp.check_output(f"cat > /tmp/lab-mdns-listener.py <<'EOF'\n{_MDNS_LISTENER}\nEOF")
    isp.run("rm -f /tmp/lab-mdns-heard")
    isp.check_output(f"systemd-run --unit lab-mdns-listener --collect "
                     f"sh -c 'python3 /tmp/lab-mdns-listener.py 20 {isp_ipv4} > /tmp/lab-mdns-heard'")
    assert wait_for(lambda: isp.run("grep -q listening /tmp/lab-mdns-heard").rc == 0, timeout=15), \
        isp.run("journalctl -u lab-mdns-listener --no-pager -n 20").stdout
    try:
        # At the same time, while the ISP listens: the guest's phone asks, and the home LAN's
        # client asks, which sets the reflector to work (it finds the printer).
        with ThreadPoolExecutor(max_workers=2) as pool:
            seen, relayed = pool.map(browse, (phone, client))
    finally:
        for host in (phone, client):
            host.run("systemctl stop avahi-daemon.service avahi-daemon.socket")
    assert not seen, seen
    assert any(name == "Lab printer" for name, _address, _port in relayed), relayed
    assert wait_for(lambda: isp.run("systemctl is-active lab-mdns-listener").stdout.strip() != "active", timeout=30)
    heard = set(isp.check_output("cat /tmp/lab-mdns-heard").split()) - {"listening"}
    gateway_wan = set(global_addresses(gateway, family="inet", interface="eth0") + global_addresses(gateway, interface="eth0")
                      + [link_local(gateway, "eth0")])
    assert not heard & gateway_wan, (heard, gateway_wan)


def test_the_router_routes_the_thread_network_within_one_advertisement(clients, gateway, border_router, lans,
                                                                       scenario_vars):
    prefix, address = scenario_vars["lab_thread_prefix"], scenario_vars["lab_thread_address"]
    # A restart of the learner drops its routes (its unit flushes them): it learns them anew
    # from the next advertisement.
    gateway.check_output(f"systemctl restart {LEARNER}")
    assert thread_routes(gateway) == [] or all(route["dst"] != prefix for route in thread_routes(gateway))
    assert wait_for(lambda: any(route["dst"] == prefix for route in thread_routes(gateway)),
                    timeout=ADVERTISEMENT_INTERVAL + 3, interval=0.5), \
        gateway.run(f"journalctl -u {LEARNER} --no-pager -n 20").stdout
    route = next(route for route in thread_routes(gateway) if route["dst"] == prefix)
    assert (route["gateway"], route["dev"]) == (link_local(border_router, "eth0"), lans["iot"]["interface"]), route
    assert 0 < route["expires"] <= 60, route
    journal = gateway.check_output(f"journalctl -u {LEARNER} --no-pager -n 50")
    assert f"learnt the route to {prefix} via {route['gateway']} on eth4 (LAN iot)" in journal, journal
    # The home LAN reaches the IoT LAN, and so the Thread network behind it; the guests do not.
    client, phone = clients[NETWORKD], clients[PHONE]
    assert client.run(f"ping -c 2 -W 2 {address}").succeeded, client.run(f"ip -6 route get {address}").stdout
    assert page(client, address).stdout.strip() == "thread network"
    refused = page(phone, address, timeout=4)
    assert refused.rc == 28, (refused.rc, refused.stdout)


def test_a_rogue_advertisement_changes_nothing_on_the_router(gateway, border_router, printer):
    def journal():
        return gateway.run(f"journalctl -u {LEARNER} --no-pager -n 50").stdout

    before = routing_state(gateway)
    border_router.check_output("cp /etc/radvd.conf /etc/radvd-thread.conf && cp /etc/radvd-rogue.conf /etc/radvd.conf "
                               "&& systemctl reload radvd.service")
    try:
        # A plain host of the LAN takes the rogue prefix: the advertisement is on the wire.
        assert wait_for(lambda: in_network(global_addresses(printer), "2001:db8:5bad::/64"), timeout=30), \
            global_addresses(printer)
        assert wait_for(lambda: "ignored a default route (router lifetime 30 s)" in journal(), timeout=30), journal()
        # One more advertisement, then the router is as it was.
        time.sleep(ADVERTISEMENT_INTERVAL)
        text = journal()
        for ignored in ("the prefix 2001:db8:5bad::/64: the router forms no address",
                        "a default route (::/0)",
                        "the route to 2001:db8:5bee::/64: not a ULA",
                        "the route to fd5b:7a3e:11ab::/48: not a /64"):
            assert ignored in text, (ignored, text)
        after = routing_state(gateway)
        assert after == before, (before, after)
    finally:
        border_router.run("cp /etc/radvd-thread.conf /etc/radvd.conf && systemctl reload radvd.service")
    assert wait_for(lambda: not in_network(global_addresses(printer), "2001:db8:5bad::/64"), timeout=60), \
        global_addresses(printer)


def test_the_report_lists_the_thread_route_and_its_border_router(address_plan, border_router, scenario_vars):
    text = (address_plan / "address-plan.md").read_text()
    assert "## Routes to Thread networks" in text
    assert (f"| {scenario_vars['lab_thread_prefix']} | iot | {link_local(border_router, 'eth0')} on eth4 | "
            in text), text[text.find("## Routes to Thread"):][:800]
