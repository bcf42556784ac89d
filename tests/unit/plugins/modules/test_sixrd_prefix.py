# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json

import pytest
from ansible.module_utils import basic

from ansible_collections.homelab.ipv6.plugins.modules import sixrd_prefix

SEED = {'sixrd_prefix': '2001:e41::/32', 'border_relay': '198.51.100.1'}


@pytest.fixture
def fake_ip(monkeypatch):
    """Answers of `ip -j -4 ...` by the argument words that follow -4."""
    answers = {}

    def run_command(self, args, **_kwargs):
        return 0, json.dumps(answers[' '.join(args[3:])]), ''

    monkeypatch.setattr(basic.AnsibleModule, 'get_bin_path', lambda self, name, required=False: '/usr/sbin/' + name)
    monkeypatch.setattr(basic.AnsibleModule, 'run_command', run_command)
    return answers


def test_given_address(run_module):
    result, failed, warnings = run_module(sixrd_prefix, dict(SEED, ipv4_address='203.0.113.45'))
    assert not failed and not result['changed'] and warnings == []
    assert (result['delegated_prefix'], result['address'], result['gateway'], result['mtu']) == \
        ('2001:e41:cb00:712d::/64', '2001:e41:cb00:712d::1', '::198.51.100.1', 1280)


def test_address_from_the_default_route_interface(run_module, fake_ip):
    fake_ip['route show default'] = [{'dst': 'default', 'gateway': '203.0.113.1', 'dev': 'wan0'}]
    fake_ip['address show dev wan0'] = [{'ifname': 'wan0', 'addr_info': [
        {'family': 'inet', 'local': '169.254.1.1', 'scope': 'link'},
        {'family': 'inet', 'local': '203.0.113.45', 'scope': 'global'},
    ]}]
    result, failed, _warnings = run_module(sixrd_prefix, SEED)
    assert not failed and result['local_ipv4'] == '203.0.113.45'


def test_address_from_the_default_route_source(run_module, fake_ip):
    fake_ip['route show default'] = [{'dst': 'default', 'dev': 'ppp0', 'prefsrc': '198.51.100.77'}]
    result, _failed, _warnings = run_module(sixrd_prefix, SEED)
    assert result['delegated_prefix'] == '2001:e41:c633:644d::/64'


def test_no_default_route(run_module, fake_ip):
    fake_ip['route show default'] = []
    result, failed, _warnings = run_module(sixrd_prefix, SEED)
    assert failed and result['msg'] == 'ipv4_address: not given, and this host has no IPv4 default route to find it from'


def test_private_address_with_mask_len_0_warns(run_module):
    result, failed, warnings = run_module(sixrd_prefix, dict(SEED, ipv4_address='192.168.1.10'))
    assert not failed
    assert warnings == ['192.168.1.10 is a private or carrier-grade NAT address: with ipv4_mask_len 0 its 6rd '
                        'prefix 2001:e41:c0a8:10a::/64 is not routed back to this host; 6rd needs the public IPv4 address']


def test_private_address_with_a_mask_len_is_fine(run_module):
    _result, failed, warnings = run_module(sixrd_prefix, dict(SEED, ipv4_address='10.100.100.1', ipv4_mask_len=8))
    assert not failed and warnings == []


@pytest.mark.parametrize('args, message', [
    (dict(SEED, ipv4_address='203.0.113.256'), "ipv4_address: '203.0.113.256' is not an IP address"),
    (dict(SEED, ipv4_address='203.0.113.45', border_relay='2001:db8::1'),
     "border_relay: '2001:db8::1' is an IPv6 address; an IPv4 address is needed here"),
    (dict(SEED, ipv4_address='203.0.113.45', sixrd_prefix='2001:e41::1/32'),
     "sixrd_prefix: '2001:e41::1/32' has host bits set; the /32 prefix that contains it is 2001:e41::/32"),
    (dict(SEED, ipv4_address='203.0.113.45', sixrd_prefix='2001:e41::/48'),
     "6rd prefix '2001:e41::/48' with ipv4_mask_len 0 delegates a /80, longer than /64 (RFC 5969 section 4); "
     "raise ipv4_mask_len to at least 16 or shorten the 6rd prefix"),
    (dict(SEED, ipv4_address='203.0.113.45', mtu=9000),
     'mtu 9000 is not an integer from 1280 (the IPv6 minimum) to 1480 (1500 less the IPv4 header)'),
])
def test_bad_parameters(run_module, args, message):
    result, failed, _warnings = run_module(sixrd_prefix, args)
    assert failed and result['msg'] == message
