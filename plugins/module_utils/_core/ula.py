# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""Unique Local Addresses (RFC 4193): a site's /48 and the subnets carved from it."""

from __future__ import annotations

import hashlib
import ipaddress
import re

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import (
    AddressError,
    format_network,
    parse_network,
    shown,
)
from ansible_collections.homelab.ipv6.plugins.module_utils._core.eui64 import interface_id

CENTRALLY_ASSIGNED = ipaddress.IPv6Network('fc00::/8')
LOCALLY_ASSIGNED = ipaddress.IPv6Network('fd00::/8')
SITE_PREFIX_LENGTH = 48
# Seconds from the NTP era (1900-01-01) to the Unix epoch.
NTP_UNIX_OFFSET = 2208988800


def ntp_timestamp(unix_time):
    """The 64-bit NTP time stamp (32 bits of seconds, 32 of fraction) of a Unix time."""
    seconds = int(unix_time)
    fraction = int((unix_time - seconds) * (1 << 32))
    return (((seconds + NTP_UNIX_OFFSET) & 0xFFFFFFFF) << 32) | fraction


def global_id(timestamp, eui64):
    """RFC 4193 section 3.2.2: the low 40 bits of SHA-1 over the time stamp and an EUI-64."""
    key = timestamp.to_bytes(8, 'big') + eui64.to_bytes(8, 'big')
    return int.from_bytes(hashlib.sha1(key).digest()[-5:], 'big')


def site_prefix(global_identifier):
    """The locally assigned ULA /48 (``fd`` + Global ID)."""
    value = int(LOCALLY_ASSIGNED.network_address) | (global_identifier << 80)
    return ipaddress.IPv6Network((value, SITE_PREFIX_LENGTH))


def generate_site_prefix(mac, unix_time):
    """A new site /48 from a MAC of this system and the time (RFC 4193 section 3.2.2)."""
    return site_prefix(global_id(ntp_timestamp(unix_time), interface_id(mac)))


def global_id_text(prefix):
    """The 40-bit Global ID of a ULA prefix as 10 hex digits."""
    return '%010x' % ((int(prefix.network_address) >> 80) & 0xFFFFFFFFFF)


def site_ula(prefix):
    """A user-supplied site ULA, refused unless it is a locally assigned /48 in fd00::/8."""
    network = parse_network(prefix, version=6)
    if network.prefixlen >= 8 and network.network_address in LOCALLY_ASSIGNED:
        if network.prefixlen != SITE_PREFIX_LENGTH:
            raise AddressError('ULA prefix %s is a /%d; a site ULA is a /48 (fd + 40-bit Global ID)'
                               % (shown(prefix), network.prefixlen))
        return network
    if network.prefixlen >= 8 and network.network_address in CENTRALLY_ASSIGNED:
        raise AddressError('ULA prefix %s is in fc00::/8, where the L bit is 0: that half is reserved '
                           'for a centrally assigned ULA that does not exist; a site ULA starts with fd '
                           '(RFC 4193 section 3.1)' % shown(prefix))
    raise AddressError('%s is not a ULA prefix; a site ULA is a /48 inside fd00::/8 (RFC 4193)' % shown(prefix))


_SUBNET_ID_TEXT = re.compile(r'0[xX][0-9A-Fa-f]+|0|[1-9][0-9]*')


def _subnet_id(value, bits):
    if isinstance(value, str):
        # int(text, 0) would also take ' 1', '1_0' and non-ASCII digits.
        if _SUBNET_ID_TEXT.fullmatch(value):
            value = int(value, 0)
        else:
            raise AddressError('subnet_id %s is not an integer (write hex as 0x1a)' % shown(value)) from None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < (1 << bits):
        raise AddressError('subnet_id %s is not an integer from 0 to %d' % (shown(value), (1 << bits) - 1))
    return value


def subnet(prefix, subnet_id, prefixlen=64):
    """Subnet number ``subnet_id`` of size ``/prefixlen`` in the site's ULA /48."""
    site = site_ula(prefix)
    if isinstance(prefixlen, bool) or not isinstance(prefixlen, int) or not 48 <= prefixlen <= 64:
        raise AddressError('prefixlen %s is not an integer from 48 to 64' % shown(prefixlen))
    number = _subnet_id(subnet_id, prefixlen - SITE_PREFIX_LENGTH)
    return ipaddress.IPv6Network((int(site.network_address) | (number << (128 - prefixlen)), prefixlen))


def subnet_text(prefix, subnet_id, prefixlen=64):
    """RFC 5952 text of ``subnet``."""
    return format_network(subnet(prefix, subnet_id, prefixlen))
