# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import ipaddress

import pytest

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import AddressError
from ansible_collections.homelab.ipv6.plugins.module_utils._core.reverse_dns import (
    covering_reverse_zones,
    ptr_name,
    reverse_zone,
)


# RFC 3596 section 2.5.
def test_ptr_name_rfc3596_example():
    assert ptr_name('4321:0:1:2:3:4:567:89ab') == \
        'b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa.'


# Seed 001: the server at <ula>::100 owns 0.0.1.0.0.0.0.0.0.0.0.0.0.0.0.0 under its /64 zone.
def test_ptr_name_of_the_seed_server_sits_in_its_zone():
    name = ptr_name('fd12:3456:789a:1::100')
    zone = reverse_zone('fd12:3456:789a:1::/64')
    assert name == '0.0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.' + zone
    assert zone == '1.0.0.0.a.9.8.7.6.5.4.3.2.1.d.f.ip6.arpa.'


@pytest.mark.parametrize('address', ['2001:db8::1', '::', 'fe80::22c9:d0ff:fe8b:2b5', '192.0.2.1', '10.0.0.255'])
def test_ptr_name_agrees_with_the_standard_library(address):
    assert ptr_name(address) == ipaddress.ip_address(address).reverse_pointer + '.'


def test_ptr_name_ipv4():
    assert ptr_name('192.0.2.1') == '1.2.0.192.in-addr.arpa.'


def test_ptr_name_ignores_the_zone():
    assert ptr_name('fe80::1%eth0') == ptr_name('fe80::1')


def test_ptr_name_of_an_address_object():
    assert ptr_name(ipaddress.IPv6Address('2001:db8::1')) == ptr_name('2001:db8::1')


@pytest.mark.parametrize('prefix, zone', [
    ('2001:db8::/32', '8.b.d.0.1.0.0.2.ip6.arpa.'),
    ('2001:db8:1::/48', '1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.'),
    ('2001:db8:100::/52', '0.0.0.1.0.8.b.d.0.1.0.0.2.ip6.arpa.'),
    ('2001:db8::1/128', '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.'),
    ('::/0', 'ip6.arpa.'),
    ('192.0.2.0/24', '2.0.192.in-addr.arpa.'),
    ('10.0.0.0/8', '10.in-addr.arpa.'),
    ('0.0.0.0/0', 'in-addr.arpa.'),
])
def test_reverse_zone(prefix, zone):
    assert reverse_zone(prefix) == zone


def test_covering_zones_of_a_slash_50():
    assert covering_reverse_zones('2001:db8::/50') == [
        '0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.',
        '1.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.',
        '2.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.',
        '3.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.',
    ]


def test_covering_zones_of_an_aligned_prefix_is_its_own_zone():
    assert covering_reverse_zones('2001:db8::/32') == ['8.b.d.0.1.0.0.2.ip6.arpa.']


def test_covering_zones_of_an_ipv4_slash_23():
    assert covering_reverse_zones('198.51.100.0/23') == ['100.51.198.in-addr.arpa.', '101.51.198.in-addr.arpa.']


@pytest.mark.parametrize('call, message', [
    (lambda: reverse_zone('2001:db8::/50'),
     "'2001:db8::/50' is a /50, but ip6.arpa zones start on a nibble boundary (a multiple of 4 bits): "
     "use /48 or /52, or ask for the covering zones"),
    (lambda: reverse_zone('192.0.2.0/26'),
     "'192.0.2.0/26' is a /26, but in-addr.arpa zones start on an octet boundary (a multiple of 8 bits): "
     "use /24 or /32, or ask for the covering zones"),
    (lambda: ptr_name('not-an-address'), "'not-an-address' is not an IP address"),
    (lambda: ptr_name('2001:db8::1::2'), "'2001:db8::1::2' is not an IP address"),
    (lambda: reverse_zone('2001:db8::'), "'2001:db8::' has no prefix length; write a prefix such as 2001:db8::/64"),
])
def test_bad_reverse_inputs(call, message):
    with pytest.raises(AddressError) as error:
        call()
    assert str(error.value) == message
