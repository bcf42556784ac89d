# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import hashlib
import ipaddress

import pytest

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import AddressError
from ansible_collections.homelab.ipv6.plugins.module_utils._core.ula import (
    generate_site_prefix,
    global_id,
    global_id_text,
    ntp_timestamp,
    site_prefix,
    site_ula,
    subnet,
    subnet_text,
)


def test_ntp_timestamp_of_the_unix_epoch():
    assert ntp_timestamp(0) == 2208988800 << 32


def test_ntp_timestamp_keeps_the_fraction():
    assert ntp_timestamp(1.5) == ((2208988800 + 1) << 32) | (1 << 31)


def test_ntp_timestamp_wraps_in_era_1():
    # 2036-02-07 06:28:16 UTC ends NTP era 0; the 32-bit seconds field starts over.
    assert ntp_timestamp(2085978496) >> 32 == 0


def test_global_id_is_the_low_40_bits_of_sha1_over_time_and_eui64():
    # RFC 4193 section 3.2.2 steps 3-5, spelled out with hashlib.
    timestamp, eui64 = 0xE9D1D4B0_80000000, 0x22C9D0FFFE8B02B5
    digest = hashlib.sha1(bytes.fromhex('e9d1d4b080000000' + '22c9d0fffe8b02b5')).digest()
    assert global_id(timestamp, eui64) == int.from_bytes(digest[15:], 'big')


def test_generate_site_prefix_is_repeatable_for_the_same_inputs():
    # A fixed vector: MAC of seed 004 at 2023-11-14 22:13:20.5 UTC.
    assert str(generate_site_prefix('20:c9:d0:8b:02:b5', 1700000000.5)) == 'fdfc:53ed:e1c3::/48'


def test_generated_prefixes_are_locally_assigned_slash_48s():
    for second in range(50):
        prefix = generate_site_prefix('20:c9:d0:8b:02:b5', 1700000000 + second)
        assert prefix.prefixlen == 48
        assert prefix.subnet_of(ipaddress.IPv6Network('fd00::/8'))


def test_site_prefix_and_its_global_id():
    prefix = site_prefix(0x123456789A)
    assert str(prefix) == 'fd12:3456:789a::/48'
    assert global_id_text(prefix) == '123456789a'


def test_site_ula_accepts_a_locally_assigned_slash_48():
    assert str(site_ula('fd12:3456:789a::/48')) == 'fd12:3456:789a::/48'


@pytest.mark.parametrize('subnet_id, expected', [
    (0, 'fd12:3456:789a::/64'),
    (1, 'fd12:3456:789a:1::/64'),
    (0xFFFF, 'fd12:3456:789a:ffff::/64'),
    ('10', 'fd12:3456:789a:a::/64'),
    ('0x10', 'fd12:3456:789a:10::/64'),
])
def test_subnet_by_id(subnet_id, expected):
    assert subnet_text('fd12:3456:789a::/48', subnet_id) == expected


def test_subnet_of_another_size():
    assert str(subnet('fd12:3456:789a::/48', 3, 56)) == 'fd12:3456:789a:300::/56'


@pytest.mark.parametrize('call, message', [
    (lambda: site_ula('fc01::/48'),
     "ULA prefix 'fc01::/48' is in fc00::/8, where the L bit is 0: that half is reserved for a centrally "
     "assigned ULA that does not exist; a site ULA starts with fd (RFC 4193 section 3.1)"),
    (lambda: site_ula('fd12:3456:789a::/56'),
     "ULA prefix 'fd12:3456:789a::/56' is a /56; a site ULA is a /48 (fd + 40-bit Global ID)"),
    (lambda: site_ula('fd00::/7'), "'fd00::/7' has host bits set; the /7 prefix that contains it is fc00::/7"),
    (lambda: site_ula('2001:db8::/48'), "'2001:db8::/48' is not a ULA prefix; a site ULA is a /48 inside fd00::/8 (RFC 4193)"),
    (lambda: subnet_text('fd12:3456:789a::/48', 65536), 'subnet_id 65536 is not an integer from 0 to 65535'),
    (lambda: subnet_text('fd12:3456:789a::/48', -1), 'subnet_id -1 is not an integer from 0 to 65535'),
    (lambda: subnet_text('fd12:3456:789a::/48', 'lan'), "subnet_id 'lan' is not an integer (write hex as 0x1a)"),
    (lambda: subnet_text('fd12:3456:789a::/48', 256, 56), 'subnet_id 256 is not an integer from 0 to 255'),
    (lambda: subnet_text('fd12:3456:789a::/48', 1, 72), 'prefixlen 72 is not an integer from 48 to 64'),
    (lambda: subnet_text('fd12:3456:789a::/48', True), 'subnet_id true is not an integer from 0 to 65535'),
])
def test_bad_ula_inputs(call, message):
    with pytest.raises(AddressError) as error:
        call()
    assert str(error.value) == message
