"""Helpers of the home lab that its test files share: its hosts and clients by name, the site
plan with the ULA the site role generated, numbered from the prefix the ISP delegated, and the
questions the tests ask the clients. The fixtures are in conftest.py."""

import contextlib
import ipaddress
import json
import re
import time

from ansible_collections.homelab.ipv6.plugins.filter.site import site_plan
from lab_helpers import delegated_routes, dig, global_addresses, kept_ula, routed_delegations, wait_for

GATEWAY, WEB, ISP = "home-gw", "home-web", "home-isp"
# A site host on the IPv6-only LAN that forms its addresses by SLAAC with its iid (::20) as token.
SERVER = "home-server"
# The site's nas (its hosts entry "nas"), on the stateful LAN: it serves 8443 to the Internet.
NAS = "home-nas"
# A VM host on the IPv6-only LAN, which asks for a /60 by DHCPv6-PD for its VMs' bridge.
VM_HOST = "home-vmhost"
# The house next door: a router of another site on the same ISP line, and its SLAAC client.
NEIGHBOUR, NEIGHBOUR_PC = "home-neighbour", "home-neighbour-pc"
# The router's DHCPv6-PD lease (the router role's local fact), its client's unit, and the
# prefix its follower last applied.
DELEGATION_FACT = "/etc/ansible/facts.d/homelab_prefix_delegation.fact"
DELEGATION_UNIT = "homelab-ipv6-prefix-delegation.service"
FOLLOWED = "/var/lib/homelab-ipv6/followed-prefix"
# The clients, each with the LAN it is on and the network stack it runs.
NETWORKD, DHCPCD, SLAAC, PHONE = "home-client", "home-dhcpcd", "home-v6client", "home-phone"
# The IPv6-mostly LAN's client that asks for option 108 and goes without IPv4, with a CLAT.
MOSTLY = "home-mostly"
CLIENTS = {NETWORKD: "home", DHCPCD: "home", SLAAC: "v6only", PHONE: "guest", MOSTLY: "guest"}
# The clients of the stateful LAN, which take both families by DHCP.
STATEFUL_CLIENTS = [NETWORKD, DHCPCD]
# The clients of the dual-stack LANs (stateful home, slaac guest).
DUAL_STACK_CLIENTS = [NETWORKD, DHCPCD, PHONE]


def delegation(router):
    """The router's DHCPv6-PD lease as it keeps it ({} before the first)."""
    text = router.run(f"cat {DELEGATION_FACT}").stdout
    return json.loads(text) if text else {}


def live_followed(router):
    """The router's lease if it holds a live prefix, heard from the ISP since the router booted
    (a lease kept from before a restart is not one the ISP still gives), and its follower has
    applied it; else None."""
    fact = delegation(router)
    booted = int(router.check_output("echo $(( $(date +%s) - $(ps -o etimes= -p 1) ))"))
    live = fact.get("prefix") and fact.get("valid_until", 0) > time.time() and fact.get("updated_at", 0) >= booted
    return fact if live and router.run(f"cat {FOLLOWED}").stdout == fact["prefix"] else None


def followed_delegation(router, timeout=120):
    """The router's lease once it holds a live prefix and its follower has applied it (after
    a restart of every container the router asks the ISP again); fails the test if it does not."""
    fact = wait_for(lambda: live_followed(router), timeout=timeout)
    assert fact, ("the router holds no prefix delegated by the ISP, or has not followed it", delegation(router),
                  router.run(f"journalctl -u {DELEGATION_UNIT} --no-pager -n 20").stdout)
    return fact


def plan_for(site, gateway, fact):
    """The site plan the gateway runs: its kept ULA, its LANs numbered from the delegation fact."""
    return site_plan(site, kept_ula(gateway), None, fact)


def lans_of(plan):
    return {lan["name"]: lan for lan in plan["lans"]}


def in_network(addresses, prefix):
    return [a for a in addresses if ipaddress.ip_address(a) in ipaddress.ip_network(prefix)]


def answers(host, server, *question):
    """The data of a NOERROR answer, or the status when there is none, or "no answer" (a query
    lost while the network moves: the tests poll until the answer they want)."""
    status, data = dig(host, server, *question, answered=False)
    return data if status == "NOERROR" else status or "no answer"


def first_answer(host, server, *question, timeout=15):
    """What `answers` gives for the first query answered within timeout seconds: for a record
    that must not change, a lost query is no evidence either way, a wrong answer is."""
    def answered():
        answer = answers(host, server, *question)
        return None if answer == "no answer" else (answer,)

    return (wait_for(answered, timeout=timeout) or ("no answer",))[0]


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


def own_addresses(host, lan, interface="eth0"):
    """The host's SLAAC addresses in the LAN's prefixes, as its kernel flags them: (stable, temporary)."""
    links = json.loads(host.check_output(f"ip -j -6 address show dev {interface} scope global"))
    infos = [info for link in links for info in link["addr_info"] if info]
    prefixes = [ipaddress.ip_network(prefix) for prefix in lan["prefixes"]]
    mine = [info for info in infos if any(ipaddress.ip_address(info["local"]) in prefix for prefix in prefixes)]
    stable = sorted(info["local"] for info in mine if not info.get("temporary") and info.get("preferred_life_time", 1))
    temporary = sorted(info["local"] for info in mine if info.get("temporary"))
    return stable, temporary


def vm_delegation(gateway, vm_host, lan, timeout=90):
    """The prefix the gateway routes to the VM host's link-local address on lan, from lan's pool."""
    found = wait_for(lambda: routed_delegations(gateway, vm_host, lan), timeout=timeout)
    assert found, (delegated_routes(gateway), vm_host.run("journalctl -u lab-dhcpcd --no-pager -n 30").stdout)
    return found[0]
