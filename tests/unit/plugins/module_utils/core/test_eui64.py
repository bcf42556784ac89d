# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import AddressError
from ansible_collections.homelab.ipv6.plugins.module_utils._core.eui64 import (
    eui64_address,
    format_mac,
    interface_id,
    interface_id_text,
    mac_of_interface_id,
    parse_mac,
)

SEED_MAC = bytes.fromhex('20c9d08b02b5')


@pytest.mark.parametrize('notation', [
    '20:c9:d0:8b:02:b5',
    '20-C9-D0-8B-02-B5',
    '20c9.d08b.02b5',
    '20c9d08b02b5',
    '20:c9:d0:8b:2:b5',  # as some tools print it, leading zeros dropped
])
def test_parse_mac_notations(notation):
    assert parse_mac(notation) == SEED_MAC


def test_format_mac():
    assert format_mac(SEED_MAC) == '20:c9:d0:8b:02:b5'


# Seed 004 and RFC 4291 appendix A: insert ff:fe, invert the universal/local bit.
def test_interface_id_of_the_seed_mac():
    assert interface_id_text(interface_id('20:c9:d0:8b:02:b5')) == '::22c9:d0ff:fe8b:2b5'


def test_interface_id_of_a_locally_administered_mac_clears_the_bit():
    assert interface_id_text(interface_id('02:00:5e:10:00:01')) == '::5eff:fe10:1'


def test_interface_id_of_an_eui64():
    # RFC 4291 appendix A: an EUI-64 gets no ff:fe, only the inverted bit.
    assert interface_id_text(interface_id('00:11:22:33:44:55:66:77')) == '::211:2233:4455:6677'


def test_eui64_address_of_the_seed():
    assert str(eui64_address('20:c9:d0:8b:02:b5', 'fe80::/64')) == 'fe80::22c9:d0ff:fe8b:2b5'
    assert str(eui64_address('20:c9:d0:8b:02:b5', '2402:6b00:22cd:bf80::/64')) == '2402:6b00:22cd:bf80:22c9:d0ff:fe8b:2b5'


def test_mac_of_interface_id_round_trip():
    assert mac_of_interface_id(interface_id('20:c9:d0:8b:02:b5')) == '20:c9:d0:8b:02:b5'


def test_mac_of_interface_id_without_ff_fe():
    assert mac_of_interface_id(0x1234567890ABCDEF) is None


@pytest.mark.parametrize('call, message', [
    (lambda: parse_mac('20:c9:d0:8b:02'), "MAC address '20:c9:d0:8b:02' has 5 octets; a MAC address has 6 (8 for an EUI-64)"),
    (lambda: parse_mac('20c9d08b02b5aa'), "MAC address '20c9d08b02b5aa' has 7 octets; a MAC address has 6 (8 for an EUI-64)"),
    (lambda: parse_mac('01:00:5e:00:00:01'),
     "MAC address '01:00:5e:00:00:01' is a group (multicast) address; an interface identifier comes from an individual (unicast) MAC"),
    (lambda: parse_mac('33-33-00-00-00-01'),
     "MAC address '33-33-00-00-00-01' is a group (multicast) address; an interface identifier comes from an individual (unicast) MAC"),
    (lambda: parse_mac('00:00:00:00:00:00'), "MAC address '00:00:00:00:00:00' is all zeros and names no interface"),
    (lambda: parse_mac('20:c9-d0:8b:02:b5'),
     "'20:c9-d0:8b:02:b5' is not a MAC address; write it as 20:c9:d0:8b:02:b5, 20-c9-d0-8b-02-b5, 20c9.d08b.02b5 or 20c9d08b02b5"),
    (lambda: parse_mac('20:c9:d0:8b:02:zz'),
     "'20:c9:d0:8b:02:zz' is not a MAC address; write it as 20:c9:d0:8b:02:b5, 20-c9-d0-8b-02-b5, 20c9.d08b.02b5 or 20c9d08b02b5"),
    (lambda: parse_mac('20c9d08b02b'),
     "'20c9d08b02b' is not a MAC address; write it as 20:c9:d0:8b:02:b5, 20-c9-d0-8b-02-b5, 20c9.d08b.02b5 or 20c9d08b02b5"),
    (lambda: parse_mac(0x20C9D08B02B5),
     '36051159286453 is not a MAC address: YAML read the unquoted MAC as a number; quote it, as in mac: "20:c9:d0:8b:02:b5"'),
    (lambda: eui64_address('20:c9:d0:8b:02:b5', '2001:db8::/48'),
     "prefix '2001:db8::/48' is a /48; EUI-64 addresses are formed in a /64"),
    (lambda: eui64_address('20:c9:d0:8b:02:b5', '192.0.2.0/24'),
     "'192.0.2.0/24' is an IPv4 prefix; an IPv6 prefix is needed here"),
])
def test_bad_macs(call, message):
    with pytest.raises(AddressError) as error:
        call()
    assert str(error.value) == message
