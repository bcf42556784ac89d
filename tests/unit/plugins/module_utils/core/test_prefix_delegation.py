# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.homelab.ipv6.plugins.module_utils._core.prefix_delegation import (
    DelegationError,
    delegated_prefixes,
    delegation_from_dhcpcd,
)

NOW = 1796223421
# What dhcpcd 9.4 gave its script for Kea's reply in the lab (pltime 90, vltime 120).
BOUND = {
    'reason': 'BOUND6', 'interface': 'eth0', 'protocol': 'dhcp6',
    'new_dhcp6_ia_pd1_iaid': '00000001',
    'new_dhcp6_ia_pd1_prefix1': '2001:db8:5610::', 'new_dhcp6_ia_pd1_prefix1_length': '56',
    'new_dhcp6_ia_pd1_prefix1_pltime': '90', 'new_dhcp6_ia_pd1_prefix1_vltime': '120',
    'new_dhcp6_ia_pd1_t1': '30', 'new_dhcp6_ia_pd1_t2': '60',
}


def test_a_bound_lease_is_kept_with_its_lifetimes_as_times_and_as_granted():
    fact = delegation_from_dhcpcd(BOUND, NOW)
    assert fact == {'source': 'dhcpv6-pd', 'interface': 'eth0', 'prefix': '2001:db8:5610::/56',
                    'preferred_until': NOW + 90, 'valid_until': NOW + 120,
                    'preferred_lifetime': 90, 'valid_lifetime': 120, 'previous': None,
                    'changed_at': NOW, 'updated_at': NOW, 'reason': 'BOUND6'}


def test_a_renewal_of_the_same_prefix_keeps_when_it_changed():
    first = delegation_from_dhcpcd(BOUND, NOW)
    renewed = delegation_from_dhcpcd(dict(BOUND, reason='RENEW6'), NOW + 30, first)
    assert renewed['prefix'] == first['prefix'] and renewed['changed_at'] == NOW
    assert renewed['valid_until'] == NOW + 150 and renewed['previous'] is None


def test_a_new_prefix_beside_the_old_one_at_lifetime_0_is_the_one_kept():
    first = delegation_from_dhcpcd(BOUND, NOW)
    moved = dict(BOUND, reason='RENEW6', new_dhcp6_ia_pd1_prefix1_pltime='0', new_dhcp6_ia_pd1_prefix1_vltime='0',
                 new_dhcp6_ia_pd1_prefix2='2001:db8:56a0::', new_dhcp6_ia_pd1_prefix2_length='56',
                 new_dhcp6_ia_pd1_prefix2_pltime='90', new_dhcp6_ia_pd1_prefix2_vltime='120')
    fact = delegation_from_dhcpcd(moved, NOW + 30, first)
    assert fact['prefix'] == '2001:db8:56a0::/56' and fact['previous'] == '2001:db8:5610::/56'
    assert fact['changed_at'] == NOW + 30


def test_an_expired_lease_holds_nothing_and_remembers_the_prefix():
    first = delegation_from_dhcpcd(BOUND, NOW)
    lost = delegation_from_dhcpcd({'reason': 'EXPIRE6', 'interface': 'eth0'}, NOW + 120, first)
    assert lost['prefix'] is None and lost['previous'] == '2001:db8:5610::/56'
    assert lost['valid_until'] is None and lost['changed_at'] == NOW + 120
    assert lost['preferred_lifetime'] is None and lost['valid_lifetime'] is None
    back = delegation_from_dhcpcd(BOUND, NOW + 200, lost)
    assert back['prefix'] == '2001:db8:5610::/56' and back['previous'] == '2001:db8:5610::/56'


@pytest.mark.parametrize('reason', ['PREINIT', 'CARRIER', 'NOCARRIER', 'ROUTERADVERT', 'STOPPED', 'STOP6', ''])
def test_events_that_say_nothing_of_the_delegation_change_nothing(reason):
    assert delegation_from_dhcpcd(dict(BOUND, reason=reason), NOW) is None


def test_an_infinite_lifetime_has_no_end_and_a_reply_without_prefix_holds_none():
    forever = dict(BOUND, new_dhcp6_ia_pd1_prefix1_pltime='4294967295', new_dhcp6_ia_pd1_prefix1_vltime='4294967295')
    fact = delegation_from_dhcpcd(forever, NOW)
    assert fact['preferred_until'] is None and fact['valid_until'] is None
    assert fact['preferred_lifetime'] is None and fact['valid_lifetime'] is None
    assert delegation_from_dhcpcd({'reason': 'REBIND6', 'interface': 'eth0'}, NOW)['prefix'] is None


def test_a_lease_that_names_no_prefix_is_said_in_words():
    with pytest.raises(DelegationError, match=r'^the lease names 2001:db8::zz/56, which is not an IPv6 prefix$'):
        delegated_prefixes(dict(BOUND, new_dhcp6_ia_pd1_prefix1='2001:db8::zz'))
