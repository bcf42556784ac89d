"""The device watcher (dhcp46) on a Debian 12 router: router-gw serves the home LAN (slaac),
where router-client forms its SLAAC addresses from its MAC (EUI-64, the id of its link-local
address) and asks DHCPv4 with a hostname; the watcher names those addresses after the lease.
The home lab runs it on Debian 13, with a phone's privacy addresses and mDNS."""

import ipaddress
import json

from router_lab import ROUTER
from lab_helpers import dhclient, last_round_sent, wait_for

UNIT = "homelab-ipv6-device-names.service"


def slaac_addresses(host, interface, prefixes):
    links = json.loads(host.check_output(f"ip -j -6 address show dev {interface} scope global"))
    found = [info["local"] for link in links for info in link["addr_info"] if info and not info.get("temporary")]
    return sorted(a for a in found if any(ipaddress.ip_address(a) in ipaddress.ip_network(p) for p in prefixes))


def test_the_watcher_names_a_slaac_client_after_its_dhcpv4_lease_on_debian_12(lab_host, client, plan):
    router = lab_host(ROUTER)
    assert router.check_output("systemctl is-active %s || true" % UNIT) == "active", \
        router.run(f"journalctl -u {UNIT} --no-pager -n 20").stdout
    home = next(lan for lan in plan["lans"] if lan["name"] == "home")
    resolver = home["dns_servers"][0]
    dhclient(client, 4, "eth0", 'send host-name "lab-watched";\n', tag="-watched")
    try:
        stable = slaac_addresses(client, "eth0", home["prefixes"])
        assert stable, "router-client has no SLAAC address on the home LAN: the lab is not as it should be"

        def named():
            return sorted(client.run(f"dig +short +tries=1 +time=2 @{resolver} AAAA lab-watched.home.arpa").stdout.split())
        assert wait_for(lambda: named() == stable, timeout=60), (named(), stable)
    finally:
        # The dhcp46 tests ask on eth0 with dhclients of their own.
        client.run("dhclient -4 -x -pf /run/lab4-eth0-watched.pid eth0")
    journal = router.run(f"journalctl -u {UNIT} --no-pager -o cat").stdout
    assert "Traceback" not in journal and last_round_sent(journal), journal[-3000:]
