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

``main`` is that service (the router role's homelab-ipv6-thread-routes.service): it listens on a
raw ICMPv6 socket, and on the LANs its settings name installs each learnt route as
``ip -6 route replace <prefix> via <border router's link-local> dev <LAN> expires <lifetime>``,
marked with its own routing protocol number so that the address-plan report finds them.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import struct
import subprocess
import sys

ROUTER_ADVERTISEMENT = 134
# RFC 4861 section 4.6: option types; RFC 4191 section 2.3: the Route Information Option.
PREFIX_INFORMATION, ROUTE_INFORMATION = 3, 24
# RFC 4191 section 2.1: the two-bit preference; 10 is reserved, and a RIO carrying it is ignored.
PREFERENCES = {0b00: 'medium', 0b01: 'high', 0b11: 'low'}
ULA = ipaddress.IPv6Network('fc00::/7')
THREAD_PREFIX_LENGTH = 64
# RFC 4191 section 2.3: a lifetime of all ones is infinity.
INFINITY = 0xFFFFFFFF
# The "proto" of the routes the service installs (ip-route(8); 0-4 are the kernel's, 9 is its
# own RA routes, and the routing daemons' numbers sit elsewhere): the report and a restart find them by it.
ROUTE_PROTOCOL = 98
SETTINGS_FILE = '/etc/homelab-ipv6/thread-routes.json'
# RFC 4861 section 6.1.2: an advertisement comes from a link-local address with a hop limit of 255.
_HOP_LIMIT = 255
# Linux's ICMP6_FILTER socket option (netinet/icmp6.h), which Python does not name.
_ICMP6_FILTER = 1
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


def thread_routes(advertisement, own=()):
    """What a router takes from a LAN's ``advertisement`` (parse_advertisement's): ``learnt``, the
    routes to ULA /64s (a lifetime of 0 withdraws one), and ``ignored``, a sentence for each thing
    it does not take, so a rogue advertisement changes nothing and the journal says why. ``own``
    are the site's own ULA prefixes: a route into one would take a LAN's traffic away from it."""
    own = [ipaddress.IPv6Network(prefix) for prefix in own]
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
        elif any(network.subnet_of(prefix) for prefix in own):
            inside = next(prefix for prefix in own if network.subnet_of(prefix))
            ignored.append('the route to %s: in the site\'s own ULA %s' % (route['prefix'], inside))
        else:
            learnt.append(route)
    return {'learnt': learnt, 'ignored': ignored}


def route_command(route, router, interface):
    """ip's arguments that install a learnt ``route`` via ``router`` (a link-local address) on
    ``interface``, for its lifetime, or remove it when its lifetime is 0."""
    where = [route['prefix'], 'via', router, 'dev', interface, 'proto', str(ROUTE_PROTOCOL)]
    if route['lifetime'] == 0:
        return ['ip', '-6', 'route', 'del'] + where
    command = ['ip', '-6', 'route', 'replace'] + where + ['pref', route['preference']]
    if route['lifetime'] != INFINITY:
        command += ['expires', str(route['lifetime'])]
    return command


def _listening_socket():
    """A raw ICMPv6 socket that receives router advertisements alone, with their hop limit."""
    sock = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    # Linux's filter: a set bit blocks that type; all blocked but the router advertisement.
    blocked = [0xFFFFFFFF] * 8
    blocked[ROUTER_ADVERTISEMENT >> 5] &= ~(1 << (ROUTER_ADVERTISEMENT & 31))
    sock.setsockopt(socket.IPPROTO_ICMPV6, _ICMP6_FILTER, struct.pack('=8I', *blocked))
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RECVHOPLIMIT, 1)
    return sock


def _own_addresses():
    """The host's own IPv6 addresses (its radvd's advertisements come from them)."""
    with open('/proc/net/if_inet6', encoding='ascii') as table:
        return {str(ipaddress.IPv6Address(int(line.split()[0], 16))) for line in table if line.strip()}


