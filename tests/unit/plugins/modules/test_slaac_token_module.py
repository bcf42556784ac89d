# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import copy
import json

import pytest
from ansible.module_utils import basic

from ansible_collections.homelab.ipv6.plugins.module_utils import _slaac_token as slaac
from ansible_collections.homelab.ipv6.plugins.modules import slaac_token

ARGS = {'token': '::20', 'networks': ['fd7a:b5e0:1b00:3::/64', '198.18.52.0/24'],
        'addresses': ['fd7a:b5e0:1b00:3::20'], 'wait': 2}
OLD = {'family': 'inet6', 'local': 'fd7a:b5e0:1b00:3:0:5eff:fe00:5357', 'prefixlen': 64, 'dynamic': True,
       'preferred_life_time': 14000, 'valid_life_time': 86000}
TOKEN = {'family': 'inet6', 'local': 'fd7a:b5e0:1b00:3::20', 'prefixlen': 64, 'dynamic': True,
         'preferred_life_time': 14400, 'valid_life_time': 86400}


class FakeHost:
    """A host whose stack forms the token's address as soon as it is given the token, unless
    ``silent`` (no router advertisement reaches it)."""

    def __init__(self, stack):
        self.stack, self.token, self.silent, self.commands = stack, '::', False, []
        self.addresses = [dict(OLD)]

    def links(self):
        return [{'ifname': 'lo', 'flags': ['LOOPBACK', 'UP'], 'addr_info': []},
                {'ifname': 'eth0', 'flags': ['UP'], 'addr_info': copy.deepcopy(self.addresses)},
                {'ifname': 'eth1', 'flags': ['UP'], 'addr_info': []}]

    def form(self):
        if not self.silent and TOKEN['local'] not in [a['local'] for a in self.addresses]:
            self.addresses.append(dict(TOKEN))

    def run(self, argv):
        words = ' '.join(argv)
        self.commands.append(words)
        if words == 'ip -json address show':
            return 0, json.dumps(self.links()), ''
        if words == 'networkctl --no-pager status eth0':
            applied = '/run/systemd/network/10-netplan-eth0.network' if self.stack == 'networkd' else 'n/a'
            return 0, '● 2: eth0\n    Network File: %s\n' % applied, ''
        if words == 'networkctl reload':
            return 0, '', ''
        if words == 'networkctl reconfigure eth0':
            self.form()
            return 0, '', ''
        if words == 'ifquery eth0':
            return (0 if self.stack == 'ifupdown' else 1), '', ''
        if words == 'ip token get dev eth0':
            return 0, 'token %s dev eth0\n' % self.token, ''
        if words.startswith('ip token set '):
            self.token = argv[3]
            self.form()
            return 0, '', ''
        if words.startswith('ip -6 address change '):
            return 0, '', ''
        raise AssertionError('unexpected command: ' + words)


@pytest.fixture
def host(monkeypatch, tmp_path):
    fake = FakeHost('ifupdown')
    monkeypatch.setattr(slaac_token, 'IFUPDOWN_HOOK', str(tmp_path / 'if-pre-up.d' / 'homelab-ipv6-slaac-token'))
    monkeypatch.setattr(slaac_token, 'NETWORKD_DROPIN_DIRECTORY', str(tmp_path / 'network'))
    monkeypatch.setattr(basic.AnsibleModule, 'get_bin_path',
                        lambda self, name, required=False: None if name == 'nmcli' else '/usr/bin/' + name)
    monkeypatch.setattr(basic.AnsibleModule, 'run_command', lambda self, argv, **_kwargs: fake.run(
        [argv[0].rsplit('/', 1)[-1]] + list(argv[1:])))
    fake.tmp_path = tmp_path
    return fake


def test_ifupdown_keeps_the_token_in_a_hook_sets_it_and_deprecates_the_old_address(run_module, host):
    result, failed, _warnings = run_module(slaac_token, ARGS)
    assert not failed and result['changed']
    assert (result['interface'], result['stack'], result['formed']) == ('eth0', 'ifupdown', ['fd7a:b5e0:1b00:3::20'])
    assert result['deprecated'] == [OLD['local']]
    assert 'ip token set ::20 dev eth0' in host.commands
    assert 'ip -6 address change %s/64 dev eth0 preferred_lft 0 valid_lft 86000' % OLD['local'] in host.commands
    hook = host.tmp_path / 'if-pre-up.d' / 'homelab-ipv6-slaac-token'
    assert hook.read_text() == slaac.ifupdown_hook('eth0', '::20') and hook.stat().st_mode & 0o777 == 0o755


