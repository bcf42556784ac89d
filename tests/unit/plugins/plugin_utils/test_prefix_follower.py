# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json
import subprocess

import pytest

from ansible_collections.homelab.ipv6.plugins.module_utils.radvd import configured_prefixes, radvd_config
from ansible_collections.homelab.ipv6.plugins.plugin_utils.prefix_follower import follow
from ansible_collections.homelab.ipv6.plugins.plugin_utils.site import site_plan

NOW = 1796223421
SITE = {
    'domain': 'home.arpa', 'ula': 'fd7a:b5e0:1b00::/48', 'gua': 'dhcpv6-pd', 'dns_server': 'gw',
    'lans': [{'name': 'home', 'interface': 'eth1', 'subnet_id': 1, 'mode': 'slaac'},
             {'name': 'iot', 'interface': 'eth2', 'subnet_id': 2, 'mode': 'stateful'}],
    'hosts': [{'name': 'gw', 'iid': '::1', 'lan': 'home'}],
}


def lease(prefix, reason='BOUND6'):
    return {'reason': reason, 'interface': 'eth0', 'new_dhcp6_ia_pd1_prefix1': prefix,
            'new_dhcp6_ia_pd1_prefix1_length': '56', 'new_dhcp6_ia_pd1_prefix1_pltime': '90',
            'new_dhcp6_ia_pd1_prefix1_vltime': '120'}


class Router:
    """The files the roles leave on a router, in a temporary directory, and the commands run."""

    def __init__(self, tmp_path, radvd=True):
        self.tmp = tmp_path
        self.paths = {name: str(tmp_path / name) for name in ('fact', 'router', 'radvd', 'followed')}
        self.wanted = tmp_path / 'router-addresses'
        self.config = tmp_path / 'radvd.conf'
        self.script = tmp_path / 'homelab-ipv6-addresses'
        self.script.write_text('#!/bin/sh\n')
        self.commands = []
        self.lines = []
        self.fail = None
        (tmp_path / 'router').write_text(json.dumps({
            'site': SITE, 'ula': 'fd7a:b5e0:1b00::/48', 'lans': ['home', 'iot'], 'token': '::1',
            'address_wanted': str(self.wanted), 'address_script': str(self.script)}))
        if radvd:
            (tmp_path / 'radvd').write_text(json.dumps({'lans': ['home', 'iot'], 'config': str(self.config),
                                                        'settings': {'max_interval': 10, 'dnssl': ['home.arpa']}}))
            self.config.write_text(radvd_config(site_plan(SITE)['lans'], {'max_interval': 10, 'dnssl': ['home.arpa']}))

    def run(self, argv, **_kwargs):
        self.commands.append(argv)
        status = 1 if self.fail and self.fail in argv[0:2] else 0
        return subprocess.CompletedProcess(argv, status, stdout='changed\n' if 'addresses' in argv[0] else 'bad')

    def event(self, env, now=NOW):
        return follow(env, now, self.paths, self.run, self.lines.append)

    def fact(self):
        return json.loads((self.tmp / 'fact').read_text())


def test_a_first_delegation_numbers_the_router_and_its_advertisements(tmp_path):
    router = Router(tmp_path)
    assert router.event(lease('2001:db8:5610::')) == 0
    assert router.fact()['prefix'] == '2001:db8:5610::/56'
    assert router.wanted.read_text().splitlines()[2:] == [
        'eth1 fd7a:b5e0:1b00:1::1/64', 'eth1 2001:db8:5610:1::1/64',
        'eth2 fd7a:b5e0:1b00:2::1/64', 'eth2 2001:db8:5610:2::1/64']
    assert configured_prefixes(router.config.read_text()) == [
        'fd7a:b5e0:1b00:1::/64', '2001:db8:5610:1::/64', 'fd7a:b5e0:1b00:2::/64', '2001:db8:5610:2::/64']
    checked = [argv for argv in router.commands if argv[:2] == ['radvd', '--configtest']]
    assert len(checked) == 1 and checked[0][3].endswith('radvd.conf.homelab-check')
    # Nothing departed (the ULAs stay): radvd reloads and keeps the LANs' default route.
    assert router.commands[-1] == ['systemctl', 'reload', 'radvd']
    assert router.lines == [
        'homelab-ipv6 prefix follower: the ISP delegated 2001:db8:5610::/56 on eth0 (was none): moved the '
        "router's addresses on eth1, eth2; advertised fd7a:b5e0:1b00:1::/64, 2001:db8:5610:1::/64, "
        'fd7a:b5e0:1b00:2::/64, 2001:db8:5610:2::/64']
    assert (tmp_path / 'followed').read_text() == '2001:db8:5610::/56'


