# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""site.yml and the example playbooks against the example inventories, by a real
ansible-playbook, without any host: every play the example needs has hosts, and the
inventory check that site.yml runs first passes for each example and fails, naming the
group, for an inventory that lacks one."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import ansible_collections.homelab.ipv6 as collection

ROOT = Path(collection.__path__[0])
PLAYBOOKS = ROOT / 'playbooks'
INVENTORIES = PLAYBOOKS / 'inventories'
ANSIBLE_PLAYBOOK = Path(sys.executable).parent / 'ansible-playbook'

CHECK = 'The site description is valid and every part of it has a host'
SYSCTL = 'Every host speaks IPv6'
SIXRD = '6rd hosts reach the IPv6 Internet through their ISP\'s border relay'
ROUTERS = 'Routers forward IPv6 and own their LAN side'
RADVD = 'Routers advertise the LANs'
DNS = 'The home resolver serves the home domain and its reverse zones'
DHCP = 'DHCPv4 and DHCPv6 on the LANs, every client registered in DNS'
NAT64 = 'IPv6-only LANs reach IPv4-only hosts through DNS64 and NAT64'
CLAT = 'Hosts without IPv4 of their own reach IPv4 literals through their CLAT'
SLAAC_TOKEN = 'Site hosts form their SLAAC addresses with their iid, the addresses their names have in DNS'

# What each example builds: the plays that must match a host; every other play of site.yml
# must match none (a host in a group the example does not describe is a mistake too).
EXAMPLES = {
    'dual-stack-home': ('dual_stack_home.yml', {SYSCTL, ROUTERS, DNS, DHCP, RADVD}),
    'ipv6-mostly-home': ('site.yml', {SYSCTL, ROUTERS, DNS, DHCP, NAT64, RADVD, CLAT}),
    'ipv6-only-lan': ('ipv6_only_lan.yml', {SYSCTL, ROUTERS, DNS, DHCP, NAT64, RADVD, SLAAC_TOKEN}),
    'sixrd-home': ('site.yml', {SYSCTL, SIXRD, ROUTERS, DNS, DHCP, RADVD}),
    'sixrd-vps': ('sixrd_uplink.yml', {SYSCTL, SIXRD}),
}


def run(*args):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(ROOT.parents[2]), ANSIBLE_NOCOLOR='1',
               ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_FORCE_COLOR='0')
    return subprocess.run([str(ANSIBLE_PLAYBOOK), *args], env=env, capture_output=True, text=True, check=False,
                          timeout=300)


def plays_with_hosts(listing):
    """{play name: [hosts]} from ``ansible-playbook --list-hosts``."""
    plays, current = {}, None
    for line in listing.splitlines():
        match = re.match(r'\s*play #\d+ \((.*)\): (.*)\tTAGS', line)
        if match:
            current = match.group(2).strip()
            plays[current] = []
        elif current and re.match(r'\s{6}\S', line) and 'pattern:' not in line and 'hosts (' not in line:
            plays[current].append(line.strip())
    return plays


def test_the_examples_cover_every_inventory():
    assert sorted(EXAMPLES) == sorted(path.name for path in INVENTORIES.iterdir())


@pytest.mark.parametrize('name', sorted(EXAMPLES))
@pytest.mark.parametrize('playbook', ['site.yml', 'example'])
def test_every_play_the_example_needs_has_a_host(name, playbook):
    example_playbook, needed = EXAMPLES[name]
    listing = run('-i', str(INVENTORIES / name), '--list-hosts',
                  str(PLAYBOOKS / (example_playbook if playbook == 'example' else 'site.yml')))
    assert listing.returncode == 0, listing.stdout + listing.stderr
    plays = plays_with_hosts(listing.stdout)
    assert CHECK in plays and plays[CHECK], listing.stdout
    assert {play for play, hosts in plays.items() if hosts} == needed | {CHECK}, listing.stdout


@pytest.mark.parametrize('name', sorted(EXAMPLES))
def test_the_inventory_check_passes_for_each_example(name):
    checked = run('-i', str(INVENTORIES / name), str(PLAYBOOKS / 'check_inventory.yml'))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert 'unreachable=0' in checked.stdout and 'failed=0' in checked.stdout


@pytest.mark.parametrize('drop, message', [
    ('dns_servers', "homelab_site.dns_server is 'server', but the inventory has no host in the group dns_servers, "
                    "where site.yml runs homelab.ipv6.dns_bind; add server to it."),
    ('dhcp_servers', "LAN home asks clients to use DHCPv6 (mode stateful, stateless or hybrid), but the inventory "
                     "has no host in the group dhcp_servers, where site.yml runs homelab.ipv6.dhcp46; add the host "
                     "that serves DHCP to it."),
    ('routers', "homelab_site.lans has home, but the inventory has no host in the group routers, where site.yml runs "
                "homelab.ipv6.router and homelab.ipv6.radvd; add the host that routes them to it."),
])
def test_site_yml_fails_before_any_host_when_a_group_the_site_needs_is_empty(tmp_path, drop, message):
    inventory = tmp_path / 'inventory'
    shutil.copytree(INVENTORIES / 'dual-stack-home', inventory)
    hosts = (inventory / 'hosts.yml').read_text()
    hosts = re.sub(r'^%s:\n  hosts:\n(    .*\n)+' % drop, '', hosts, flags=re.M)
    if drop == 'routers':
        hosts += 'lab:\n  hosts:\n    server:\n      ansible_host: 172.16.0.10\n'
    (inventory / 'hosts.yml').write_text(hosts)
    # The whole of site.yml: it must stop in its first play, before it connects to the host.
    result = run('-i', str(inventory), str(PLAYBOOKS / 'site.yml'))
    assert result.returncode != 0
    assert message in ' '.join(result.stdout.split()), result.stdout
    assert 'unreachable=0' in result.stdout and 'Gathering Facts' not in result.stdout, result.stdout


def test_site_yml_says_when_the_site_is_not_described(tmp_path):
    (tmp_path / 'hosts.yml').write_text('routers:\n  hosts:\n    gw:\n      ansible_host: 192.0.2.1\n')
    result = run('-i', str(tmp_path / 'hosts.yml'), str(PLAYBOOKS / 'site.yml'))
    assert result.returncode != 0
    assert ("homelab_site is not set for gw: describe the site once, in the inventory's group_vars/all.yml"
            in ' '.join(result.stdout.split())), result.stdout


@pytest.mark.parametrize('name', sorted(EXAMPLES))
def test_a_group_the_inventory_does_not_have_is_an_empty_play_without_a_warning(name):
    listing = run('-i', str(INVENTORIES / name), '--list-hosts', str(PLAYBOOKS / 'site.yml'),
                  str(PLAYBOOKS / 'address_plan.yml'))
    assert listing.returncode == 0, listing.stdout + listing.stderr
    assert 'Could not match supplied host pattern' not in listing.stdout + listing.stderr


def test_every_play_of_site_yml_restarts_what_changed_even_when_a_later_task_fails():
    """A run that dies after a daemon's file changed, before its handlers, would leave the next
    run a new file and an old daemon (Kea's DDNS daemon on Debian's default config, for good)."""
    plays = yaml.safe_load((PLAYBOOKS / 'site.yml').read_text())
    with_roles = [play for play in plays if 'ansible.builtin.import_playbook' not in play]
    assert with_roles and all(play.get('force_handlers') is True for play in with_roles), with_roles
