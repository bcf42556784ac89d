# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The site plan's written contract (the site_plan filter's RETURN) names every key the
plan returns, and no other: a key added to site.py without its documentation fails here."""

from __future__ import annotations

from pathlib import Path

import yaml

from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import site_plan

DOC = Path(__file__).resolve().parents[4] / 'plugins' / 'filter' / 'site_plan.yml'
SITE = {
    'domain': 'home.arpa', 'ula': 'fd7a:b5e0:1b00::/48', 'gua': '2001:db8:5500::/56', 'dns_server': 'gw',
    'lans': [{'name': 'home', 'interface': 'eth1', 'subnet_id': 1, 'ipv4': '198.18.11.0/24', 'mode': 'stateful'},
             {'name': 'v6only', 'interface': 'eth2', 'subnet_id': 2, 'mode': 'stateless', 'dns64': True}],
    'hosts': [{'name': 'gw', 'iid': '::1', 'lan': 'home', 'mac': '02:00:5e:00:53:01', 'ipv4': '198.18.11.1'}],
}


def documented():
    return yaml.safe_load(DOC.read_text())['RETURN']['_value']['contains']


def test_the_documented_top_level_keys_are_the_plans():
    assert sorted(documented()) == sorted(site_plan(SITE))


def test_the_documented_keys_of_a_lan_are_a_lans():
    plan = site_plan(SITE)
    assert all(sorted(documented()['lans']['contains']) == sorted(lan) for lan in plan['lans'])


def test_the_documented_keys_of_a_host_are_a_hosts():
    plan = site_plan(SITE)
    assert sorted(documented()['hosts']['contains']) == sorted(plan['hosts'][0])


def test_every_documented_key_says_what_it_is():
    def walk(entries, path):
        for key, entry in entries.items():
            assert entry.get('description') and entry.get('type'), f'{path}{key}'
            walk(entry.get('contains', {}), f'{path}{key}.')
    walk(documented(), '')
