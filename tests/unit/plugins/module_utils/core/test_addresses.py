# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import ipaddress

import pytest

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import (
    AddressError,
    format_address,
    format_mixed,
    format_network,
    parse_address,
    parse_network,
    shown,
)


# RFC 5952 section 4 and its examples in section 2.
@pytest.mark.parametrize('text, canonical', [
    ('2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'),  # 4.1 leading zeros
    ('2001:db8:0:0:0:0:2:1', '2001:db8::2:1'),  # 4.2.1 shorten as much as possible
    ('2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'),  # 4.2.2 no :: for one 16-bit 0
    ('2001:0:0:1:0:0:0:1', '2001:0:0:1::1'),  # 4.2.3 the longest run
    ('2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'),  # 4.2.3 the first of equal runs
    ('2001:DB8::ABCD', '2001:db8::abcd'),  # 4.3 lowercase
    ('::ffff:c000:0280', '::ffff:192.0.2.128'),  # section 5, IPv4-mapped
    ('0:0:0:0:0:0:0:0', '::'),
])
def test_format_address_is_rfc5952(text, canonical):
    assert format_address(ipaddress.IPv6Address(text)) == canonical


def test_format_address_drops_the_zone():
    assert format_address(parse_address('fe80::1%eth0')) == 'fe80::1'


def test_format_address_ipv4():
    assert format_address(parse_address('192.0.2.1')) == '192.0.2.1'


def test_format_network():
    assert format_network(parse_network('2001:0DB8:0:0::/32')) == '2001:db8::/32'


@pytest.mark.parametrize('text, mixed', [
    ('64:ff9b::c000:221', '64:ff9b::192.0.2.33'),
    ('2001:db8:122:344::c000:221', '2001:db8:122:344::192.0.2.33'),
    ('::c633:6401', '::198.51.100.1'),
    ('2001:db8:0:1:1:1:c000:221', '2001:db8:0:1:1:1:192.0.2.33'),
    ('2001:db8::1:0:c000:221', '2001:db8::1:0:192.0.2.33'),
])
def test_format_mixed(text, mixed):
    assert format_mixed(ipaddress.IPv6Address(text)) == mixed


def test_parse_address_accepts_address_objects():
    address = ipaddress.IPv6Address('2001:db8::1')
    assert parse_address(address) is address


def test_parse_network_accepts_network_objects():
    network = ipaddress.IPv6Network('2001:db8::/32')
    assert parse_network(network, version=6) is network


def test_shown_quotes_strings_and_reprs_the_rest():
    assert shown('x') == "'x'"
    assert shown(5) == '5'
    assert shown(None) == 'null'
    assert shown(ipaddress.IPv6Address('::1')) == "'::1'"


@pytest.mark.parametrize('call, message', [
    (lambda: parse_address('2001:db8::g'), "'2001:db8::g' is not an IP address"),
    (lambda: parse_address('192.0.2.256'), "'192.0.2.256' is not an IP address"),
    (lambda: parse_address(''), "'' is not an IP address"),
    (lambda: parse_address(None), 'null is not an IP address: expected text, got null'),
    (lambda: parse_address(42), '42 is not an IP address: expected text, got a number'),
    (lambda: parse_address('fe80::1%'), "'fe80::1%' has an empty zone after '%'"),
    (lambda: parse_address('192.0.2.1', version=6), "'192.0.2.1' is an IPv4 address; an IPv6 address is needed here"),
    (lambda: parse_address('::1', version=4), "'::1' is an IPv6 address; an IPv4 address is needed here"),
    (lambda: parse_network('2001:db8::'), "'2001:db8::' has no prefix length; write a prefix such as 2001:db8::/64"),
    (lambda: parse_network('2001:db8::1/64'),
     "'2001:db8::1/64' has host bits set; the /64 prefix that contains it is 2001:db8::/64"),
    (lambda: parse_network('2001:db8::/129'), "'2001:db8::/129' is not an IP prefix"),
    (lambda: parse_network('192.0.2.0/24', version=6), "'192.0.2.0/24' is an IPv4 prefix; an IPv6 prefix is needed here"),
    (lambda: parse_network(['2001:db8::/32']), "['2001:db8::/32'] is not a prefix: expected text, got a list"),
])
def test_bad_addresses_and_prefixes(call, message):
    with pytest.raises(AddressError) as error:
        call()
    assert str(error.value) == message
