"""The kernel lab VM, reached by SSH with the config create.yml wrote, and its reboot."""

import os
import subprocess
from pathlib import Path

import pytest
import testinfra

VM = "kernel-lab"
STATE = Path(os.environ.get("LAB_VM_STATE", ""))
VM_SCRIPT = Path(os.environ.get("MOLECULE_PROJECT_DIRECTORY", ".")) / "lab" / "vm" / "vm.sh"


def ssh_config():
    return str(STATE / "ssh_config")


def reboot():
    """Reboot the VM and wait until its boot has finished."""
    host = testinfra.get_host(f"ssh://{VM}", ssh_config=ssh_config())
    host.run("systemctl --no-block reboot")
    # The shared connection died with the old boot; the next command must not wait on it.
    subprocess.run(["ssh", "-F", ssh_config(), "-O", "exit", VM], capture_output=True, check=False)
    subprocess.run(["sleep", "5"], check=True)
    subprocess.run([str(VM_SCRIPT), "wait", str(STATE)], check=True)
    host = testinfra.get_host(f"ssh://{VM}", ssh_config=ssh_config())
    host.run("systemctl is-system-running --wait")
    return host


# The host after the reboot, once it happened. Each test module that imports the fixture
# holds a definition of its own, which pytest sets up once per module: without this, the
# VM rebooted once per module (each boot some four minutes under emulation), and the second
# boot of a loaded run outlasted vm.sh's boot timeout.
_REBOOTED = []


@pytest.fixture(scope="session", params=["as converged", "after a reboot"])
def vm(request):
    """The VM, first as converge left it, then once more after a reboot: every test module's
    tests run with the first, then the VM reboots once, then they all run again."""
    if request.param == "after a reboot":
        if not _REBOOTED:
            _REBOOTED.append(reboot())
        return _REBOOTED[0]
    return testinfra.get_host(f"ssh://{VM}", ssh_config=ssh_config())
