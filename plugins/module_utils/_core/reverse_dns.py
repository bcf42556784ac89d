# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""Reverse DNS names: PTR owners in ip6.arpa and in-addr.arpa, and reverse zones on
nibble (IPv6) or octet (IPv4) boundaries."""

from __future__ import annotations

import ipaddress

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import (
    AddressError,
    parse_address,
    parse_network,
    shown,
)

_LABEL_BITS = {6: 4, 4: 8}
_SUFFIX = {6: 'ip6.arpa.', 4: 'in-addr.arpa.'}


def _ip6_arpa_name(value):
    return '.'.join(reversed('%032x' % value)) + '.ip6.arpa.'


def ptr_name(address):
    """The PTR owner name of an address, absolute (with the trailing dot)."""
    if isinstance(address, str) and ':' in address and '%' not in address:
        # The common case, kept short: this runs once per host in every zone.
        try:
            return _ip6_arpa_name(int(ipaddress.IPv6Address(address)))
        except ValueError:
            raise AddressError('%s is not an IP address' % shown(address)) from None
    parsed = parse_address(address)
    if parsed.version == 6:
        return _ip6_arpa_name(int(parsed))
    return '.'.join(reversed(str(parsed).split('.'))) + '.in-addr.arpa.'


def _labels(network):
    bits = _LABEL_BITS[network.version]
    count = network.prefixlen // bits
    if network.version == 6:
        labels = list(('%032x' % int(network.network_address))[:count])
    else:
        labels = [str(octet) for octet in network.network_address.packed[:count]]
    return '.'.join(reversed(labels))


def reverse_zone(prefix):
    """The reverse zone that holds exactly the PTRs of a prefix, such as ``8.b.d.0.1.0.0.2.ip6.arpa.``.

    An IPv6 prefix must end on a nibble (a multiple of 4 bits), an IPv4 one on an octet;
    ``covering_reverse_zones`` handles the others.
    """
    network = parse_network(prefix)
    bits = _LABEL_BITS[network.version]
    if network.prefixlen % bits:
        shorter = network.prefixlen - network.prefixlen % bits
        unit = 'a nibble boundary (a multiple of 4 bits)' if network.version == 6 else 'an octet boundary (a multiple of 8 bits)'
        raise AddressError('%s is a /%d, but %s zones start on %s: use /%d or /%d, or ask for the covering zones'
                           % (shown(prefix), network.prefixlen, _SUFFIX[network.version].rstrip('.'),
                              unit, shorter, shorter + bits))
    labels = _labels(network)
    return '%s.%s' % (labels, _SUFFIX[network.version]) if labels else _SUFFIX[network.version]


def covering_reverse_zones(prefix):
    """The reverse zones on the next boundary that together hold exactly the PTRs of a prefix.

    A /50 gives its four /52 zones; a prefix already on a boundary gives its own zone.
    """
    network = parse_network(prefix)
    bits = _LABEL_BITS[network.version]
    boundary = -(-network.prefixlen // bits) * bits
    return [reverse_zone(subnet) for subnet in network.subnets(new_prefix=boundary)]


def lan_reverse_zones(prefix):
    """The reverse zones a site serves for one of its LAN prefixes: :func:`covering_reverse_zones`,
    except that an IPv4 subnet smaller than a /24 is served from its /24's zone.

    Splitting a /26 on the octet boundary would make a zone of each of its 64 addresses; a home
    owns the private /24 around its LAN, so one zone holds them all (RFC 2317's classless
    delegation is for a /24 whose other parts belong to someone else).
    """
    network = parse_network(prefix)
    if network.version == 4 and network.prefixlen > 24:
        return [reverse_zone(network.supernet(new_prefix=24))]
    return covering_reverse_zones(network)
