"""The kernel lab's fixture: the VM, as converged and after a reboot."""

import pytest
import testinfra
from kernel_lab import VM, reboot, ssh_config


@pytest.fixture(scope="session", params=["as converged", "after a reboot"])
def vm(request):
    """The VM, first as converge left it, then once more after a reboot. One session fixture
    for every test module: pytest runs all their tests with the first, reboots the VM once
    (some four minutes under emulation), then runs them all again."""
    if request.param == "after a reboot":
        return reboot()
    return testinfra.get_host(f"ssh://{VM}", ssh_config=ssh_config())
