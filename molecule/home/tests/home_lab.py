"""Helpers of the home lab that its test files share: its hosts and clients by name, the site
plan with the ULA the site role generated, and the questions the tests ask the clients. The
fixtures are in conftest.py."""

import contextlib
import ipaddress
import json
import re

from ansible_collections.homelab.ipv6.plugins.filter.site_plan import site_plan
from lab_helpers import dig, global_addresses, kept_ula, wait_for

GATEWAY, WEB, ISP = "home-gw", "home-web", "home-isp"
# The clients, each with the LAN it is on and the network stack it runs.
NETWORKD, DHCPCD, SLAAC, PHONE = "home-client", "home-dhcpcd", "home-v6client", "home-phone"
CLIENTS = {NETWORKD: "home", DHCPCD: "home", SLAAC: "v6only", PHONE: "guest"}
# The clients of the stateful LAN, which take both families by DHCP.
STATEFUL_CLIENTS = [NETWORKD, DHCPCD]
# The clients of the dual-stack LANs (stateful home, slaac guest).
DUAL_STACK_CLIENTS = [NETWORKD, DHCPCD, PHONE]


def plan_for(site, gateway, **changes):
    """The site plan the gateway runs (its kept ULA), with changes to the site (a new gua)."""
    return site_plan(dict(site, **changes), kept_ula(gateway))


def lans_of(plan):
    return {lan["name"]: lan for lan in plan["lans"]}


def in_network(addresses, prefix):
    return [a for a in addresses if ipaddress.ip_address(a) in ipaddress.ip_network(prefix)]


def answers(host, server, *question):
    """The data of a NOERROR answer, or the status when there is none."""
    status, data = dig(host, server, *question)
    return data if status == "NOERROR" else status


def lease_addresses(host, family):
    """The addresses a client took from DHCP on eth0: DHCPv4's, and DHCPv6's /128s (SLAAC forms
    /64s; podman's own addresses have no lifetime, so they are not "dynamic")."""
    links = json.loads(host.check_output(f"ip -j -{family} address show dev eth0 scope global dynamic"))
    infos = [info for link in links for info in link["addr_info"] if info]
    return [info["local"] for info in infos if family == 4 or info.get("prefixlen") == 128]


def resolvers_learnt(host):
    """The DNS servers and search domains the client's own resolver took from the network:
    systemd-resolved's for eth0, or what dhcpcd wrote into resolv.conf."""
    if host.run("systemctl is-active systemd-resolved").stdout.strip() == "active":
        servers = host.check_output("resolvectl dns eth0").split(":", 1)[1].split()
        domains = host.check_output("resolvectl domain eth0").split(":", 1)[1].split()
        return servers, domains
    text = host.file("/etc/resolv.conf").content_string
    return (re.findall(r"^nameserver\s+(\S+)", text, re.MULTILINE),
            [d for line in re.findall(r"^(?:search|domain)\s+(.+)$", text, re.MULTILINE) for d in line.split()])


def fetch(host, url, *options):
    """The page at url as the client fetches it by name with its own resolver ('' on failure)."""
    return host.run(f"curl --silent --max-time 5 {' '.join(options)} '{url}'").stdout


def web_log(web, unit):
    return web.check_output(f"journalctl -u {unit} --no-pager -n 200")


def logged_source(web, unit, marker):
    """The source address that the web host logged for the request whose URL has marker."""
    found = re.findall(rf"^.*?(\S+) - - \[.*{re.escape(marker)}", web_log(web, unit), re.MULTILINE)
    return found[-1].removeprefix("::ffff:") if found else None


def connects(host, address, port, timeout=3):
    """Whether a TCP connection from host to address:port is accepted within timeout seconds."""
    return host.run(f"timeout {timeout} bash -c '</dev/tcp/{address}/{port}'").rc == 0


@contextlib.contextmanager
def listener(host, unit, port):
    """A TCP listener on host (a web server on every address), for the time of the block."""
    host.check_output(f"systemd-run --unit {unit} python3 -m http.server {port} --bind ::")
    assert wait_for(lambda: host.run(f"curl -s --max-time 2 http://[::1]:{port}/").succeeded, timeout=15)
    try:
        yield port
    finally:
        host.run(f"systemctl stop {unit}")


def gua_source(host, lan):
    """The client's addresses in its LAN's GUA /64 (not deprecated)."""
    return in_network(global_addresses(host, flags="-deprecated"), lan["gua_prefix"])
