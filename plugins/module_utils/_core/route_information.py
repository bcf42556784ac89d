# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""Routes to Thread networks, learnt from the router advertisements of their border routers.

A Thread border router (an Apple TV, a HomePod, a Nest hub, Home Assistant's) announces its
mesh's off-mesh-routable prefix, a ULA /64, in a Route Information Option (RFC 4191) of its own
advertisements on the LAN. A forwarding Linux router ignores advertisements, and the kernel's
own RIO learning (accept_ra_rt_info_*) cannot keep it to ULAs: this reads an advertisement as it
comes off the wire (the ICMPv6 message, as a raw socket gives it) and says which routes the
router takes from it, and why it takes nothing else: never a default route, never a prefix to
form an address from, never a route to anything but a ULA /64.

The service that listens and installs the routes is not written yet (issue 41); this is its
decision, unit-tested.
"""

from __future__ import annotations

import ipaddress
import struct

ROUTER_ADVERTISEMENT = 134
# RFC 4861 section 4.6: option types; RFC 4191 section 2.3: the Route Information Option.
PREFIX_INFORMATION, ROUTE_INFORMATION = 3, 24
# RFC 4191 section 2.1: the two-bit preference; 10 is reserved, and a RIO carrying it is ignored.
PREFERENCES = {0b00: 'medium', 0b01: 'high', 0b11: 'low'}
ULA = ipaddress.IPv6Network('fc00::/7')
THREAD_PREFIX_LENGTH = 64
# The fixed part of an advertisement: type, code, checksum, hop limit, flags, router lifetime,
# reachable time, retransmission timer.
_HEADER = struct.Struct('!BBHBBHII')


def _options(data):
    """(type, body) of each option after the fixed part, until the data ends or an option is
    malformed (a zero length, or longer than what is left: RFC 4861 says drop the message)."""
    offset = _HEADER.size
    while offset + 2 <= len(data):
        kind, length = data[offset], data[offset + 1] * 8
        if length == 0 or offset + length > len(data):
            raise ValueError('option %d at byte %d is malformed' % (kind, offset))
        yield kind, data[offset + 2:offset + length]
        offset += length


def _route(body):
    """A Route Information Option's route, or None where RFC 4191 section 3.1 says to ignore it
    (a prefix length over 128, a prefix longer than the option carries, the reserved preference)."""
    prefix_length, flags = body[0], body[1]
    lifetime = struct.unpack('!I', body[2:6])[0]
    carried = body[6:]
    preference = PREFERENCES.get((flags >> 3) & 0b11)
    if prefix_length > 128 or prefix_length > len(carried) * 8 or preference is None:
        return None
    address = ipaddress.IPv6Address(bytes(carried).ljust(16, b'\0')[:16])
    network = ipaddress.IPv6Network((address, prefix_length), strict=False)
    return {'prefix': str(network), 'preference': preference, 'lifetime': lifetime}


def _prefix(body):
    if len(body) < 30:
        return None
    prefix_length = body[0]
    address = ipaddress.IPv6Address(bytes(body[14:30]))
    return str(ipaddress.IPv6Network((address, min(prefix_length, 128)), strict=False))


def parse_advertisement(data):
    """The parts of a router advertisement (``data``: the ICMPv6 message) that decide what a
    router may learn from it: its router lifetime, its routes (RIOs) and its prefixes (PIOs).
    ValueError when it is not a router advertisement or is malformed."""
    data = bytes(data)
    if len(data) < _HEADER.size or data[0] != ROUTER_ADVERTISEMENT or data[1] != 0:
        raise ValueError('not a router advertisement')
    router_lifetime = _HEADER.unpack_from(data)[5]
    routes, prefixes = [], []
    for kind, body in _options(data):
        if kind == ROUTE_INFORMATION and len(body) >= 6:
            route = _route(body)
            if route is not None:
                routes.append(route)
        elif kind == PREFIX_INFORMATION:
            prefix = _prefix(body)
            if prefix is not None:
                prefixes.append(prefix)
    return {'router_lifetime': router_lifetime, 'routes': routes, 'prefixes': prefixes}


def thread_routes(advertisement):
    """What a router takes from a LAN's ``advertisement`` (parse_advertisement's): ``learnt``, the
    routes to ULA /64s (a lifetime of 0 withdraws one), and ``ignored``, a sentence for each thing
    it does not take, so a rogue advertisement changes nothing and the journal says why."""
    learnt, ignored = [], []
    if advertisement['router_lifetime']:
        ignored.append('a default route (router lifetime %d s): a LAN is never the way out'
                       % advertisement['router_lifetime'])
    for prefix in advertisement['prefixes']:
        ignored.append('the prefix %s: the router forms no address from a LAN\'s advertisement' % prefix)
    for route in advertisement['routes']:
        network = ipaddress.IPv6Network(route['prefix'])
        if network.prefixlen == 0:
            ignored.append('a default route (%s)' % route['prefix'])
        elif not network.subnet_of(ULA):
            ignored.append('the route to %s: not a ULA (a Thread network\'s prefix is one)' % route['prefix'])
        elif network.prefixlen != THREAD_PREFIX_LENGTH:
            ignored.append('the route to %s: not a /64 (a Thread network\'s prefix is one)' % route['prefix'])
        else:
            learnt.append(route)
    return {'learnt': learnt, 'ignored': ignored}
