# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""IPv6 Rapid Deployment (RFC 5969): the prefix a CE derives from its IPv4 address."""

from __future__ import annotations

import ipaddress

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import (
    AddressError,
    format_address,
    format_mixed,
    format_network,
    parse_address,
    parse_network,
    shown,
)

DEFAULT_MTU = 1280
# Addresses that are not the CE's own on the Internet: a 6rd prefix built from them with
# IPv4MaskLen 0 is unreachable from the border relay's side.
_NOT_PUBLIC = tuple(ipaddress.IPv4Network(net) for net in (
    '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16',  # RFC 1918
    '100.64.0.0/10',  # RFC 6598, carrier-grade NAT
))


def _mask_len(value):
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 32:
        raise AddressError('ipv4_mask_len %s is not an integer from 0 to 32' % shown(value))
    return value


def delegated_prefix(ipv4, sixrd_prefix, ipv4_mask_len=0):
    """The CE's 6rd delegated prefix: the 6rd prefix followed by the low ``32 - ipv4_mask_len``
    bits of its IPv4 address, so of length ``len(6rd prefix) + 32 - ipv4_mask_len``."""
    network = parse_network(sixrd_prefix, version=6)
    mask_len = _mask_len(ipv4_mask_len)
    address = int(parse_address(ipv4, version=4))
    suffix_bits = 32 - mask_len
    length = network.prefixlen + suffix_bits
    if length > 64:
        raise AddressError('6rd prefix %s with ipv4_mask_len %d delegates a /%d, longer than /64 '
                           '(RFC 5969 section 4); raise ipv4_mask_len to at least %d or shorten the 6rd prefix'
                           % (shown(sixrd_prefix), mask_len, length, mask_len + length - 64))
    embedded = (address & ((1 << suffix_bits) - 1)) << (128 - length)
    return ipaddress.IPv6Network((int(network.network_address) | embedded, length))


def ce_address(delegated):
    """The CE's own 6rd address: ``::1`` in the first /64 of its delegated prefix."""
    return delegated.network_address + 1


def gateway(border_relay):
    """The border relay as the tunnel's IPv6 gateway, ``::a.b.c.d`` (IPv4-compatible form)."""
    return format_mixed(ipaddress.IPv6Address(int(parse_address(border_relay, version=4))))


def ce_ipv4_prefix(ipv4, ipv4_mask_len=0):
    """The IPv4 prefix all the ISP's CEs share (the kernel's ``6rd-relay_prefix``): the high
    ``ipv4_mask_len`` bits of the CE's address, which the 6rd prefix leaves out."""
    return ipaddress.IPv4Network((int(parse_address(ipv4, version=4)), _mask_len(ipv4_mask_len)), strict=False)


def is_public(ipv4):
    """False for RFC 1918 and carrier-grade NAT addresses, whose 6rd prefix nobody can route to."""
    address = parse_address(ipv4, version=4)
    return not any(address in network for network in _NOT_PUBLIC)


def tunnel(ipv4, sixrd_prefix, border_relay, ipv4_mask_len=0, mtu=DEFAULT_MTU):
    """Everything a 6rd tunnel interface needs, as RFC 5952 text."""
    if isinstance(mtu, bool) or not isinstance(mtu, int) or not 1280 <= mtu <= 1480:
        raise AddressError('mtu %s is not an integer from 1280 (the IPv6 minimum) to 1480 '
                           '(1500 less the IPv4 header)' % shown(mtu))
    delegated = delegated_prefix(ipv4, sixrd_prefix, ipv4_mask_len)
    return {
        'delegated_prefix': format_network(delegated),
        'address': format_address(ce_address(delegated)),
        'local_ipv4': str(parse_address(ipv4, version=4)),
        'gateway': gateway(border_relay),
        'border_relay': str(parse_address(border_relay, version=4)),
        'sixrd_prefix': format_network(parse_network(sixrd_prefix, version=6)),
        'ipv4_mask_len': ipv4_mask_len,
        'ipv4_prefix': str(ce_ipv4_prefix(ipv4, ipv4_mask_len)),
        'mtu': mtu,
    }
