"""The lab's podman connection: containers.podman's, with pipelining, entering the container
with nsenter instead of ``podman exec``.

molecule-plugins' podman driver names each container's connection ``podman``; with this
directory in Ansible's connection_plugins (.config/molecule/config.yml), that short name
finds this plugin before Ansible routes it to containers.podman.podman.

The collection's plugin does not pipeline: it runs ``podman exec`` without ``-i``, so a
module sent on stdin would never arrive. Without pipelining, every task costs three execs
(make the temporary directory, make the module executable, run it) and a copy; with it, one
exec that reads the module from stdin (a playbook of 20 stat tasks on one container: 26 s
without, 13.5 s with, 2026-12-03).

That one exec was still most of a task's cost: ``podman exec`` starts podman, conmon and
runc, about 0.2 s of the lab's two cores each time, and the scenarios run thousands of
tasks. nsenter enters the namespaces of the container's init (mount, UTS, IPC, network, PID,
cgroup, and its root) in a few milliseconds. What runs is the same: the module, as root, in
the container, with the environment ``podman exec`` gives it. The one difference is the
cgroup a module's own processes count in (the lab host's, not the container's); every service
the roles start, systemd starts, in the container. The init's PID is asked of podman once per
container start and kept in /run (checked against the process's start time, so a restarted
container is asked again). Anything else (a remote user other than root, a container podman
reports as not running) goes the collection's way, which says what is wrong.
"""

import os
import shlex
import subprocess
import tempfile

from ansible.errors import AnsibleError
from ansible.module_utils.common.text.converters import to_bytes, to_native
from ansible.plugins.connection import ensure_connect
from ansible.utils.display import Display
from ansible_collections.containers.podman.plugins.connection import podman

# Ansible reads the plugin's options from this module's DOCUMENTATION: the collection's own.
DOCUMENTATION = podman.DOCUMENTATION

display = Display()

PID_CACHE = "/run/homelab-ipv6-lab/init-pids"
# What `podman exec` gives a command in the lab's images (their config sets no variables).
ENVIRONMENT = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm",
               "container=podman", "HOME=/root"]
NAMESPACES = ["--mount", "--uts", "--ipc", "--net", "--pid", "--cgroup", "--root", "--wd"]


def _start_time(pid):
    """The process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat), or None."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            # The command name, in parentheses, may hold spaces: count fields after it.
            return stat.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


class Connection(podman.Connection):
    """containers.podman.podman, pipelined, its commands run by nsenter in the container's init's
    namespaces."""

    has_pipelining = True

    def _connect(self):
        # ConnectionBase's bookkeeping, not the collection's `podman mount`: nothing here reads
        # the container's files from the lab host.
        super(podman.Connection, self)._connect()  # pylint: disable=bad-super-call
        self._init_pid = None if self.user not in (None, "root") else self._container_init_pid()
        self._connected = True

    def _container_init_pid(self):
        cache = os.path.join(PID_CACHE, os.path.basename(self._container_id))
        try:
            with open(cache, encoding="ascii") as kept:
                pid, started = kept.read().split()
            if _start_time(pid) == started:
                return pid
        except (OSError, ValueError):
            pass
        rc, stdout, dummy = self._podman(["inspect", "--format", "{{.State.Pid}}"])
        pid = to_native(stdout).strip()
        started = _start_time(pid) if rc == 0 and pid.isdigit() and pid != "0" else None
        if started is None:
            display.vvv(f"no running init to enter in {self._container_id}: podman exec", host=self._container_id)
            return None
        os.makedirs(PID_CACHE, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=PID_CACHE, delete=False, encoding="ascii") as new:
            new.write(f"{pid} {started}\n")
        os.replace(new.name, cache)
        return pid

    def _nsenter(self, args, in_data=None):
        command = ["nsenter", "--target", self._init_pid, *NAMESPACES, "--", "/usr/bin/env", "-i", *ENVIRONMENT,
                   *args]
        display.vvv(f"NSENTER {command}", host=self._container_id)
        process = subprocess.Popen([to_bytes(part, errors="surrogate_or_strict") for part in command],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        stdout, stderr = process.communicate(input=in_data)
        return process.returncode, stdout, stderr

    @ensure_connect
    def exec_command(self, cmd, in_data=None, sudoable=False):
        # ConnectionBase's bookkeeping, not the collection's exec, which drops stdin.
        super(podman.Connection, self).exec_command(cmd, in_data=in_data, sudoable=sudoable)  # pylint: disable=bad-super-call
        args = shlex.split(to_native(cmd, errors="surrogate_or_strict"))
        if self._init_pid:
            return self._nsenter(args, in_data)
        exec_args = ["exec", "-i"] if in_data is not None else ["exec"]
        if self.user:
            exec_args.extend(("--user", self.user))
        return self._podman(exec_args, args, in_data)

    @ensure_connect
    def put_file(self, in_path, out_path):
        if not self._init_pid:
            return super().put_file(in_path, out_path)
        # Written by a shell in the container, so its paths (and their links) are the container's.
        display.vvv(f"PUT {in_path} TO {out_path}", host=self._container_id)
        with open(to_bytes(in_path, errors="surrogate_or_strict"), "rb") as source:
            rc, dummy, stderr = self._nsenter(["/bin/sh", "-c", 'cat > "$1"', "put_file", out_path], source.read())
        if rc != 0:
            raise AnsibleError(f"Failed to copy {in_path} to {out_path} in container {self._container_id}: "
                               f"{to_native(stderr)}")
        return None

    @ensure_connect
    def fetch_file(self, in_path, out_path):
        if not self._init_pid:
            return super().fetch_file(in_path, out_path)
        display.vvv(f"FETCH {in_path} TO {out_path}", host=self._container_id)
        rc, stdout, stderr = self._nsenter(["/bin/cat", "--", in_path])
        if rc != 0:
            raise AnsibleError(f"Failed to fetch {in_path} from container {self._container_id}: {to_native(stderr)}")
        with open(to_bytes(out_path, errors="surrogate_or_strict"), "wb") as target:
            target.write(stdout)
        return None
