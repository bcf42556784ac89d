# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""What an IPv6 address is: its special-purpose block (RFC 4291, RFC 6890 and the IANA
registry), its scope, what it embeds, and what its interface identifier looks like."""

from __future__ import annotations

import ipaddress

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import (
    format_address,
    parse_address,
)
from ansible_collections.homelab.ipv6.plugins.module_utils._core.eui64 import (
    interface_id_text,
    mac_of_interface_id,
)

# Most specific first: the first block that holds the address names its kind.
KINDS = tuple((ipaddress.IPv6Network(block), kind) for block, kind in (
    ('::/128', 'unspecified'),
    ('::1/128', 'loopback'),
    ('::ffff:0:0/96', 'ipv4-mapped'),
    ('::/96', 'ipv4-compatible'),  # deprecated by RFC 4291
    ('64:ff9b::/96', 'nat64'),  # RFC 6052 well-known prefix
    ('64:ff9b:1::/48', 'nat64'),  # RFC 8215 local-use translation prefix
    ('100::/64', 'discard'),  # RFC 6666
    ('2001::/32', 'teredo'),
    ('2001:db8::/32', 'documentation'),
    ('3fff::/20', 'documentation'),  # RFC 9637
    ('2002::/16', '6to4'),
    ('2000::/3', 'global'),
    ('fc00::/7', 'ula'),
    ('fe80::/10', 'link-local'),
    ('fec0::/10', 'site-local'),  # deprecated by RFC 3879
    ('ff00::/8', 'multicast'),
))

# RFC 7346 section 2.
MULTICAST_SCOPES = {
    0x1: 'interface-local',
    0x2: 'link-local',
    0x3: 'realm-local',
    0x4: 'admin-local',
    0x5: 'site-local',
    0x8: 'organization-local',
    0xE: 'global',
}

UNICAST_SCOPES = {'link-local': 'link-local', 'site-local': 'site-local', 'loopback': 'host'}
# Kinds whose low 64 bits are an interface identifier chosen by or for the host.
_WITH_INTERFACE_ID = {'global', 'documentation', 'ula', 'link-local', 'site-local', '6to4'}
_U_BIT = 1 << 57


def kind_of(address):
    """The name of the special-purpose block that holds ``address``, or 'reserved'."""
    for block, kind in KINDS:
        if address in block:
            return kind
    return 'reserved'


def interface_id_kind(identifier):
    """How an interface identifier was probably made.

    'eui64' has ff:fe in the middle (RFC 4291 appendix A); 'manual' is a short one such as
    ::6 or ::1:100 (upper 32 bits zero); 'temporary-looking' has the u bit 0 as RFC 4941
    temporary addresses do; anything else is 'other' (stable-privacy RFC 7217, for instance).
    """
    if mac_of_interface_id(identifier) is not None:
        return 'eui64'
    if identifier >> 32 == 0:
        return 'manual'
    if not identifier & _U_BIT:
        return 'temporary-looking'
    return 'other'


def _embedded_ipv4(kind, value):
    if kind in ('ipv4-mapped', 'ipv4-compatible', 'nat64'):
        return str(ipaddress.IPv4Address(value & 0xFFFFFFFF))
    if kind == '6to4':
        return str(ipaddress.IPv4Address((value >> 80) & 0xFFFFFFFF))
    if kind == 'teredo':
        # RFC 4380 section 4: the client's public IPv4 is stored with every bit inverted.
        return str(ipaddress.IPv4Address(~value & 0xFFFFFFFF))
    return None


def classify(address):
    """A dict describing an IPv6 address; see the ``ipv6_kind`` filter for its keys."""
    parsed = parse_address(address, version=6)
    value = int(parsed)
    kind = kind_of(parsed)
    facts = {
        'address': format_address(parsed),
        'kind': kind,
        'scope': UNICAST_SCOPES.get(kind, 'global') if kind != 'unspecified' else None,
        'embedded_ipv4': _embedded_ipv4(kind, value),
        'interface_id': None,
        'interface_id_kind': None,
        'mac': None,
        'multicast_flags': None,
        'teredo_server': None,
    }
    if kind == 'multicast':
        flags, scope = (value >> 116) & 0xF, (value >> 112) & 0xF
        facts['scope'] = MULTICAST_SCOPES.get(scope, 'reserved (%x)' % scope)
        facts['multicast_flags'] = {
            'rendezvous_point': bool(flags & 0x4),  # R, RFC 3956
            'prefix_based': bool(flags & 0x2),  # P, RFC 3306
            'transient': bool(flags & 0x1),  # T, RFC 4291
        }
    if kind == 'teredo':
        facts['teredo_server'] = str(ipaddress.IPv4Address((value >> 64) & 0xFFFFFFFF))
    if kind in _WITH_INTERFACE_ID:
        identifier = value & 0xFFFFFFFFFFFFFFFF
        facts['interface_id'] = interface_id_text(identifier)
        facts['interface_id_kind'] = interface_id_kind(identifier)
        facts['mac'] = mac_of_interface_id(identifier)
    return facts