def test_a_new_prefix_moves_everything_and_deprecates_the_old_at_once(tmp_path):
    router = Router(tmp_path)
    router.event(lease('2001:db8:5610::'))
    router.commands.clear()
    assert router.event(lease('2001:db8:56a0::', 'RENEW6'), NOW + 30) == 0
    assert 'eth1 2001:db8:56a0:1::1/64' in router.wanted.read_text()
    assert '5610' not in router.wanted.read_text() and '5610' not in router.config.read_text()
    assert router.commands[-1] == ['systemctl', 'restart', 'radvd']
    assert router.lines[-1].startswith('homelab-ipv6 prefix follower: the ISP delegated 2001:db8:56a0::/56 on eth0 '
                                       '(was 2001:db8:5610::/56):')
    assert router.lines[-1].endswith('and deprecated 2001:db8:5610:1::/64, 2001:db8:5610:2::/64')


def test_a_renewal_of_the_followed_prefix_only_refreshes_the_fact(tmp_path):
    router = Router(tmp_path)
    router.event(lease('2001:db8:5610::'))
    router.commands.clear()
    assert router.event(lease('2001:db8:5610::', 'RENEW6'), NOW + 30) == 0
    assert router.commands == [] and router.fact()['valid_until'] == NOW + 150 and len(router.lines) == 1


def test_a_lost_delegation_leaves_the_ula_and_comes_back(tmp_path):
    router = Router(tmp_path)
    router.event(lease('2001:db8:5610::'))
    assert router.event({'reason': 'EXPIRE6', 'interface': 'eth0'}, NOW + 120) == 0
    assert '2001:' not in router.wanted.read_text() and '2001:' not in router.config.read_text()
    assert router.lines[-1].startswith('homelab-ipv6 prefix follower: the ISP delegates no prefix on eth0 any more '
                                       '(it was 2001:db8:5610::/56); the LANs keep their ULA:')
    assert router.event(lease('2001:db8:5610::', 'REBIND6'), NOW + 200) == 0
    assert 'eth1 2001:db8:5610:1::1/64' in router.wanted.read_text()


def test_events_without_a_lease_change_nothing(tmp_path):
    router = Router(tmp_path)
    assert router.event({'reason': 'ROUTERADVERT', 'interface': 'eth0'}) == 0
    assert not (tmp_path / 'fact').exists() and router.commands == [] and router.lines == []


def test_a_router_without_radvd_moves_its_addresses_alone(tmp_path):
    router = Router(tmp_path, radvd=False)
    assert router.event(lease('2001:db8:5610::')) == 0
    assert router.commands == [[str(router.script)]]


def test_before_the_role_installed_its_address_script_only_the_file_is_written(tmp_path):
    router = Router(tmp_path, radvd=False)
    router.script.unlink()
    assert router.event(lease('2001:db8:5610::')) == 0
    assert router.commands == [] and 'eth1 2001:db8:5610:1::1/64' in router.wanted.read_text()


def test_a_config_radvd_refuses_is_not_installed_and_the_next_event_tries_again(tmp_path):
    router = Router(tmp_path)
    before = router.config.read_text()
    router.fail = '--configtest'
    assert router.event(lease('2001:db8:5610::')) == 1
    assert router.config.read_text() == before and not (tmp_path / 'radvd.conf.homelab-check').exists()
    assert not (tmp_path / 'followed').exists()
    assert 'but following it failed: radvd --configtest --config' in router.lines[-1]
    assert "(done before it: moved the router's addresses on eth1, eth2)" in router.lines[-1]
    router.fail = None
    assert router.event(lease('2001:db8:5610::', 'RENEW6'), NOW + 30) == 0
    assert '2001:db8:5610:1::/64' in router.config.read_text()


@pytest.mark.parametrize('prefix, message', [
    # The ISP gave a /63 where a /56 was asked for: subnet id 2 needs two bits.
    ('2001:db8:5610::/63', 'homelab_site.lans[1].subnet_id: subnet id 2 does not fit in the 1 subnet bits of the '
                           'prefix delegated by DHCPv6-PD 2001:db8:5610::/63'),
])
def test_a_delegation_the_lans_do_not_fit_in_is_logged_and_changes_nothing(tmp_path, prefix, message):
    router = Router(tmp_path)
    before = router.config.read_text()
    network, length = prefix.split('/')
    assert router.event(dict(lease(network), new_dhcp6_ia_pd1_prefix1_length=length)) == 1
    assert message in router.lines[-1] and router.config.read_text() == before and router.commands == []


def test_without_the_roles_files_the_follower_says_what_to_run(tmp_path):
    router = Router(tmp_path)
    (tmp_path / 'router').unlink()
    assert router.event(lease('2001:db8:5610::')) == 1
    assert router.lines[-1].endswith('is missing: run site.yml once')
