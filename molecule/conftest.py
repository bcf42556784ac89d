"""Fixtures shared by the testinfra tests of every molecule scenario.

Lab hosts are reached with testinfra's own podman backend (``podman exec``),
which is much faster than going through an Ansible connection per command.
"""

import ipaddress
import os
import sys
from pathlib import Path

import pytest
import testinfra
import yaml
from lab_helpers import AFTER_RESTART, EPHEMERAL, FIRST

# The collection, as `make` links it, so tests compute expectations with its own filters.
sys.path[:0] = [path for path in os.environ.get("ANSIBLE_COLLECTIONS_PATH", "").split(os.pathsep) if path]


@pytest.fixture(scope="session")
def lab_phase():
    """Which verify of the sequence this is, from the markers: the first verify writes
    lab-verified, the restart playbook lab-restarted, and the verify after the restart uses
    that marker up. A verify that follows another with no restart between fails, so the checks
    after the restart can never pass by skipping."""
    verified, restarted = EPHEMERAL / "lab-verified", EPHEMERAL / "lab-restarted"
    scenario = Path(os.environ.get("MOLECULE_SCENARIO_DIRECTORY", "")).name or "<scenario>"
    if not verified.exists():
        yield FIRST
        verified.write_text("verified\n")
        return
    if not restarted.exists():
        pytest.fail(f"this verify follows an earlier one ({verified}), but the lab was not restarted since "
                    "(restart-all.yml writes lab-restarted, which the verify after it uses up): recreate the "
                    f"lab or restart it (molecule side-effect -s {scenario}) before verifying again")
    yield AFTER_RESTART
    restarted.unlink()


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "first_verify_only(why): a check no restart can change (bad input, a converge with other "
        "variables); it runs in the first verify, and the verify after the restart says so and skips it")


def pytest_collection_modifyitems(config, items):  # pylint: disable=unused-argument
    """In the verify after the restart, the checks marked first_verify_only have already passed
    in the first one: the restart checks what a power cut can break, not the same converges."""
    if not (EPHEMERAL / "lab-verified").exists():
        return
    for item in items:
        marker = item.get_closest_marker("first_verify_only")
        if marker is not None:
            item.add_marker(pytest.mark.skip(reason="passed in the first verify; " + marker.args[0]))


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
