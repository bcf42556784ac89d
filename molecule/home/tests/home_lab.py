"""Fixtures of the home lab that its test files share: its hosts, the site plan with the ULA
the site role generated, and the resolvers the gateway's advertisements name."""

import json

import pytest
from ansible_collections.homelab.ipv6.plugins.filter.site_plan import site_plan

from conftest import dig, wait_for

GATEWAY, CLIENT, V6CLIENT, WEB, ISP = "home-gw", "home-client", "home-v6client", "home-web", "home-isp"
# Written on the dual-stack client after its leases: what the restart of every container must keep.
KEPT = "/var/lib/lab-home-kept.json"


def kept_ula(gateway):
    return json.loads(gateway.file("/etc/ansible/facts.d/homelab_ipv6_ula.fact").content_string)["prefix"]


def plan_for(site, gateway, **changes):
    """The site plan the gateway runs (its kept ULA), with changes to the site (a new gua)."""
    return site_plan(dict(site, **changes), kept_ula(gateway))


def lans_of(plan):
    return {lan["name"]: lan for lan in plan["lans"]}


def written_before_this_boot(host, path):
    """Whether the file exists and predates the container's systemd (PID 1): the container
    restarted since it was written."""
    if not host.file(path).exists:
        return False
    booted = int(host.check_output("echo $(( $(date +%s) - $(ps -o etimes= -p 1) ))"))
    return host.file(path).mtime.timestamp() < booted


def answers(host, server, *question):
    """The data of a NOERROR answer, or the status when there is none."""
    status, data = dig(host, server, *question)
    return data if status == "NOERROR" else status


@pytest.fixture(scope="module")
def gateway(lab_host):
    host = lab_host(GATEWAY)
    assert wait_for(lambda: host.run("systemctl is-system-running").stdout.strip() in ("running", "degraded"),
                    timeout=120)
    return host


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


@pytest.fixture(scope="module")
def client(lab_host, home_resolver):
    """The dual-stack client on the home LAN. After a restart podman gives the gateway new
    MAC and link-local addresses: the client reaches it again once the old default route
    (30 s lifetime) has given way to the new RA."""
    host = lab_host(CLIENT)
    assert wait_for(lambda: host.run(f"ping -c 1 -W 1 {home_resolver}").succeeded, timeout=90)
    return host


@pytest.fixture(scope="module")
def v6client(lab_host, dns64_resolver):
    """The IPv6-only client, using the resolver the advertisements name (the lab's client
    image has no RDNSS daemon to write it)."""
    host = lab_host(V6CLIENT)
    host.check_output(f"echo 'nameserver {dns64_resolver}' > /etc/resolv.conf")
    assert wait_for(lambda: host.run(f"ping -c 1 -W 1 {dns64_resolver}").succeeded, timeout=90)
    return host
