"""Helpers the testinfra tests of every molecule scenario share: the lab's markers, addresses,
DNS questions, DHCP clients, and playbooks run on the scenario's inventory. Plain functions;
the fixtures are in the conftest.py files."""

import contextlib
import ipaddress
import json
import os
import re
import subprocess
import time
from pathlib import Path

# Molecule's directory of the lab's own state: the markers of the sequence (restart-all.yml
# writes lab-restarted, the first verify lab-verified; create.yml removes both) and, in the
# home lab, the lab host's SSH key (prepare.yml).
EPHEMERAL = Path(os.environ.get("MOLECULE_EPHEMERAL_DIRECTORY", "/nonexistent"))
FIRST, AFTER_RESTART = "first verify", "verify after the restart of every container"


def kept_ula(router):
    """The site's ULA /48 as the site role generated and kept it on the router."""
    return json.loads(router.file("/etc/ansible/facts.d/homelab_ipv6_ula.fact").content_string)["prefix"]


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


def link_local(host, interface):
    links = json.loads(host.check_output(f"ip -j -6 address show dev {interface} scope link"))
    return next(info["local"] for link in links for info in link["addr_info"] if info)


def delegated_routes(router):
    """The router's routes of the prefixes its DHCP server delegated (the dhcp46 role's Kea hook
    marks them proto dhcp)."""
    return json.loads(router.check_output("ip -j -6 route show proto dhcp") or "[]")


def routed_delegations(router, requester, lan):
    """The prefixes of lan's pools that the router routes to the requester's link-local address
    (on its eth0) on lan."""
    via = link_local(requester, "eth0")
    pools = [ipaddress.ip_network(pool["prefix"]) for pool in lan["pd_pools"]]
    return [route["dst"] for route in delegated_routes(router)
            if route.get("gateway") == via and route["dev"] == lan["interface"]
            and any(ipaddress.ip_network(route["dst"]).subnet_of(pool) for pool in pools)]


def dig(host, server, *question, source=None, timeout=3, answered=True):
    """The status of dig's answer, and the data of its answer section as a sorted list of words
    (what `dig +short` prints), both from one query. With no answer it fails the test, or with
    answered=False returns (None, []) for a caller that polls."""
    options = f"+tries=1 +time={timeout} +noall +comments +answer" + (f" -b {source}" if source else "")
    answer = host.run(f"dig {options} @{server} " + " ".join(question))
    status = re.search(r"status: (\w+)", answer.stdout)
    if not status and not answered:
        return None, []
    assert status, answer.stdout + answer.stderr
    records = [line.split() for line in answer.stdout.splitlines() if line and not line.startswith(";")]
    return status[1], sorted(word for record in records for word in record[4:])


@contextlib.contextmanager
def stranger_on_link(client, router, client_interface="eth0", router_interface="eth1"):
    """An address in no LAN on the client's link, as a foreign device would use; the router
    gets a route back to it only while the block runs."""
    address = "2001:db8:dead::c"
    client.check_output(f"ip -6 address replace {address}/128 dev {client_interface} nodad")
    router.check_output(f"ip -6 route replace {address}/128 dev {router_interface}")
    try:
        yield address
    finally:
        router.run(f"ip -6 route del {address}/128 dev {router_interface}")
        client.run(f"ip -6 address del {address}/128 dev {client_interface}")


def ask_dhcp(host, family, interface, config_text=None, tag="", timeout=60):
    """Stop this client's earlier dhclient, then ask once on that interface, for at most `timeout`
    seconds; return the run and the lease file (/var/lib/dhcp/lab<family>-<interface><tag>.leases).

    The client keeps its DUID from one run to the next, as a real client does.
    """
    name = f"lab{family}-{interface}{tag}"
    config, leases = f"/etc/dhcp/{name}.conf", f"/var/lib/dhcp/{name}.leases"
    host.run(f"dhclient -{family} -x -pf /run/{name}.pid {interface}")
    host.check_output(f"printf '%b' {json.dumps(config_text or '')} > {config}")
    # Forget the old leases (a new server would only be asked to confirm them) but not the DUID.
    host.run(f"sed -i '/^default-duid/!d' {leases}")
    return host.run(f"timeout {timeout} dhclient -{family} -1 -v -cf {config} -pf /run/{name}.pid "
                    f"-lf {leases} {interface}"), leases


def dhclient(host, family, interface, config_text=None, tag=""):
    """Ask for a new lease once on that interface (ask_dhcp); return its address."""
    started, leases = ask_dhcp(host, family, interface, config_text, tag)
    assert started.rc == 0, started.stdout + started.stderr
    key = "fixed-address" if family == 4 else "iaaddr"
    return re.findall(rf"{key} ([0-9a-f.:]+)", host.file(leases).content_string)[-1]


def append_report(file_name, line):
    """Add a line to build/reports/<file_name> of the project (measurements, never pass/fail)."""
    directory = Path(os.environ.get("MOLECULE_PROJECT_DIRECTORY", ".")) / "build" / "reports"
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / file_name, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def run_playbook(playbook, extra_vars=None):
    """Run a playbook of the scenario on its inventory; JSON results keep each message on one line."""
    return subprocess.run(
        ["ansible-playbook", "-i", os.environ["MOLECULE_INVENTORY_FILE"],
         str(Path(os.environ["MOLECULE_SCENARIO_DIRECTORY"]) / playbook), "--extra-vars", json.dumps(extra_vars or {})],
        env=dict(os.environ, ANSIBLE_CALLBACK_RESULT_FORMAT="json"),
        capture_output=True, text=True, check=False)


def failing_playbook(playbook, extra_vars):
    """Run a playbook of the scenario that must fail; return its output."""
    run = run_playbook(playbook, extra_vars)
    assert run.returncode != 0
    return run.stdout + run.stderr


def module_on(host, module, arguments, *options):
    """Run a module on one lab host through Ansible (ad hoc); return its result, failed or not."""
    run = subprocess.run(
        ["ansible", host, "-i", os.environ["MOLECULE_INVENTORY_FILE"], "-m", module,
         "-a", json.dumps(arguments), *options],
        env=dict(os.environ, ANSIBLE_LOAD_CALLBACK_PLUGINS="1", ANSIBLE_STDOUT_CALLBACK="json"),
        capture_output=True, text=True, check=False)
    try:
        return json.loads(run.stdout)["plays"][0]["tasks"][0]["hosts"][host]
    except (ValueError, KeyError, IndexError):
        raise AssertionError(run.stdout[-2000:] + run.stderr[-2000:]) from None


def last_round_sent(journal):
    """Whether the device watcher's last round that sent or failed to send records sent them (at
    boot a round may fail before the LAN addresses are up; the next one sends what it could not)."""
    rounds = [line for line in journal.splitlines() if "were not sent" in line or "up to date again" in line or "changed, among" in line]
    return not rounds or "were not sent" not in rounds[-1]
