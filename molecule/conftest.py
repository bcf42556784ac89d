"""Fixtures shared by the testinfra tests of every molecule scenario.

Lab hosts are reached with testinfra's own podman backend (``podman exec``),
which is much faster than going through an Ansible connection per command.
"""

import ipaddress
import json
import os
import sys
import time
from pathlib import Path

import pytest
import testinfra
import yaml

# The collection, as `make` links it, so tests compute expectations with its own filters.
sys.path[:0] = [path for path in os.environ.get("ANSIBLE_COLLECTIONS_PATH", "").split(os.pathsep) if path]


@pytest.fixture(scope="session")
def scenario_config():
    """The scenario's own molecule.yml."""
    molecule_yml = Path(os.environ["MOLECULE_SCENARIO_DIRECTORY"]) / "molecule.yml"
    return yaml.safe_load(molecule_yml.read_text())


@pytest.fixture(scope="session")
def scenario_vars(scenario_config):
    """The group_vars for all hosts that the scenario's molecule.yml gives its inventory."""
    return scenario_config.get("provisioner", {}).get("inventory", {}).get("group_vars", {}).get("all", {})


@pytest.fixture(scope="session")
def lab_subnets(scenario_config):
    """The subnets of the scenario's lab networks, by network name."""
    return {
        network["name"]: [ipaddress.ip_network(subnet) for subnet in network["subnets"]]
        for network in scenario_config["driver"]["lab_networks"]
    }


@pytest.fixture(scope="session")
def lab_host():
    """Return the testinfra host of a lab container, by its platform name."""
    hosts = {}

    def get(name):
        if name not in hosts:
            hosts[name] = testinfra.get_host(f"podman://{name}")
        return hosts[name]

    return get


def global_addresses(host, family="inet6", interface="eth0", flags=""):
    """Addresses of scope global on an interface of a lab host, without prefix length.

    flags narrows them as `ip address show` does, e.g. "dynamic" for SLAAC addresses.
    """
    links = json.loads(host.check_output(f"ip -j address show dev {interface} scope global {flags}"))
    # ip -j leaves an empty object for every address the filter dropped.
    return [info["local"] for link in links for info in link["addr_info"] if info.get("family") == family]


def address_in(addresses, subnets):
    """The first of addresses that lies in one of subnets, or None."""
    return next((a for a in addresses if any(ipaddress.ip_address(a) in net for net in subnets)), None)


def wait_for(probe, timeout=60, interval=1):
    """Call probe until it returns something true or timeout seconds pass; return its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)
