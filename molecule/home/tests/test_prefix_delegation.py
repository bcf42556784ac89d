"""Prefixes for the machines behind the router (homelab_site.lans[].delegate), from the VM host.

The IPv6-only LAN delegates /60s. home-vmhost runs Debian's dhcpcd with ia_pd, as a Proxmox box
would: its bridge vmbr0 takes the first /64 of the /60 it gets, radvd advertises it to the VM (a
network namespace, vm1), which forms its address by SLAAC. The gateway routes the /60 to the VM
host's link-local address; the VM reaches the Internet host from its address in it, the LAN's
resolver answers it, and a client of the LAN reaches the VM through the gateway. When the VM
host's dhcpcd stops (and gives its lease back), the route goes. The renumbering test follows the delegation to the new prefix."""

import ipaddress
import json

import pytest

from home_lab import SLAAC, VM_HOST, logged_source, vm_delegation
from lab_helpers import delegated_routes, wait_for


def vm_addresses(vm_host):
    links = json.loads(vm_host.check_output("ip netns exec vm1 ip -j -6 address show dev eth0 scope global -deprecated"))
    return [info["local"] for link in links for info in link["addr_info"] if info]


@pytest.fixture(scope="module")
def vm_host(lab_host):
    return lab_host(VM_HOST)


def test_the_vm_host_gets_a_60_from_the_lans_pool_and_its_vm_reaches_the_internet_from_it(
        gateway, vm_host, lans, web, scenario_vars):
    lan = lans["v6only"]
    prefix = vm_delegation(gateway, vm_host, lan)
    assert ipaddress.ip_network(prefix).prefixlen == 60
    addresses = wait_for(lambda: [a for a in vm_addresses(vm_host) if ipaddress.ip_address(a) in ipaddress.ip_network(prefix)],
                         timeout=60)
    assert addresses, vm_host.run("ip netns exec vm1 ip -6 address; journalctl -u radvd --no-pager -n 20").stdout
    url = f"http://[{scenario_vars['lab_web6_address']}]/?from-the-vm"
    assert wait_for(lambda: vm_host.run(f"ip netns exec vm1 curl -s --max-time 5 '{url}'").succeeded, timeout=30)
    assert logged_source(web, "lab-web6", "from-the-vm") in addresses


def test_the_vm_is_answered_by_the_lans_resolver(gateway, vm_host, lans, scenario_vars):
    """The resolvers answer the prefixes the LAN delegates, as the LAN itself (its DNS64 here)."""
    lan = lans["v6only"]
    vm_delegation(gateway, vm_host, lan)
    resolver = lan["dns_servers"][0]
    answer = vm_host.run(f"ip netns exec vm1 dig +short +tries=2 +time=3 @{resolver} AAAA {scenario_vars['lab_web6_name']}")
    assert scenario_vars["lab_web6_address"] in answer.stdout.split(), answer.stdout + answer.stderr


def test_a_client_of_the_lan_reaches_the_vm_through_the_gateway(clients, vm_host, gateway, lans):
    prefix = vm_delegation(gateway, vm_host, lans["v6only"])
    address = next(a for a in vm_addresses(vm_host) if ipaddress.ip_address(a) in ipaddress.ip_network(prefix))
    vm_host.check_output("systemd-run --unit lab-vm-page ip netns exec vm1 python3 -m http.server 8000 --bind ::")
    try:
        client = clients[SLAAC]
        assert wait_for(lambda: client.run(f"curl -s -o /dev/null --max-time 3 'http://[{address}]:8000/'").succeeded,
                        timeout=20), client.run(f"ip -6 route get {address}").stdout
    finally:
        vm_host.run("systemctl stop lab-vm-page")


def test_the_route_goes_when_the_vm_host_gives_its_lease_back(gateway, vm_host, lans):
    lan = lans["v6only"]
    prefix = vm_delegation(gateway, vm_host, lan)
    vm_host.check_output("systemctl stop lab-dhcpcd.service")
    try:
        assert wait_for(lambda: prefix not in [route["dst"] for route in delegated_routes(gateway)], timeout=20), \
            delegated_routes(gateway)
    finally:
        vm_host.check_output("systemctl start lab-dhcpcd.service")
    vm_delegation(gateway, vm_host, lan)


def test_the_report_lists_the_delegation(address_plan, gateway, vm_host, lans):
    prefix = vm_delegation(gateway, vm_host, lans["v6only"])
    text = (address_plan / "address-plan.md").read_text()
    assert "## Prefixes delegated to the routers behind the LANs" in text
    rows = text.split("## Prefixes delegated")[1].split("##")[0]
    assert "| v6only | 02:00:5e:00:53:5b |" in rows or "| v6only | DUID " in rows, rows
    assert any(line.startswith("| 2001:db8:") and "/60 | v6only |" in line for line in rows.splitlines()), (prefix, rows)
