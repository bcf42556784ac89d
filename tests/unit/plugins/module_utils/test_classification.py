# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import AddressError
from ansible_collections.homelab.ipv6.plugins.module_utils._classification import (
    classify,
    interface_id_kind,
)


# Seed 004's table of special prefixes and RFC 6890 / the IANA special-purpose registry.
@pytest.mark.parametrize('address, kind, scope', [
    ('::', 'unspecified', None),
    ('::1', 'loopback', 'host'),
    ('::ffff:192.0.2.1', 'ipv4-mapped', 'global'),
    ('::192.0.2.1', 'ipv4-compatible', 'global'),
    ('fe80::1%eth0', 'link-local', 'link-local'),
    ('fec0::1', 'site-local', 'site-local'),
    ('fd12:3456:789a:1::100', 'ula', 'global'),
    ('fc01:0:0:1::1', 'ula', 'global'),
    ('2402:6b00:22cd:bf80:22c9:d0ff:fe8b:2b5', 'global', 'global'),
    ('2001:db8::1', 'documentation', 'global'),
    ('3fff::1', 'documentation', 'global'),
    ('2002:c000:221::1', '6to4', 'global'),
    ('64:ff9b::192.0.2.33', 'nat64', 'global'),
    ('64:ff9b:1::a', 'nat64', 'global'),
    ('2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo', 'global'),
    ('100::1', 'discard', 'global'),
    ('4000::1', 'reserved', 'global'),
    ('ff02::1', 'multicast', 'link-local'),
])
def test_kind_and_scope(address, kind, scope):
    facts = classify(address)
    assert (facts['kind'], facts['scope']) == (kind, scope)


# RFC 7346 section 2 scopes.
@pytest.mark.parametrize('address, scope', [
    ('ff01::1', 'interface-local'),
    ('ff02::1:ff8b:2b5', 'link-local'),
    ('ff03::1', 'realm-local'),
    ('ff04::1', 'admin-local'),
    ('ff05::1:3', 'site-local'),
    ('ff08::1', 'organization-local'),
    ('ff0e::101', 'global'),
    ('ff06::1', 'reserved (6)'),
])
def test_multicast_scope(address, scope):
    assert classify(address)['scope'] == scope


def test_multicast_flags():
    # ff3e::/96-style SSM (P and T set), RFC 3306; ff7e: embedded RP (R, P, T), RFC 3956.
    assert classify('ff3e::8000:1')['multicast_flags'] == {'rendezvous_point': False, 'prefix_based': True, 'transient': True}
    assert classify('ff7e:140:2001:db8::1')['multicast_flags'] == {'rendezvous_point': True, 'prefix_based': True, 'transient': True}
    assert classify('ff02::1')['multicast_flags'] == {'rendezvous_point': False, 'prefix_based': False, 'transient': False}


@pytest.mark.parametrize('address, embedded', [
    ('::ffff:192.0.2.1', '192.0.2.1'),
    ('64:ff9b::192.0.2.33', '192.0.2.33'),
    ('2002:c000:221::1', '192.0.2.33'),
    ('2001:0:4136:e378:8000:63bf:3fff:fdd2', '192.0.2.45'),  # RFC 4380 client, bits inverted
    ('2001:db8::1', None),
])
def test_embedded_ipv4(address, embedded):
    assert classify(address)['embedded_ipv4'] == embedded


def test_teredo_server():
    assert classify('2001:0:4136:e378:8000:63bf:3fff:fdd2')['teredo_server'] == '65.54.227.120'


def test_the_seed_004_slaac_address_gives_back_its_mac():
    facts = classify('2402:6b00:22cd:bf80:22c9:d0ff:fe8b:2b5')
    assert facts['interface_id'] == '::22c9:d0ff:fe8b:2b5'
    assert facts['interface_id_kind'] == 'eui64'
    assert facts['mac'] == '20:c9:d0:8b:02:b5'


def test_classify_returns_rfc5952_text():
    assert classify('2001:DB8:0:0::0001')['address'] == '2001:db8::1'


@pytest.mark.parametrize('identifier, kind', [
    (0x22C9D0FFFE8B02B5, 'eui64'),
    (0x6, 'manual'),
    (0x0200_0000_0000_0001, 'other'),  # u bit set, no ff:fe, too long to be typed by hand
    (0x1C3A_5F0E_9B2D_7740, 'temporary-looking'),  # u bit (0x02 of the first octet) is 0
    (0x1E3A_5F0E_9B2D_7740, 'other'),  # the same with the u bit set
])
def test_interface_id_kind(identifier, kind):
    assert interface_id_kind(identifier) == kind


def test_no_interface_id_for_multicast():
    assert classify('ff02::1')['interface_id'] is None


@pytest.mark.parametrize('value, message', [
    ('192.0.2.1', "'192.0.2.1' is an IPv4 address; an IPv6 address is needed here"),
    ('2001:db8::/32', "'2001:db8::/32' is not an IP address"),
    ('', "'' is not an IP address"),
])
def test_bad_classify_inputs(value, message):
    with pytest.raises(AddressError) as error:
        classify(value)
    assert str(error.value) == message
