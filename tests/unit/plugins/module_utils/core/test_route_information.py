# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Routes to Thread networks from border routers' advertisements (RFC 4191 Route Information
Options), built byte by byte as a raw ICMPv6 socket receives them."""

from __future__ import annotations

import ipaddress
import struct

import pytest

from ansible_collections.homelab.ipv6.plugins.module_utils._core.route_information import (
    INFINITY,
    _Learner,
    parse_advertisement,
    route_command,
    thread_routes,
)

# RFC 4191 section 2.1: medium 00, high 01, low 11, reserved 10 (in bits 4-3 of the flags).
MEDIUM, HIGH, LOW, RESERVED = 0b00 << 3, 0b01 << 3, 0b11 << 3, 0b10 << 3


def advertisement(*options, router_lifetime=0):
    """An ICMPv6 router advertisement (checksum left 0: the kernel checks it) with ``options``."""
    return struct.pack('!BBHBBHII', 134, 0, 0, 64, 0, router_lifetime, 0, 0) + b''.join(options)


def rio(prefix, lifetime=1800, flags=MEDIUM, carried=None):
    """A Route Information Option for ``prefix``, carrying as many bytes of it as RFC 4191 asks
    (0, 8 or 16), or ``carried``."""
    network = ipaddress.IPv6Network(prefix)
    size = carried if carried is not None else (0 if network.prefixlen == 0 else 8 if network.prefixlen <= 64 else 16)
    body = struct.pack('!BBI', network.prefixlen, flags, lifetime) + network.network_address.packed[:size]
    return struct.pack('!BB', 24, (len(body) + 2) // 8) + body


def pio(prefix):
    network = ipaddress.IPv6Network(prefix)
    body = struct.pack('!BBIII', network.prefixlen, 0xc0, 1800, 900, 0) + network.network_address.packed
    return struct.pack('!BB', 3, 4) + body


def test_a_border_routers_ula_64_is_learnt_with_its_preference_and_lifetime():
    found = parse_advertisement(advertisement(rio('fd12:3456:789a:1::/64', lifetime=1800, flags=HIGH)))
    assert found == {'router_lifetime': 0, 'prefixes': [],
                     'routes': [{'prefix': 'fd12:3456:789a:1::/64', 'preference': 'high', 'lifetime': 1800}]}
    assert thread_routes(found) == {'learnt': found['routes'], 'ignored': []}


def test_a_withdrawn_route_is_learnt_with_lifetime_0_so_it_goes():
    found = thread_routes(parse_advertisement(advertisement(rio('fd12:3456:789a:1::/64', lifetime=0))))
    assert found['learnt'] == [{'prefix': 'fd12:3456:789a:1::/64', 'preference': 'medium', 'lifetime': 0}]


def test_a_rogue_advertisement_changes_nothing_and_says_why():
    rogue = advertisement(rio('::/0'), rio('2001:db8:1::/64'), rio('fd12:3456::/48'), rio('fd12:3456:789a:1::80/128'),
                          pio('2001:db8:2::/64'), router_lifetime=1800)
    assert thread_routes(parse_advertisement(rogue)) == {'learnt': [], 'ignored': [
        'a default route (router lifetime 1800 s): a LAN is never the way out',
        "the prefix 2001:db8:2::/64: the router forms no address from a LAN's advertisement",
        'a default route (::/0)',
        "the route to 2001:db8:1::/64: not a ULA (a Thread network's prefix is one)",
        "the route to fd12:3456::/48: not a /64 (a Thread network's prefix is one)",
        "the route to fd12:3456:789a:1::80/128: not a /64 (a Thread network's prefix is one)",
    ]}


def test_options_rfc_4191_says_to_ignore_are_ignored():
    # The reserved preference, and a /64 in an option of length 1 (no prefix bytes).
    found = parse_advertisement(advertisement(rio('fd12:3456:789a:1::/64', flags=RESERVED),
                                              rio('fd12:3456:789a:2::/64', carried=0),
                                              rio('fd12:3456:789a:3::/64', flags=LOW)))
    assert found['routes'] == [{'prefix': 'fd12:3456:789a:3::/64', 'preference': 'low', 'lifetime': 1800}]


@pytest.mark.parametrize('data', [
    b'',
    struct.pack('!BBHBBHII', 133, 0, 0, 0, 0, 0, 0, 0),
    advertisement(b'\x18\x00' + b'\0' * 6),
    advertisement(b'\x18\x03' + b'\0' * 6),
], ids=['empty', 'a router solicitation', 'an option of length 0', 'an option longer than the message'])
def test_what_is_no_well_formed_advertisement_is_refused(data):
    with pytest.raises(ValueError):
        parse_advertisement(data)


def test_a_route_into_the_sites_own_ula_is_ignored():
    found = thread_routes(parse_advertisement(advertisement(rio('fd7a:b5e0:1b00:2::/64'), rio('fd12:3456:789a:1::/64'))),
                          own=['fd7a:b5e0:1b00::/48'])
    assert [route['prefix'] for route in found['learnt']] == ['fd12:3456:789a:1::/64']
    assert found['ignored'] == ["the route to fd7a:b5e0:1b00:2::/64: in the site's own ULA fd7a:b5e0:1b00::/48"]


def test_the_route_command_installs_for_the_lifetime_or_removes():
    route = {'prefix': 'fd12:3456:789a:1::/64', 'preference': 'high', 'lifetime': 1800}
    assert route_command(route, 'fe80::1', 'eth2') == [
        'ip', '-6', 'route', 'replace', 'fd12:3456:789a:1::/64', 'via', 'fe80::1', 'dev', 'eth2', 'proto', '98',
        'pref', 'high', 'expires', '1800']
    assert route_command(dict(route, lifetime=INFINITY), 'fe80::1', 'eth2')[-2:] == ['pref', 'high']
    assert route_command(dict(route, lifetime=0), 'fe80::1', 'eth2') == [
        'ip', '-6', 'route', 'del', 'fd12:3456:789a:1::/64', 'via', 'fe80::1', 'dev', 'eth2', 'proto', '98']


class _Ran:
    def __init__(self, returncode=0):
        self.commands, self.returncode = [], returncode

    def __call__(self, command, **_kwargs):
        self.commands.append(command)
        return type('Result', (), {'returncode': self.returncode, 'stderr': 'RTNETLINK answers: No such process\n'})()


def learner(run):
    said = []
    return _Learner({'eth2': 'iot'}, ['fd7a:b5e0:1b00::/48'], run=run, say=said.append), said


def test_the_service_installs_a_learnt_route_says_so_once_and_refreshes_it_at_each_advertisement():
    run = _Ran()
    service, said = learner(run)
    data = advertisement(rio('fd12:3456:789a:1::/64', lifetime=600))
    service.advertisement(data, 'fe80::be', 'eth2', 255)
    service.advertisement(data, 'fe80::be', 'eth2', 255)
    assert len(run.commands) == 2 and run.commands[0][3] == 'replace'
    assert said == ['learnt the route to fd12:3456:789a:1::/64 via fe80::be on eth2 (LAN iot), lifetime 600 s, '
                    'preference medium']
    service.advertisement(advertisement(rio('fd12:3456:789a:1::/64', lifetime=0)), 'fe80::be', 'eth2', 255)
    assert run.commands[-1][3] == 'del'
    assert said[-1] == 'the route to fd12:3456:789a:1::/64 via fe80::be on eth2 (LAN iot) is withdrawn'


def test_the_service_ignores_other_lans_forged_advertisements_and_rogues_and_says_why_once():
    run = _Ran()
    service, said = learner(run)
    data = advertisement(rio('fd12:3456:789a:1::/64'))
    service.advertisement(data, 'fe80::be', 'eth1', 255)
    service.advertisement(data, 'fe80::be', 'eth2', 64)
    service.advertisement(data, 'fe80::be', 'eth2', 64)
    service.advertisement(data, 'fd12::be', 'eth2', 255)
    rogue = advertisement(rio('::/0'), pio('2001:db8:2::/64'), router_lifetime=1800)
    service.advertisement(rogue, 'fe80::bad', 'eth2', 255)
    service.advertisement(rogue, 'fe80::bad', 'eth2', 255)
    service.advertisement(b'\x85\x00', 'fe80::bad', 'eth2', 255)
    assert run.commands == []
    assert said == [
        'ignored an advertisement on eth2 (LAN iot) from fe80::be with hop limit 64: not from a router of the link',
        'ignored an advertisement on eth2 (LAN iot) from fd12::be with hop limit 255: not from a router of the link',
        'from fe80::bad on eth2 (LAN iot), ignored a default route (router lifetime 1800 s): a LAN is never the way '
        "out; the prefix 2001:db8:2::/64: the router forms no address from a LAN's advertisement; a default route (::/0)",
        'ignored an advertisement on eth2 (LAN iot) from fe80::bad: not a router advertisement',
    ]


def test_a_withdrawal_from_a_router_that_holds_no_route_changes_nothing_and_a_failure_is_said():
    run = _Ran(returncode=2)
    service, said = learner(run)
    service.advertisement(advertisement(rio('fd12:3456:789a:1::/64', lifetime=0)), 'fe80::be', 'eth2', 255)
    assert run.commands == [] and said == []
    service.advertisement(advertisement(rio('fd12:3456:789a:1::/64')), 'fe80::be', 'eth2', 255)
    assert said == ['could not install the route to fd12:3456:789a:1::/64 via fe80::be on eth2: '
                    'RTNETLINK answers: No such process']
