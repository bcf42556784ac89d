"""The lab's podman connection: containers.podman's, with pipelining.

molecule-plugins' podman driver names each container's connection ``podman``; with this
directory in Ansible's connection_plugins (.config/molecule/config.yml), that short name
finds this plugin before Ansible routes it to containers.podman.podman.

The collection's plugin does not pipeline: it runs ``podman exec`` without ``-i``, so a
module sent on stdin would never arrive. Without pipelining, every task costs three execs
(make the temporary directory, make the module executable, run it) and a copy; with it, one
exec that reads the module from stdin. A scenario's converges run about twice as fast
(a playbook of 20 stat tasks on one container: 26 s without, 13.5 s with, 2026-12-03).
What runs in the container is the same: the module, as root, through become (sudo, which
pipelines; su does not).
"""

import shlex

from ansible.module_utils.common.text.converters import to_native
from ansible.plugins.connection import ensure_connect
from ansible_collections.containers.podman.plugins.connection import podman

# Ansible reads the plugin's options from this module's DOCUMENTATION: the collection's own.
DOCUMENTATION = podman.DOCUMENTATION


class Connection(podman.Connection):
    """containers.podman.podman, whose exec passes stdin on when Ansible sends a module on it."""

    has_pipelining = True

    @ensure_connect
    def exec_command(self, cmd, in_data=None, sudoable=False):
        # ConnectionBase's bookkeeping, not the collection's exec, which drops stdin.
        super(podman.Connection, self).exec_command(cmd, in_data=in_data, sudoable=sudoable)  # pylint: disable=bad-super-call
        exec_args = ["exec", "-i"] if in_data is not None else ["exec"]
        if self.user:
            exec_args.extend(("--user", self.user))
        return self._podman(exec_args, shlex.split(to_native(cmd, errors="surrogate_or_strict")), in_data)
