# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.homelab.ipv6.plugins.module_utils import _slaac_token as slaac

NETWORKS = ['fd7a:b5e0:1b00:3::/64', '2001:db8:5610:3::/64', '198.18.52.0/24']
WANTED = ['fd7a:b5e0:1b00:3::20', '2001:db8:5610:3::20']


def address(local, prefixlen=64, family='inet6', **flags):
    return dict(family=family, local=local, prefixlen=prefixlen, **flags)


# As `ip -json address show` gives them (the fields the module reads).
LINKS = [
    {'ifname': 'lo', 'addr_info': [address('127.0.0.1', 8, 'inet'), address('::1', 128)]},
    {'ifname': 'eth0', 'addr_info': [
        address('198.18.52.31', 24, 'inet', dynamic=True),
        # A temporary address (RFC 8981), and the stable one it was made beside.
        address('fd7a:b5e0:1b00:3:8d2e:11f0:5a3c:e901', dynamic=True, temporary=True,
                preferred_life_time=3000, valid_life_time=86000),
        address('fd7a:b5e0:1b00:3:0:5eff:fe00:5357', dynamic=True, mngtmpaddr=True,
                preferred_life_time=14000, valid_life_time=86000),
        address('fd7a:b5e0:1b00:3::20', dynamic=True, preferred_life_time=14400, valid_life_time=86400),
        address('2001:db8:5610:3::20', dynamic=True, tentative=True, preferred_life_time=45, valid_life_time=60),
        address('fe80::5eff:fe00:5357'),
    ]},
    {'ifname': 'eth1', 'addr_info': [address('fd00:5650:ff::9')]},
]


def test_the_lan_interface_holds_an_address_in_the_lans_networks():
    assert slaac.lan_interfaces(LINKS, NETWORKS) == ['eth0']
    assert slaac.lan_interfaces(LINKS, ['198.18.52.0/24']) == ['eth0']  # its DHCPv4 lease is enough
    assert slaac.lan_interfaces(LINKS, ['fd00::/8']) == ['eth0', 'eth1']
    assert slaac.lan_interfaces(LINKS, ['fd99::/64']) == []


def test_without_an_address_in_the_lan_the_one_interface_that_is_up_is_taken():
    links = [{'ifname': 'lo', 'flags': ['LOOPBACK', 'UP', 'LOWER_UP']},
             {'ifname': 'eth0', 'flags': ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP']},
             {'ifname': 'eth1', 'flags': ['BROADCAST', 'MULTICAST']}]
    assert slaac.only_interface(links) == 'eth0'
    assert slaac.only_interface(links[:1]) is None
    links[2]['flags'].append('UP')
    assert slaac.only_interface(links) is None


def test_an_address_counts_as_formed_once_it_has_passed_dad():
    assert slaac.formed(slaac.link_of(LINKS, 'eth0'), WANTED) == ['fd7a:b5e0:1b00:3::20']
    assert slaac.formed(None, WANTED) == []


def test_the_addresses_formed_before_the_token_are_superseded_but_not_temporaries():
    assert slaac.superseded(slaac.link_of(LINKS, 'eth0'), WANTED) == [
        {'address': 'fd7a:b5e0:1b00:3:0:5eff:fe00:5357', 'prefixlen': 64, 'valid_life_time': 86000}]
    assert slaac.superseded(slaac.link_of(LINKS, 'eth1'), WANTED) == []  # another LAN's prefix


@pytest.mark.parametrize('reached_at, lost', [
    ('fd7a:b5e0:1b00:3:0:5eff:fe00:5357', True),  # the address formed before the token
    ('fd7a:b5e0:1b00:3::20', False),  # the token's own
    ('fd7a:b5e0:1b00:3:8d2e:11f0:5a3c:e901', False),  # a temporary address lives on
    ('198.18.52.31', False),
    ('nas.home.arpa', False),
    ('', False),
])
def test_a_run_that_reaches_the_host_at_an_address_the_token_replaces_would_lose_it(reached_at, lost):
    assert slaac.cut_off(slaac.link_of(LINKS, 'eth0'), WANTED, reached_at) is lost


@pytest.mark.parametrize('text, token', [
    ('token :: dev eth0\n', '::'),
    ('token ::20 dev eth0\n', '::20'),
    ('token ::0:20 dev eth0\n', '::20'),
    ('', '::'),
])
def test_the_kernel_token_is_read_from_ip_token_get(text, token):
    assert slaac.kernel_token(text) == token


def test_networkd_takes_the_token_in_its_ra_section():
    assert slaac.networkd_dropin('::20').endswith('[IPv6AcceptRA]\nToken=static:::20\n')


def test_the_ifupdown_hook_sets_the_token_of_its_interface_alone_and_never_fails_ifup():
    hook = slaac.ifupdown_hook('eth0', '::20')
    assert hook.startswith('#!/bin/sh\n# Written by homelab.ipv6')
    assert hook.endswith('[ "$IFACE" = eth0 ] || exit 0\nip token set ::20 dev eth0 2>/dev/null || true\n')


@pytest.mark.parametrize('current, changes', [
    # A new connection: stable-privacy, no token.
    ({'ipv6.addr-gen-mode': 'stable-privacy', 'ipv6.token': ''}, ['ipv6.addr-gen-mode', 'eui64', 'ipv6.token', '::20']),
    ({'ipv6.addr-gen-mode': 'eui64', 'ipv6.token': '::0:20'}, []),
    ({'ipv6.addr-gen-mode': 'eui64', 'ipv6.token': '::10'}, ['ipv6.token', '::20']),
])
def test_networkmanager_gets_eui64_mode_and_the_token(current, changes):
    assert slaac.networkmanager_changes(current, '::20') == changes


def test_networkmanager_settings_are_read_a_line_each_without_nmclis_escapes():
    assert slaac.networkmanager_settings('default\n\n') == {'ipv6.addr-gen-mode': 'default', 'ipv6.token': ''}
    # As NetworkManager 1.52 (Debian 13) prints the token this module set.
    settings = slaac.networkmanager_settings('eui64\n\\:\\:40\n')
    assert settings == {'ipv6.addr-gen-mode': 'eui64', 'ipv6.token': '::40'}
    assert slaac.networkmanager_changes(settings, '::40') == []


def test_a_token_networkmanager_holds_that_is_not_an_address_is_replaced():
    assert slaac.networkmanager_changes({'ipv6.addr-gen-mode': 'eui64', 'ipv6.token': 'junk'}, '::40') == ['ipv6.token', '::40']
