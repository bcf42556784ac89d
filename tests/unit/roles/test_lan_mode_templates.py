# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What radvd and Kea are told for each LAN mode, as the roles write it from a site plan
(radvd.conf by the radvd_config filter, Kea's by dhcp46_files): which prefix carries the A flag, where DHCPv6 leases, and
the reservation of a host. The labs run stateful, stateless and slaac LANs with real
clients; hybrid has these checks and the site plan's."""

from __future__ import annotations

import json
import re

import pytest

from ansible_collections.homelab.ipv6.plugins.filter.config_writers import dhcp46_files
from ansible_collections.homelab.ipv6.plugins.filter.config_writers import radvd_config
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import site_plan

ULA_64, GUA_64 = 'fd7a:b5e0:1b00:1::/64', '2001:db8:5500:1::/64'


def plan(mode):
    return site_plan({
        'domain': 'home.arpa', 'ula': 'fd7a:b5e0:1b00::/48', 'gua': '2001:db8:5500::/56', 'dns_server': 'gw',
        'lans': [{'name': 'home', 'interface': 'eth1', 'subnet_id': 1, 'ipv4': '198.18.11.0/24', 'mode': mode}],
        'hosts': [{'name': 'gw', 'iid': '::1', 'lan': 'home'},
                  {'name': 'printer', 'mac': '02:00:5e:00:53:22', 'iid': '::22', 'lan': 'home'}],
    })


def radvd_prefixes(mode):
    text = radvd_config(plan(mode)['lans'], {'dnssl': ['home.arpa']})
    managed = re.search(r'AdvManagedFlag (\w+);', text)[1]
    return managed, dict(re.findall(r'prefix (\S+)\s*\{\s*AdvOnLink on;\s*AdvAutonomous (\w+);', text))


@pytest.mark.parametrize('mode, managed, autonomous', [
    ('slaac', 'off', {ULA_64: 'on', GUA_64: 'on'}),
    ('stateless', 'off', {ULA_64: 'on', GUA_64: 'on'}),
    ('stateful', 'on', {ULA_64: 'off', GUA_64: 'off'}),
    # Seed 000: the GUA by SLAAC, the ULA by DHCPv6.
    ('hybrid', 'on', {ULA_64: 'off', GUA_64: 'on'}),
])
def test_radvd_sets_the_a_flag_per_prefix_by_the_lan_mode(mode, managed, autonomous):
    assert radvd_prefixes(mode) == (managed, autonomous)


def kea_subnet(mode):
    site = plan(mode)
    text = dhcp46_files(site, site['lans'], {'ddns': False})['kea_dhcp6']
    # Kea reads // comments; JSON does not.
    config = json.loads('\n'.join(line for line in text.splitlines() if not line.lstrip().startswith(('//', '#'))))
    return config['Dhcp6']


@pytest.mark.parametrize('mode, subnet, pool, reserved', [
    # One address per IA_NA: a stateful LAN leases in the GUA, the prefix that reaches the Internet.
    ('stateful', GUA_64, '2001:db8:5500:1::1:1 - 2001:db8:5500:1::1:1000', '2001:db8:5500:1::22'),
    ('hybrid', ULA_64, 'fd7a:b5e0:1b00:1::1:1 - fd7a:b5e0:1b00:1::1:1000', 'fd7a:b5e0:1b00:1::22'),
])
def test_kea_leases_in_the_prefix_the_mode_names(mode, subnet, pool, reserved):
    dhcp6 = kea_subnet(mode)
    (lan,) = dhcp6['subnet6']
    assert (lan['subnet'], [p['pool'] for p in lan['pools']]) == (subnet, [pool])
    assert lan['reservations'] == [{'hw-address': '02:00:5e:00:53:22', 'ip-addresses': [reserved], 'hostname': 'printer'}]
    # Clients renew at half the preferred lifetime: where a renumbered LAN's leases move.
    assert (dhcp6['calculate-tee-times'], dhcp6['t1-percent'], dhcp6['preferred-lifetime']) == (True, 0.5, 2700)


def test_a_stateless_lan_answers_options_only():
    (lan,) = kea_subnet('stateless')['subnet6']
    assert lan['subnet'] == ULA_64 and 'pools' not in lan and lan['reservations'] == []
