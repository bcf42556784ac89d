"""Fixtures and helpers of the home lab that its test files share: its hosts, the site plan
with the ULA the site role generated, the resolvers the gateway's advertisements name, the
clients as they configured themselves, and which verify of the sequence this is."""

import contextlib
import ipaddress
import json
import re

import pytest
from ansible_collections.homelab.ipv6.plugins.filter.site_plan import site_plan

from conftest import AFTER_RESTART, EPHEMERAL, FIRST, dig, global_addresses, lab_phase, wait_for  # noqa: F401  # pylint: disable=unused-import

GATEWAY, WEB, ISP = "home-gw", "home-web", "home-isp"
# The clients, each with the LAN it is on and the network stack it runs.
NETWORKD, DHCPCD, SLAAC, PHONE = "home-client", "home-dhcpcd", "home-v6client", "home-phone"
CLIENTS = {NETWORKD: "home", DHCPCD: "home", SLAAC: "v6only", PHONE: "guest"}
# The clients of the stateful LAN, which take both families by DHCP.
STATEFUL_CLIENTS = [NETWORKD, DHCPCD]
# The clients of the dual-stack LANs (stateful home, slaac guest).
DUAL_STACK_CLIENTS = [NETWORKD, DHCPCD, PHONE]


def kept_ula(gateway):
    return json.loads(gateway.file("/etc/ansible/facts.d/homelab_ipv6_ula.fact").content_string)["prefix"]


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


@pytest.fixture(scope="module")
def gateway(lab_host):
    host = lab_host(GATEWAY)
    assert wait_for(lambda: host.run("systemctl is-system-running").stdout.strip() in ("running", "degraded"),
                    timeout=120)
    return host


@pytest.fixture(scope="module")
def web(lab_host):
    return lab_host(WEB)


@pytest.fixture(scope="module")
def isp(lab_host):
    return lab_host(ISP)


@pytest.fixture(scope="module")
def plan(gateway, scenario_vars):
    return plan_for(scenario_vars["homelab_site"], gateway)


@pytest.fixture(scope="module")
def lans(plan):
    return lans_of(plan)


@pytest.fixture(scope="module")
def home_resolver(lans):
    return lans["home"]["dns_servers"][0]


@pytest.fixture(scope="module")
def dns64_resolver(lans):
    return lans["v6only"]["dns_servers"][0]


def _configured(lab_host, name, lans):
    """A client once its own stack has configured it: after a restart podman gives the gateway
    new MAC and link-local addresses, and the client reaches it again once the old default
    route has given way to the new RA (and it holds the DHCP leases its LAN gives)."""
    host = lab_host(name)
    lan = lans[CLIENTS[name]]
    resolver = lan["dns_servers"][0]

    def ready():
        if not host.run(f"ping -c 1 -W 1 {resolver}").succeeded:
            return False
        if name in STATEFUL_CLIENTS:
            return lease_addresses(host, 4) and lease_addresses(host, 6)
        return not lan["ipv4"] or lease_addresses(host, 4)

    assert wait_for(ready, timeout=120), host.check_output("ip address show dev eth0")
    return host


@pytest.fixture(scope="module")
def clients(lab_host, lans):
    """Every client, by name, once configured."""
    return {name: _configured(lab_host, name, lans) for name in CLIENTS}


@pytest.fixture(scope="module")
def client(clients):
    """The systemd-networkd client on the dual-stack (stateful) LAN."""
    return clients[NETWORKD]


@pytest.fixture(scope="module")
def v6client(clients):
    """The SLAAC-only client on the IPv6-only LAN."""
    return clients[SLAAC]


def gua_source(host, lan):
    """The client's addresses in its LAN's GUA /64 (not deprecated)."""
    return in_network(global_addresses(host, flags="-deprecated"), lan["gua_prefix"])
