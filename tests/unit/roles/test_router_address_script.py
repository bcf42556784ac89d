# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The router's address script (unit and ifupdown stacks), rendered with Ansible's template
settings and run against a stand-in for `ip` that keeps the addresses in a file: when the ISP's
prefix changes, the addresses of the old prefix go and nobody else's."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import jinja2

from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_queries import router_addresses

TEMPLATE = Path(__file__).resolve().parents[3] / 'roles' / 'router' / 'templates' / 'homelab-ipv6-addresses.j2'

# Enough of `ip` for the script: addresses are "<device> <address>/<length>" lines, and the
# links that are up "<device> UP" lines, in the same table.
FAKE_IP = r'''#!/bin/sh
table="$FAKE_IP_TABLE"
touch "$table"
case "$*" in
    "addr show dev "*" to "*)
        grep -F "$4 ${6%/*}/" "$table" || true ;;
    "addr replace "*" broadcast + dev "*)
        grep -vxF "$7 $3" "$table" > "$table.new"; echo "$7 $3" >> "$table.new"; mv "$table.new" "$table" ;;
    "addr replace "*" dev "*)
        grep -vxF "$5 $3" "$table" > "$table.new"; echo "$5 $3" >> "$table.new"; mv "$table.new" "$table" ;;
    "addr del "*" dev "*)
        grep -vxF "$5 $3" "$table" > "$table.new" || true; mv "$table.new" "$table" ;;
    "link show dev "*)
        if grep -qxF "$4 UP" "$table"; then echo "2: $4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500"
        else echo "2: $4: <BROADCAST,MULTICAST> mtu 1500 state DOWN"; fi ;;
    "link set dev "*" up")
        echo "$4 UP" >> "$table" ;;
    "token get dev "*)
        echo "token ::" ;;
    *)
        echo "fake ip: $*" >&2; exit 1 ;;
esac
'''


def render(tmp_path, gua, ipv4=None):
    lans = [
        {'interface': 'eth1', 'prefixes': ['fd7a:b5e0:1b60:1::/64', f'{gua}1::/64'], 'ipv4': None},
        {'interface': 'eth2', 'prefixes': ['fd7a:b5e0:1b60:2::/64', f'{gua}2::/64'], 'ipv4': None},
    ]
    if ipv4:
        lans[0].update(ipv4=ipv4, ipv4_router=ipv4.replace('.0/', '.1/').split('/')[0])
    # The file the role (and the prefix follower) writes with the router_addresses filter.
    wanted = tmp_path / 'router-addresses.wanted'
    wanted.write_text(router_addresses(lans, '::1'))
    variables = {
        'ansible_managed': 'Ansible managed',
        '__router_token': '::1',
        'router_uplink_interface': '',
        '__router_address_state': str(tmp_path / 'state' / 'router-addresses'),
        '__router_address_wanted': str(wanted),
    }
    # Ansible's template settings, with the filter the script uses.
    environment = jinja2.Environment(trim_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    environment.filters['comment'] = lambda text: f'# {text}'
    script = tmp_path / 'homelab-ipv6-addresses'
    script.write_text(environment.from_string(TEMPLATE.read_text()).render(variables))
    return script


def run(tmp_path, script):
    bin_dir = tmp_path / 'bin'
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / 'ip').write_text(FAKE_IP)
    (bin_dir / 'ip').chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}", FAKE_IP_TABLE=str(tmp_path / 'table'))
    done = subprocess.run(['sh', str(script)], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def table(tmp_path):
    return sorted(line for line in (tmp_path / 'table').read_text().splitlines() if not line.endswith(' UP'))


def links_up(tmp_path):
    return sorted(line.split()[0] for line in (tmp_path / 'table').read_text().splitlines() if line.endswith(' UP'))


def test_a_fresh_lan_link_comes_up_with_the_routers_ipv4_and_stays_as_it_is(tmp_path):
    script = render(tmp_path, '2001:db8:5601:', ipv4='192.168.1.0/26')
    assert run(tmp_path, script) == 'changed'
    assert links_up(tmp_path) == ['eth1', 'eth2']
    assert 'eth1 192.168.1.1/26' in table(tmp_path)
    assert run(tmp_path, script) == ''
    assert links_up(tmp_path) == ['eth1', 'eth2']


def test_the_first_run_adds_every_fixed_address_and_the_second_changes_nothing(tmp_path):
    script = render(tmp_path, '2001:db8:5601:')
    assert run(tmp_path, script) == 'changed'
    assert table(tmp_path) == [
        'eth1 2001:db8:5601:1::1/64', 'eth1 fd7a:b5e0:1b60:1::1/64',
        'eth2 2001:db8:5601:2::1/64', 'eth2 fd7a:b5e0:1b60:2::1/64',
    ]
    assert run(tmp_path, script) == ''


def test_a_new_prefix_replaces_the_old_one_and_leaves_other_addresses(tmp_path):
    run(tmp_path, render(tmp_path, '2001:db8:5601:'))
    # Added by hand, with the router's interface id: not the script's to remove.
    with open(tmp_path / 'table', 'a', encoding='utf-8') as handle:
        handle.write('eth1 2001:db8:beef:1::1/64\n')
    assert run(tmp_path, render(tmp_path, '2001:db8:56a1:')) == 'changed'
    assert table(tmp_path) == [
        'eth1 2001:db8:56a1:1::1/64', 'eth1 2001:db8:beef:1::1/64', 'eth1 fd7a:b5e0:1b60:1::1/64',
        'eth2 2001:db8:56a1:2::1/64', 'eth2 fd7a:b5e0:1b60:2::1/64',
    ]
    assert sorted((tmp_path / 'state' / 'router-addresses').read_text().splitlines()) == [
        line for line in table(tmp_path) if 'beef' not in line]


def test_a_run_for_one_interface_leaves_the_others(tmp_path):
    run(tmp_path, render(tmp_path, '2001:db8:5601:'))
    script = render(tmp_path, '2001:db8:56a1:')
    bin_dir = tmp_path / 'bin'
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}", FAKE_IP_TABLE=str(tmp_path / 'table'))
    subprocess.run(['sh', str(script), 'eth2'], env=env, check=True, capture_output=True)
    assert table(tmp_path) == [
        'eth1 2001:db8:5601:1::1/64', 'eth1 fd7a:b5e0:1b60:1::1/64',
        'eth2 2001:db8:56a1:2::1/64', 'eth2 fd7a:b5e0:1b60:2::1/64',
    ]
