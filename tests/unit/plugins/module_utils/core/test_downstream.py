# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where each LAN's downstream delegations (DHCPv6-PD to the routers behind it) come from: the
upper half of the site's subnet ids, shared by the LANs that delegate, in the GUA or the ULA."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import site_plan
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_values import SiteError

SITE = {
    'domain': 'home.arpa',
    'ula': 'fd7a:b5e0:1b00::/48',
    'gua': '2001:db8:5500::/56',
    'lans': [
        {'name': 'home', 'interface': 'eth1', 'subnet_id': 1},
        {'name': 'lab', 'interface': 'eth2', 'subnet_id': 2},
        {'name': 'iot', 'interface': 'eth3', 'subnet_id': 3},
    ],
}


def plan(site=None, **lans):
    description = copy.deepcopy(site or SITE)
    for lan in description['lans']:
        lan.update(lans.get(lan['name'], {}))
    return {lan['name']: lan['pd_pools'] for lan in site_plan(description, delegation={'prefix': None})['lans']}


def pools(*pairs):
    return [{'prefix': prefix, 'delegated_length': length} for prefix, length in pairs]


def test_no_lan_delegates_by_default():
    assert plan() == {'home': [], 'lab': [], 'iot': []}


def test_one_delegating_lan_takes_the_upper_half_of_the_sites_subnet_ids():
    assert plan(lab={'delegate': 60})['lab'] == pools(('2001:db8:5500:80::/57', 60))


def test_delegating_lans_share_the_upper_half_in_equal_aligned_parts_a_local_only_one_in_the_ula():
    found = plan(lab={'delegate': 64, 'delegate_ula': True}, iot={'delegate': 62})
    assert found['home'] == []
    assert found['lab'] == pools(('fd7a:b5e0:1b00:80::/58', 64))
    assert found['iot'] == pools(('2001:db8:5500:c0::/58', 62))


def test_three_lans_get_a_quarter_each():
    found = plan(home={'delegate': 64}, lab={'delegate': 64}, iot={'delegate': 64})
    assert [found[name][0]['prefix'] for name in ('home', 'lab', 'iot')] == \
        ['2001:db8:5500:80::/59', '2001:db8:5500:a0::/59', '2001:db8:5500:c0::/59']


def test_a_dhcpv6_pd_site_lays_the_pools_out_by_the_length_it_asks_for():
    description = dict(copy.deepcopy(SITE), gua='dhcpv6-pd', gua_length=60)
    description['lans'][1].update(delegate=64)
    description['lans'][2].update(delegate=64, delegate_ula=True)
    # Before the ISP delegates: nothing to hand out in the GUA; the local-only pool is there.
    lans = site_plan(description, delegation={'prefix': None})['lans']
    assert (lans[1]['pd_pools'], lans[2]['pd_pools']) == ([], pools(('fd7a:b5e0:1b00:c::/62', 64)))
    lans = site_plan(description, delegation={'prefix': '2001:db8:5610:40::/60'})['lans']
    assert lans[1]['pd_pools'] == pools(('2001:db8:5610:48::/62', 64))
    # A /64 from an ISP that gave less than was asked has no room.
    assert site_plan(description, delegation={'prefix': '2001:db8:5610:40::/64'})['lans'][1]['pd_pools'] == []


def test_a_site_without_gua_delegates_from_the_ula_upper_half():
    site = dict(copy.deepcopy(SITE), gua=None)
    assert plan(site, lab={'delegate': 56})['lab'] == pools(('fd7a:b5e0:1b00:8000::/49', 56))


@pytest.mark.parametrize('lans, message', [
    ({'lab': {'delegate': 'sixty'}},
     "homelab_site.lans[1].delegate: 'sixty' is not a prefix length to delegate; use a number from 48 to 64, such as 60 or 64"),
    ({'lab': {'delegate': 65}}, 'homelab_site.lans[1].delegate: 65 is not a prefix length to delegate'),
    ({'lab': {'delegate': True}}, 'homelab_site.lans[1].delegate: true is not a prefix length to delegate'),
    ({'lab': {'delegate_ula': 'yes'}}, "homelab_site.lans[1].delegate_ula: 'yes' is not true or false"),
    ({'lab': {'delegate_ula': True}},
     'homelab_site.lans[1].delegate_ula: true hands out ULA prefixes instead of GUA ones, and the LAN delegates '
     'none: give it delegate (the length to hand out, such as 60) too'),
    ({'lab': {'delegate': 56}},
     "homelab_site.lans[1].delegate: a /56 does not fit in the /57 that LAN lab gets for its delegations (the upper "
     "half of the site's subnet ids, shared by 1 LAN); delegate a /57 or longer"),
    ({'lab': {'delegate': 57}, 'iot': {'delegate': 60}},
     "homelab_site.lans[1].delegate: a /57 does not fit in the /58 that LAN lab gets for its delegations (the upper "
     "half of the site's subnet ids, shared by 2 LANs); delegate a /58 or longer"),
    ({'lab': {'delegate': 64}, 'iot': {'subnet_id': 200}},
     "homelab_site.lans[2].subnet_id: subnet id 200 is in the upper half of the site's 256 subnet ids (from 128), "
     "which the LANs that delegate prefixes (lab) set aside for them; number the LANs below 128"),
])
def test_delegations_that_do_not_fit_are_named_with_the_lan_and_the_lengths(lans, message):
    with pytest.raises(SiteError) as error:
        plan(**lans)
    assert str(error.value).startswith(message)
