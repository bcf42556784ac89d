# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import ipaddress

import pytest

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import AddressError
from ansible_collections.homelab.ipv6.plugins.module_utils._sixrd import (
    ce_address,
    ce_ipv4_prefix,
    delegated_prefix,
    gateway,
    is_public,
    tunnel,
)


# Seed 003: 6rd prefix 2001:e41::/32, all 32 bits of the IPv4 embedded, so
# printf "2001:e41:%02x%02x:%02x%02x::1" pp qq rr ss.
@pytest.mark.parametrize('ipv4', ['203.0.113.45', '198.51.100.1', '192.0.2.255'])
def test_seed_003_printf_rule(ipv4):
    pp, qq, rr, ss = (int(octet) for octet in ipv4.split('.'))
    expected = ipaddress.IPv6Address('2001:e41:%02x%02x:%02x%02x::1' % (pp, qq, rr, ss))
    delegated = delegated_prefix(ipv4, '2001:e41::/32')
    assert ce_address(delegated) == expected
    assert delegated == ipaddress.IPv6Network((int(expected) - 1, 64))


# An ISP whose CEs all sit in 10.0.0.0/8 sends IPv4MaskLen 8: only the low 24 bits
# (0x646401 for 10.100.100.1) follow the 6rd prefix, so a /32 delegates a /56.
def test_ipv4_mask_len_drops_the_common_bits():
    assert str(delegated_prefix('10.100.100.1', '2001:db8::/32', 8)) == '2001:db8:6464:100::/56'


def test_delegated_prefix_of_a_longer_6rd_prefix():
    assert str(delegated_prefix('203.0.113.45', '2001:db8:ff00::/40', 16)) == '2001:db8:ff71:2d00::/56'


def test_ipv4_mask_len_32_delegates_the_6rd_prefix_itself():
    assert str(delegated_prefix('203.0.113.45', '2001:db8:1::/48', 32)) == '2001:db8:1::/48'


def test_gateway_is_the_ipv4_compatible_relay():
    # Seed 003's ifupdown stanza: gateway ::61.211.224.125
    assert gateway('61.211.224.125') == '::61.211.224.125'


def test_is_public():
    assert is_public('203.0.113.45')
    assert not is_public('192.168.1.10')
    assert not is_public('100.64.0.1')
    assert not is_public('10.1.2.3')
    assert not is_public('172.31.255.1')


def test_tunnel_values_for_the_seed():
    assert tunnel('203.0.113.45', '2001:e41::/32', '198.51.100.1') == {
        'delegated_prefix': '2001:e41:cb00:712d::/64',
        'address': '2001:e41:cb00:712d::1',
        'local_ipv4': '203.0.113.45',
        'gateway': '::198.51.100.1',
        'border_relay': '198.51.100.1',
        'sixrd_prefix': '2001:e41::/32',
        'ipv4_mask_len': 0,
        'ipv4_prefix': '0.0.0.0/0',
        'mtu': 1280,
    }


def test_tunnel_values_for_a_shorter_6rd_prefix():
    # The lab's ISP: CEs share 192.0.0.0/8, a /36 6rd prefix, so each CE gets a /60.
    values = tunnel('192.0.2.42', '2001:db8:6000::/36', '192.0.2.1', ipv4_mask_len=8)
    assert values['delegated_prefix'] == '2001:db8:6000:22a0::/60'
    assert values['address'] == '2001:db8:6000:22a0::1'
    assert values['ipv4_prefix'] == '192.0.0.0/8'


@pytest.mark.parametrize('ipv4, mask_len, expected', [
    ('203.0.113.45', 0, '0.0.0.0/0'),
    ('10.100.100.1', 8, '10.0.0.0/8'),
    ('192.0.2.42', 24, '192.0.2.0/24'),
    ('192.0.2.42', 32, '192.0.2.42/32'),
])
def test_ce_ipv4_prefix(ipv4, mask_len, expected):
    assert str(ce_ipv4_prefix(ipv4, mask_len)) == expected


@pytest.mark.parametrize('call, message', [
    (lambda: delegated_prefix('203.0.113.45', '2001:db8::/40'),
     "6rd prefix '2001:db8::/40' with ipv4_mask_len 0 delegates a /72, longer than /64 (RFC 5969 section 4); "
     "raise ipv4_mask_len to at least 8 or shorten the 6rd prefix"),
    (lambda: delegated_prefix('203.0.113.45', '2001:db8::/32', 33), 'ipv4_mask_len 33 is not an integer from 0 to 32'),
    (lambda: delegated_prefix('203.0.113.45', '2001:db8::/32', -1), 'ipv4_mask_len -1 is not an integer from 0 to 32'),
    (lambda: delegated_prefix('203.0.113.45', '2001:db8::/32', '8'), "ipv4_mask_len '8' is not an integer from 0 to 32"),
    (lambda: delegated_prefix('203.0.113.45', '2001:db8::1/32'),
     "'2001:db8::1/32' has host bits set; the /32 prefix that contains it is 2001:db8::/32"),
    (lambda: delegated_prefix('2001:db8::1', '2001:db8::/32'), "'2001:db8::1' is an IPv6 address; an IPv4 address is needed here"),
    (lambda: tunnel('203.0.113.45', '2001:db8::/32', '198.51.100.1', mtu=1500),
     'mtu 1500 is not an integer from 1280 (the IPv6 minimum) to 1480 (1500 less the IPv4 header)'),
    (lambda: gateway('br.example.net'), "'br.example.net' is not an IP address"),
])
def test_bad_6rd_inputs(call, message):
    with pytest.raises(AddressError) as error:
        call()
    assert str(error.value) == message
