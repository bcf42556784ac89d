"""Fixtures of the home lab that its test files share: its hosts, the site plan, the resolvers
the gateway's advertisements name, the clients once they configured themselves, the house next
door, and the address-plan report."""

import pytest
from home_lab import (
    CLIENTS, GATEWAY, ISP, MOSTLY, NEIGHBOUR, NEIGHBOUR_PC, NETWORKD, PHONE, SLAAC, STATEFUL_CLIENTS, WEB,
    followed_delegation, lans_of, lease_addresses, plan_for,
)
from lab_helpers import run_playbook, wait_for


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


@pytest.fixture(scope="module")
def neighbour(lab_host):
    """The house next door: its Debian 12 router and the PC on its LAN."""
    return lab_host(NEIGHBOUR), lab_host(NEIGHBOUR_PC)


@pytest.fixture(scope="module")
def neighbour_site(scenario_config):
    """The site of the house next door, as its host_vars give it."""
    return scenario_config["provisioner"]["inventory"]["host_vars"][NEIGHBOUR]["homelab_site"]


@pytest.fixture(scope="session")
def address_plan(tmp_path_factory, lab_host, scenario_vars):
    """The address-plan report of the lab, strict, as the user runs it: one run for each verify,
    which the tests that read it share. Every client has configured itself first (the report
    names their leases), and those of the IPv6-mostly LAN speak on it, so the gateway knows them
    as neighbours (the report counts who took no IPv4)."""
    gateway = lab_host(GATEWAY)
    lans = lans_of(plan_for(scenario_vars["homelab_site"], gateway, followed_delegation(gateway)))
    for name in CLIENTS:
        _configured(lab_host, name, lans)
    for name in (MOSTLY, PHONE):
        lab_host(name).run("ping -c 1 -W 2 ff02::1%eth0")
    directory = tmp_path_factory.mktemp("address-plan")
    run = run_playbook("../../playbooks/address_plan.yml",
                       {"address_plan_dir": str(directory), "address_plan_strict": True})
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return directory
