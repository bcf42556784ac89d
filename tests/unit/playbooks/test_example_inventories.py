# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The example inventories under playbooks/inventories describe valid sites, and the 6rd
prefixes their comments promise are the ones the collection computes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ansible_collections.homelab.ipv6.plugins.module_utils.site import site_plan
from ansible_collections.homelab.ipv6.plugins.module_utils.sixrd import tunnel

INVENTORIES = Path(__file__).resolve().parents[3] / 'playbooks' / 'inventories'


def inventory(name):
    directory = INVENTORIES / name
    return (yaml.safe_load((directory / 'hosts.yml').read_text()),
            yaml.safe_load((directory / 'group_vars' / 'all.yml').read_text()))


@pytest.mark.parametrize('name', sorted(path.name for path in INVENTORIES.iterdir()))
def test_every_example_site_is_valid(name):
    _hosts, variables = inventory(name)
    site_plan(variables['homelab_site'], ula='fd00:1:2::/48')


@pytest.mark.parametrize('name, host, delegated, address', [
    ('sixrd-vps', 'vps', '2001:e41:cb00:712d::/64', '2001:e41:cb00:712d::1'),
    ('sixrd-home', 'router', '2001:db8:6000:22a0::/60', '2001:db8:6000:22a0::1'),
])
def test_the_6rd_examples_delegate_what_they_say(name, host, delegated, address):
    hosts, variables = inventory(name)
    ipv4 = hosts['sixrd_hosts']['hosts'][host]['ansible_host']
    values = tunnel(ipv4, variables['sixrd_prefix'], variables['sixrd_border_relay'], variables['sixrd_ipv4_mask_len'])
    assert (values['delegated_prefix'], values['address']) == (delegated, address)
    plan = site_plan(variables['homelab_site'], ula='fd00:1:2::/48', gua=delegated if delegated.endswith('/60') else None)
    if delegated.endswith('/60'):
        assert plan['lans'][0]['gua_prefix'] == '2001:db8:6000:22a1::/64'
