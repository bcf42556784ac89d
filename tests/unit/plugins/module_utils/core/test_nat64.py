# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import AddressError
from ansible_collections.homelab.ipv6.plugins.module_utils._core.nat64 import (
    embed_ipv4,
    nat64_prefix,
    nat64_text,
)

# RFC 6052 section 2.4, Table 1 and the well-known prefix example.
RFC6052_TABLE = [
    ('2001:db8::/32', '192.0.2.33', '2001:db8:c000:221::'),
    ('2001:db8:100::/40', '192.0.2.33', '2001:db8:1c0:2:21::'),
    ('2001:db8:122::/48', '192.0.2.33', '2001:db8:122:c000:2:2100::'),
    ('2001:db8:122:300::/56', '192.0.2.33', '2001:db8:122:3c0:0:221::'),
    ('2001:db8:122:344::/64', '192.0.2.33', '2001:db8:122:344:c0:2:2100:0'),
    ('2001:db8:122:344::/96', '192.0.2.33', '2001:db8:122:344::192.0.2.33'),
    ('64:ff9b::/96', '192.0.2.33', '64:ff9b::192.0.2.33'),
]


@pytest.mark.parametrize('prefix, ipv4, embedded', RFC6052_TABLE)
def test_embedding_matches_rfc6052_table(prefix, ipv4, embedded):
    assert nat64_text(ipv4, prefix) == embedded


def test_well_known_prefix_is_the_default():
    assert nat64_text('198.51.100.7') == '64:ff9b::198.51.100.7'


@pytest.mark.parametrize('prefix', ['2001:db8::/32', '2001:db8:100::/40', '2001:db8:122::/48',
                                    '2001:db8:122:300::/56', '2001:db8:122:344::/64'])
def test_u_octet_stays_zero(prefix):
    assert int(embed_ipv4('255.255.255.255', prefix)) >> 56 & 0xFF == 0


def test_nat64_prefix_accepts_every_rfc6052_length():
    assert [nat64_prefix(p).prefixlen for p, _ipv4, _embedded in RFC6052_TABLE[:6]] == [32, 40, 48, 56, 64, 96]


@pytest.mark.parametrize('call, message', [
    (lambda: nat64_text('192.0.2.33', '2001:db8::/33'),
     "NAT64 prefix '2001:db8::/33' is a /33; RFC 6052 allows /32, /40, /48, /56, /64 or /96"),
    (lambda: nat64_text('192.0.2.33', '2001:db8:0:0:100::/96'),
     "NAT64 prefix '2001:db8:0:0:100::/96' has bits 64-71 set; RFC 6052 reserves them as zero"),
    (lambda: nat64_text('2001:db8::1'), "'2001:db8::1' is an IPv6 address; an IPv4 address is needed here"),
    (lambda: nat64_text('192.0.2.300'), "'192.0.2.300' is not an IP address"),
    (lambda: nat64_text('192.0.2.33', '192.0.2.0/24'), "'192.0.2.0/24' is an IPv4 prefix; an IPv6 prefix is needed here"),
])
def test_bad_nat64_inputs(call, message):
    with pytest.raises(AddressError) as error:
        call()
    assert str(error.value) == message
