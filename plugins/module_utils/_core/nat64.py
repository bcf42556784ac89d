# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""IPv4-embedded IPv6 addresses (RFC 6052), as DNS64 synthesises and NAT64 translates them."""

from __future__ import annotations

import ipaddress

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import (
    AddressError,
    format_address,
    format_mixed,
    parse_address,
    parse_network,
    shown,
)

WELL_KNOWN_PREFIX = '64:ff9b::/96'
PREFIX_LENGTHS = (32, 40, 48, 56, 64, 96)
# Bits 64-71 of every IPv4-embedded address (the "u" octet) stay zero (RFC 6052 section 2.2).
U_OCTET_MASK = 0xFF << 56


def nat64_prefix(prefix):
    """The NAT64 prefix as a network, refused unless RFC 6052 allows its length and u octet."""
    network = parse_network(prefix, version=6)
    if network.prefixlen not in PREFIX_LENGTHS:
        raise AddressError('NAT64 prefix %s is a /%d; RFC 6052 allows /32, /40, /48, /56, /64 or /96'
                           % (shown(prefix), network.prefixlen))
    if int(network.network_address) & U_OCTET_MASK:
        raise AddressError('NAT64 prefix %s has bits 64-71 set; RFC 6052 reserves them as zero' % shown(prefix))
    return network


def _split_bits(prefixlen):
    # (bits of the IPv4 address before the u octet, bits after it)
    before = max(0, 64 - prefixlen)
    return before, 32 - before


def embed_ipv4(ipv4, prefix=WELL_KNOWN_PREFIX):
    """The IPv6 address that stands for ``ipv4`` behind the NAT64 ``prefix``."""
    network = nat64_prefix(prefix)
    value = int(parse_address(ipv4, version=4))
    if network.prefixlen == 96:
        embedded = value
    else:
        before, after = _split_bits(network.prefixlen)
        embedded = ((value >> after) << 64) | ((value & ((1 << after) - 1)) << (56 - after))
    return ipaddress.IPv6Address(int(network.network_address) | embedded)


def nat64_text(ipv4, prefix=WELL_KNOWN_PREFIX):
    """RFC 5952 text of the embedded address: a /96 keeps the dotted quad, as RFC 6052 writes it."""
    network = nat64_prefix(prefix)
    address = embed_ipv4(ipv4, network)
    if network.prefixlen == 96:
        return format_mixed(address)
    return format_address(address)
