# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""Modified EUI-64 interface identifiers (RFC 4291 appendix A) from MAC addresses."""

from __future__ import annotations

import ipaddress
import re

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import (
    AddressError,
    kind,
    parse_network,
    shown,
)

_SEPARATED = re.compile(r'[0-9A-Fa-f]{1,2}(?:([:-])[0-9A-Fa-f]{1,2})(?:\1[0-9A-Fa-f]{1,2})*')
_DOTTED = re.compile(r'[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4})+')
_BARE = re.compile(r'(?:[0-9A-Fa-f]{2})+')

UNIVERSAL_LOCAL_BIT = 0x02
GROUP_BIT = 0x01


def parse_mac(value):
    """Return the octets of a MAC-48 (or EUI-64) written in any usual notation.

    ``20:c9:d0:8b:02:b5``, ``20-C9-D0-8B-02-B5``, ``20c9.d08b.02b5`` and ``20c9d08b02b5``
    are the same MAC. Group (multicast) and all-zero addresses never name an interface.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 20:12:30:45:50 as base 60 and an unquoted 201230455059
        # as a plain integer: the MAC is lost before any plugin sees it.
        raise AddressError('%s is not a MAC address: YAML read the unquoted MAC as a number; '
                           'quote it, as in mac: "20:c9:d0:8b:02:b5"' % shown(value))
    if not isinstance(value, str):
        raise AddressError('%s is not a MAC address: expected text, got %s' % (shown(value), kind(value)))
    if _SEPARATED.fullmatch(value):
        octets = bytes(int(part, 16) for part in re.split('[:-]', value))
    elif _DOTTED.fullmatch(value) or _BARE.fullmatch(value):
        octets = bytes.fromhex(value.replace('.', ''))
    else:
        raise AddressError('%s is not a MAC address; write it as 20:c9:d0:8b:02:b5, 20-c9-d0-8b-02-b5, '
                           '20c9.d08b.02b5 or 20c9d08b02b5' % shown(value))
    if len(octets) not in (6, 8):
        raise AddressError('MAC address %s has %d octets; a MAC address has 6 (8 for an EUI-64)'
                           % (shown(value), len(octets)))
    if octets[0] & GROUP_BIT:
        raise AddressError('MAC address %s is a group (multicast) address; an interface identifier '
                           'comes from an individual (unicast) MAC' % shown(value))
    if not any(octets):
        raise AddressError('MAC address %s is all zeros and names no interface' % shown(value))
    return octets


def format_mac(octets):
    """Lowercase, colon-separated text of MAC octets."""
    return ':'.join('%02x' % octet for octet in octets)


def interface_id(mac):
    """The 64-bit modified EUI-64 interface identifier of a MAC, as an integer.

    A MAC-48 gets ``ff:fe`` inserted after its third octet; then the universal/local bit
    (0x02 of the first octet) is inverted.
    """
    octets = parse_mac(mac)
    if len(octets) == 6:
        octets = octets[:3] + b'\xff\xfe' + octets[3:]
    return int.from_bytes(bytes([octets[0] ^ UNIVERSAL_LOCAL_BIT]) + octets[1:], 'big')


def mac_of_interface_id(identifier):
    """The MAC-48 a modified EUI-64 interface identifier was made from, or None if it was not."""
    octets = identifier.to_bytes(8, 'big')
    if octets[3:5] != b'\xff\xfe':
        return None
    return format_mac(bytes([octets[0] ^ UNIVERSAL_LOCAL_BIT]) + octets[1:3] + octets[5:])


def interface_id_text(identifier):
    """An interface identifier as ``::``-prefixed RFC 5952 text, the form ``ip token`` takes."""
    return str(ipaddress.IPv6Address(identifier))


def eui64_address(mac, prefix):
    """The SLAAC address a host with this MAC forms in a /64 prefix."""
    network = parse_network(prefix, version=6)
    if network.prefixlen != 64:
        raise AddressError('prefix %s is a /%d; EUI-64 addresses are formed in a /64'
                           % (shown(prefix), network.prefixlen))
    return ipaddress.IPv6Address(int(network.network_address) | interface_id(mac))
