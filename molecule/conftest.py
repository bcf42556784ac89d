"""Fixtures shared by the testinfra tests of every molecule scenario.

Lab hosts are reached with testinfra's own podman backend (``podman exec``),
which is much faster than going through an Ansible connection per command.
"""

import json

import pytest
import testinfra


@pytest.fixture(scope="session")
def lab_host():
    """Return the testinfra host of a lab container, by its platform name."""
    hosts = {}

    def get(name):
        if name not in hosts:
            hosts[name] = testinfra.get_host(f"podman://{name}")
        return hosts[name]

    return get


def global_addresses(host, family="inet6", interface="eth0"):
    """Addresses of scope global on an interface of a lab host, without prefix length."""
    links = json.loads(host.check_output(f"ip -j address show dev {interface} scope global"))
    return [info["local"] for link in links for info in link["addr_info"] if info.get("family") == family]
