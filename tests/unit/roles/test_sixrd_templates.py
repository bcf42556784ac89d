# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The files the sixrd role writes, rendered as Ansible renders them, for both network
stacks, for seed 003's 6rd (IPv4MaskLen 0) and for an ISP whose CEs share 192.0.0.0/8."""

from __future__ import annotations

from pathlib import Path

import pytest
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar, trust_as_template

from ansible_collections.homelab.ipv6.plugins.module_utils._sixrd import tunnel

TEMPLATES = Path(__file__).resolve().parents[3] / 'roles' / 'sixrd' / 'templates'

SEED_003 = tunnel('203.0.113.45', '2001:e41::/32', '61.211.224.125')
SHARED_8 = tunnel('192.0.2.42', '2001:db8:6000::/36', '192.0.2.1', ipv4_mask_len=8)


def render(template, values, **overrides):
    variables = {
        'ansible_managed': 'Ansible managed',
        '__sixrd_values': values,
        'sixrd_interface': 'sixrd0',
        'sixrd_ttl': 64,
        'sixrd_default_route': True,
        '__sixrd_relay_prefix_unit': 'homelab-sixrd-relay-prefix-sixrd0.service',
    }
    variables.update(overrides)
    templar = Templar(loader=DataLoader(), variables=variables)
    return templar.template(trust_as_template((TEMPLATES / template).read_text()))


def settings(text):
    """The key=value lines of a systemd file, by section, comments left out."""
    sections, section = {}, None
    for line in text.splitlines():
        if line.startswith('['):
            section = sections.setdefault(line.strip('[]'), {})
        elif '=' in line and not line.startswith('#'):
            key, value = line.split('=', 1)
            section[key] = value
    return sections


def test_networkd_netdev_for_the_seed_carries_the_6rd_prefix():
    assert settings(render('sixrd.netdev.j2', SEED_003)) == {
        'NetDev': {'Name': 'sixrd0', 'Kind': 'sit', 'MTUBytes': '1280'},
        'Tunnel': {'Local': '203.0.113.45', 'Remote': 'any', 'TTL': '64',
                   'IPv6RapidDeploymentPrefix': '2001:e41::/32', 'Independent': 'yes'},
    }


def test_networkd_netdev_leaves_a_shared_prefix_6rd_to_the_unit():
    # The kernel refuses a /36 6rd prefix without its relay prefix, which networkd cannot set.
    netdev = render('sixrd.netdev.j2', SHARED_8)
    assert 'IPv6RapidDeploymentPrefix' not in settings(netdev)['Tunnel']
    assert 'homelab-sixrd-relay-prefix-sixrd0.service' in netdev


def test_networkd_network_has_the_ce_address_mtu_and_route_via_the_relay():
    assert settings(render('sixrd.network.j2', SEED_003)) == {
        'Match': {'Name': 'sixrd0'},
        'Link': {'MTUBytes': '1280'},
        'Network': {'Address': '2001:e41:cb00:712d::1/32', 'LinkLocalAddressing': 'no',
                    'IPv6AcceptRA': 'no', 'ConfigureWithoutCarrier': 'yes'},
        'Route': {'Gateway': '::61.211.224.125', 'GatewayOnLink': 'yes'},
    }


def test_networkd_network_without_default_route():
    assert 'Route' not in settings(render('sixrd.network.j2', SHARED_8, sixrd_default_route=False))


def test_relay_prefix_unit_sets_both_prefixes_when_the_tunnel_appears():
    unit = settings(render('sixrd-relay-prefix.service.j2', SHARED_8))
    assert unit['Service']['ExecStart'] == (
        '/sbin/ip tunnel 6rd dev sixrd0 6rd-prefix 2001:db8:6000::/36 6rd-relay_prefix 192.0.0.0/8')
    assert unit['Unit']['BindsTo'] == 'sys-subsystem-net-devices-sixrd0.device'
    assert unit['Install']['WantedBy'] == 'sys-subsystem-net-devices-sixrd0.device'


def stanza(text):
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith('#')]


def test_ifupdown_stanza_for_the_seed_is_the_seeds_v4tunnel():
    assert stanza(render('ifupdown-sixrd.j2', SEED_003)) == [
        'auto sixrd0',
        'iface sixrd0 inet6 v4tunnel',
        'address 2001:e41:cb00:712d::1',
        'netmask 32',
        'local 203.0.113.45',
        'endpoint any',
        'ttl 64',
        'gateway ::61.211.224.125',
        'up ip tunnel 6rd dev sixrd0 6rd-prefix 2001:e41::/32',
        'up ip link set dev sixrd0 mtu 1280',
    ]


@pytest.mark.parametrize('default_route', [True, False])
def test_ifupdown_stanza_with_a_shared_prefix_sets_the_relay_prefix(default_route):
    lines = stanza(render('ifupdown-sixrd.j2', SHARED_8, sixrd_default_route=default_route))
    assert 'up ip tunnel 6rd dev sixrd0 6rd-prefix 2001:db8:6000::/36 6rd-relay_prefix 192.0.0.0/8' in lines
    assert 'address 2001:db8:6000:22a0::1' in lines
    assert 'netmask 36' in lines
    assert ('gateway ::192.0.2.1' in lines) is default_route