def _hop_limit(ancillary):
    for level, kind, data in ancillary:
        if level == socket.IPPROTO_IPV6 and kind == socket.IPV6_HOPLIMIT:
            return int.from_bytes(data[:4], sys.byteorder)
    return None


class _Learner:
    """The service's state: the routes it holds, and what it said last about each border router."""

    def __init__(self, interfaces, own, run, say):
        self.interfaces, self.own, self.run, self.say = interfaces, own, run, say
        self.routes, self.ignored = {}, {}

    def advertisement(self, data, router, interface, hop_limit):
        lan = self.interfaces.get(interface)
        if lan is None:
            return
        if hop_limit != _HOP_LIMIT or not ipaddress.IPv6Address(router).is_link_local:
            self._once(router, interface, 'ignored an advertisement on %s (LAN %s) from %s with hop limit %s: not from a '
                       'router of the link' % (interface, lan, router, hop_limit))
            return
        try:
            decision = thread_routes(parse_advertisement(data), self.own)
        except ValueError as error:
            self._once(router, interface, 'ignored an advertisement on %s (LAN %s) from %s: %s' % (interface, lan, router, error))
            return
        for route in decision['learnt']:
            self._take(route, router, interface, lan)
        ignored = decision['ignored']
        self._once(router, interface, 'from %s on %s (LAN %s), ignored %s' % (router, interface, lan, '; '.join(ignored))
                   if ignored else '')

    def _once(self, router, interface, line):
        """Say line unless it is what was said last of this router on this interface: a router
        repeats its advertisement every few seconds, and the journal needs it once."""
        if line and self.ignored.get((router, interface)) != line:
            self.say(line)
        self.ignored[(router, interface)] = line

    def _take(self, route, router, interface, lan):
        key = route['prefix']
        held = self.routes.get(key)
        if route['lifetime'] == 0 and held != (router, interface):
            return
        result = self.run(route_command(route, router, interface), capture_output=True, text=True, check=False)
        if result.returncode != 0:
            self.say('could not %s the route to %s via %s on %s: %s' % (
                'remove' if route['lifetime'] == 0 else 'install', key, router, interface, result.stderr.strip()))
            return
        if route['lifetime'] == 0:
            self.routes.pop(key, None)
            self.say('the route to %s via %s on %s (LAN %s) is withdrawn' % (key, router, interface, lan))
        elif held != (router, interface):
            self.routes[key] = (router, interface)
            lifetime = 'no end' if route['lifetime'] == INFINITY else '%d s' % route['lifetime']
            self.say('learnt the route to %s via %s on %s (LAN %s), lifetime %s, preference %s'
                     % (key, router, interface, lan, lifetime, route['preference']))


def _say(line):
    """One line for the journal."""
    sys.stderr.write('homelab-ipv6-thread-routes: %s\n' % line)
    sys.stderr.flush()


def main(settings_file=SETTINGS_FILE):
    """The service: learn routes to Thread networks on the LANs its settings name, until stopped."""
    with open(settings_file, encoding='utf-8') as handle:
        settings = json.load(handle)
    subprocess.run(['ip', '-6', 'route', 'flush', 'proto', str(ROUTE_PROTOCOL)], check=False)
    learner = _Learner(settings['interfaces'], settings.get('own_prefixes', []), subprocess.run, _say)
    sock = _listening_socket()
    _say('learning routes to Thread networks on %s' % ', '.join(
        '%s (LAN %s)' % item for item in sorted(settings['interfaces'].items())))
    while True:
        data, ancillary, _flags, source = sock.recvmsg(65535, socket.CMSG_SPACE(4))
        router, scope = source[0].split('%')[0], source[3]
        if router in _own_addresses():
            continue
        try:
            interface = socket.if_indextoname(scope)
        except OSError:
            continue
        learner.advertisement(data, router, interface, _hop_limit(ancillary))