def test_a_second_run_changes_nothing(run_module, host):
    run_module(slaac_token, ARGS)
    host.addresses = [dict(TOKEN)]  # the old address expired
    result, failed, _warnings = run_module(slaac_token, ARGS)
    assert not failed and not result['changed'] and result['deprecated'] == []


def test_check_mode_says_what_it_would_change_and_changes_nothing(run_module, host):
    result, failed, _warnings = run_module(slaac_token, ARGS, check_mode=True)
    assert not failed and result['changed'] and host.token == '::'
    assert not (host.tmp_path / 'if-pre-up.d').exists()
    assert result['diff']['after'] == slaac.ifupdown_hook('eth0', '::20')


def test_networkd_gets_a_dropin_in_etc_for_a_network_file_elsewhere(run_module, host):
    host.stack = 'networkd'
    result, failed, _warnings = run_module(slaac_token, ARGS)
    assert not failed and result['changed'] and result['stack'] == 'networkd'
    dropin = host.tmp_path / 'network' / '10-netplan-eth0.network.d' / slaac.NETWORKD_DROPIN_NAME
    assert dropin.read_text() == slaac.networkd_dropin('::20')
    assert host.commands.index('networkctl reload') < host.commands.index('networkctl reconfigure eth0')
    assert not any(c.startswith('ip token') for c in host.commands)


def test_networkd_reached_at_an_address_it_would_take_away_is_refused_before_any_change(run_module, host):
    host.stack = 'networkd'
    result, failed, _warnings = run_module(slaac_token, dict(ARGS, reached_at=OLD['local']))
    assert failed and result['msg'] == (
        'Ansible reaches the host at fd7a:b5e0:1b00:3:0:5eff:fe00:5357, a SLAAC address of eth0 that systemd-networkd '
        'would take away as soon as it takes the token ::20, in the middle of the run; reach the host by its name, its '
        'IPv4 or fd7a:b5e0:1b00:3::20 (ansible_host), then run again.')
    assert not (host.tmp_path / 'network').exists() and 'networkctl reload' not in host.commands


def test_ifupdown_reached_at_the_old_address_goes_on_since_it_only_deprecates_it(run_module, host):
    result, failed, _warnings = run_module(slaac_token, dict(ARGS, reached_at=OLD['local']))
    assert not failed and result['deprecated'] == [OLD['local']]


def test_addresses_that_do_not_come_fail_and_name_them(run_module, host):
    host.silent = True
    result, failed, _warnings = run_module(slaac_token, ARGS)
    assert failed and result['msg'] == (
        "eth0 has not formed fd7a:b5e0:1b00:3::20 within 2 s of taking the token ::20 (ifupdown): are the LAN's "
        "router advertisements reaching it? rdisc6 eth0 shows them.")
    assert result['deprecated'] == []  # the old address is all the host has


@pytest.mark.parametrize('args, message', [
    (dict(ARGS, networks=['fd99::/64']),
     'No interface of the host holds an address in its LAN (fd99::/64), and it has more than one that is up; set '
     'slaac_token_interface to its interface on that LAN.'),
    (dict(ARGS, interface='eth7'), 'The host has no interface eth7 (slaac_token_interface); it has lo, eth0, eth1.'),
    (dict(ARGS, stack='networkd'), 'slaac_token_network_stack is networkd, and networkd does not configure eth0.'),
])
def test_what_the_module_cannot_do_is_said_before_it_changes_anything(run_module, host, args, message):
    result, failed, _warnings = run_module(slaac_token, args)
    assert failed and result['msg'] == message and host.token == '::'


def test_an_interface_no_stack_configures_is_refused(run_module, host):
    host.stack = 'none'
    result, failed, _warnings = run_module(slaac_token, ARGS)
    assert failed and result['msg'] == (
        'Neither systemd-networkd, NetworkManager nor ifupdown configures eth0, so nothing would keep its token across '
        'a reboot; configure eth0 with one of them.')
