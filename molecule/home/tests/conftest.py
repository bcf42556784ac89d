"""Fixtures of the home lab that its test files share: its hosts, the site plan, the resolvers
the gateway's advertisements name, and the clients once they configured themselves."""

import pytest
from home_lab import (
    CLIENTS, GATEWAY, ISP, MOSTLY, NETWORKD, SLAAC, STATEFUL_CLIENTS, WEB, followed_delegation, lans_of,
    lease_addresses, plan_for,
)
from lab_helpers import wait_for


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
    """The site plan, numbered from the prefix the ISP delegates to the gateway now."""
    return plan_for(scenario_vars["homelab_site"], gateway, followed_delegation(gateway))


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
        # On the IPv6-mostly LAN the client that asks for option 108 takes no IPv4 (test_ipv6_mostly).
        return not lan["ipv4"] or name == MOSTLY or lease_addresses(host, 4)

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
