"""The kernel lab VM, reached by SSH with the config create.yml wrote, and its reboot."""

import os
import subprocess
from pathlib import Path

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
