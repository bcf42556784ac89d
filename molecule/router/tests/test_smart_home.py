"""The smart home across LANs on a Debian 12 router (the home lab's gateway is Debian 13): both
LANs say mdns: true, iot says thread_routes: true, and the reflector relays _ipp._tcp alone
(router_mdns_service_types).

  router-client2 eth0 (iot)   publishes _ipp._tcp and _smb._tcp with avahi; sends a border
                              router's advertisement (a RIO for a ULA /64 and one for a GUA)
  router-client eth0 (home), eth1 (iot)   browses: on home, only what the router relays
"""

import json
import textwrap

import pytest

from lab_helpers import failing_playbook, link_local, wait_for

THREAD_PREFIX, ROGUE_ROUTE = "fd5b:7a3e:11ab:2::/64", "2001:db8:5bee::/64"
PROTOCOL = 98

# A border router's advertisement as radvd would send it (router lifetime 0, no prefix), with a
# Route Information Option (RFC 4191) per route: "prefix/length=lifetime" arguments.
_ADVERTISE = textwrap.dedent('''
    import ipaddress, socket, struct, sys
    options = b""
    for argument in sys.argv[1:]:
        prefix, lifetime = argument.split("=")
        network = ipaddress.IPv6Network(prefix)
        body = struct.pack("!BBI", network.prefixlen, 0, int(lifetime)) + network.network_address.packed[:8]
        options += struct.pack("!BB", 24, (len(body) + 2) // 8) + body
    message = struct.pack("!BBHBBHII", 134, 0, 0, 64, 0, 0, 0, 0) + options
    sock = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
    sock.sendto(message, ("ff02::1", 0, 0, socket.if_nametoindex("eth0")))
''')


SERVICES = {"_ipp._tcp": ("Lab printer", 631), "_smb._tcp": ("Lab share", 445)}


@pytest.fixture(scope="module")
def publisher(lab_host):
    host = lab_host("router-client2")
    for service_type, (name, port) in SERVICES.items():
        host.check_output(f"cat > /etc/avahi/services/lab{port}.service <<'EOF'\n"
                          "<?xml version=\"1.0\" standalone='no'?>\n"
                          "<!DOCTYPE service-group SYSTEM \"avahi-service.dtd\">\n"
                          f"<service-group><name>{name}</name>"
                          f"<service><type>{service_type}</type><port>{port}</port></service></service-group>\nEOF")
    host.check_output("systemctl start avahi-daemon.service")
    yield host
    host.run("systemctl stop avahi-daemon.service avahi-daemon.socket; rm -f /etc/avahi/services/lab*.service")


def seen(client):
    """(interface, service type) of what avahi-browse on the client sees of the publisher within 10 s."""
    run = client.run("timeout 10 avahi-browse --all --parsable --no-db-lookup")
    return {(fields[1], fields[4]) for fields in (line.split(";") for line in run.stdout.splitlines())
            if fields[0] == "+" and len(fields) > 4 and fields[3].startswith("Lab")}


def test_the_reflector_relays_the_listed_service_types_to_the_home_lan(client, publisher, router):
    assert router.service("avahi-daemon").is_running
    client.check_output("systemctl start avahi-daemon.service")
    try:
        found = set()
        # The client is on both LANs: on eth1 (iot) it hears the publisher itself; on eth0
        # (home) only what the router relays, and of that only _ipp._tcp.
        assert wait_for(lambda: found.update(seen(client)) or {("eth1", "_smb._tcp"), ("eth0", "_ipp._tcp")} <= found,
                        timeout=60), found
        assert ("eth0", "_smb._tcp") not in found, found
    finally:
        client.run("systemctl stop avahi-daemon.service avahi-daemon.socket")


@pytest.mark.first_verify_only("bad input, which no restart changes")
def test_a_bad_service_type_fails_before_the_reflector_changes(router):
    before = router.file("/etc/avahi/avahi-daemon.conf").sha256sum
    output = failing_playbook("converge.yml", {"router_mdns_service_types": ["_ipp._tcp", "airplay"]})
    assert ("router_mdns_service_types[1]: 'airplay' is not a DNS-SD service type; write one as _ipp._tcp"
            in " ".join(output.split())), output[-3000:]
    assert router.file("/etc/avahi/avahi-daemon.conf").sha256sum == before


def thread_routes(router):
    return json.loads(router.check_output(f"ip -j -6 route show proto {PROTOCOL}") or "[]")


def test_a_border_routers_ula_64_is_routed_and_withdrawn_and_its_gua_route_ignored(lab_host, router):
    border_router = lab_host("router-client2")
    border_router.check_output(f"cat > /tmp/lab-advertise.py <<'EOF'\n{_ADVERTISE}\nEOF")
    border_router.check_output(f"python3 /tmp/lab-advertise.py {THREAD_PREFIX}=120 {ROGUE_ROUTE}=120")
    assert wait_for(lambda: any(route["dst"] == THREAD_PREFIX for route in thread_routes(router)), timeout=10), \
        router.run("journalctl -u homelab-ipv6-thread-routes --no-pager -n 20").stdout
    route = next(route for route in thread_routes(router) if route["dst"] == THREAD_PREFIX)
    assert (route["gateway"], route["dev"]) == (link_local(border_router, "eth0"), "eth2"), route
    assert 0 < route["expires"] <= 120
    assert [route["dst"] for route in thread_routes(router)] == [THREAD_PREFIX]
    assert router.run(f"ip -6 route show {ROGUE_ROUTE}").stdout.strip() == ""
    border_router.check_output(f"python3 /tmp/lab-advertise.py {THREAD_PREFIX}=0")
    assert wait_for(lambda: thread_routes(router) == [], timeout=10), thread_routes(router)
