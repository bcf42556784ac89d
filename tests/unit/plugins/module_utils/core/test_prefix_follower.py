# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json
import subprocess

import dns.name
import dns.rcode
import dns.rdatatype
import pytest

from ansible_collections.homelab.ipv6.plugins.module_utils._core.radvd import configured_prefixes, radvd_config
from ansible_collections.homelab.ipv6.plugins.module_utils._core.bind_files import bind_files
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dhcp46_files import dhcp46_files
from ansible_collections.homelab.ipv6.plugins.module_utils._core.prefix_follower import follow
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import site_plan
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_queries import site_zones
from ansible_collections.homelab.ipv6.plugins.module_utils._core.unbound_dns64 import unbound_dns64_config

from ansible_collections.homelab.ipv6.tests.unit.plugins.fake_primary import KEY_FILE, FakePrimary

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

    def __init__(self, tmp_path, radvd=True, dns=None):
        self.tmp = tmp_path
        self.paths = {name: str(tmp_path / name)
                      for name in ('fact', 'router', 'radvd', 'dns_bind', 'dns_bind_fact', 'followed')}
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
        if dns is not None:
            # The resolver as the dns_bind role left it before any delegation: ULA zones only.
            (tmp_path / 'zones').mkdir()
            (tmp_path / 'key').write_text(KEY_FILE)
            settings = {'server_name': 'gw', 'gua_reverse': True, 'key_file': str(tmp_path / 'key'),
                        'zone_dir': str(tmp_path / 'zones'), 'ttl': 600}
            files = bind_files(site_plan(SITE), settings)
            (tmp_path / 'named.conf.options').write_text(files['options'])
            (tmp_path / 'named.conf.local').write_text(files['local'])
            for zone in files['zones']:
                (tmp_path / 'zones' / ('db.' + zone)).write_text(files['zone_files'][zone])
            (tmp_path / 'dns_bind_fact').write_text(json.dumps({'domain': 'home.arpa', 'zones': files['zones'],
                                                                'key': {'name': 'homelab-ddns'}}))
            (tmp_path / 'dns_bind').write_text(json.dumps({
                'settings': settings, 'records': [], 'server': '127.0.0.1', 'port': dns.port,
                'options_file': str(tmp_path / 'named.conf.options'), 'local_file': str(tmp_path / 'named.conf.local')}))

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
    # The ISP granted 90/120 s: the GUA is advertised no longer (RFC 9096), the ULA as before.
    text = router.config.read_text()
    assert text.count('AdvPreferredLifetime 90;') == 2 and text.count('AdvValidLifetime 120;') == 2
    assert 'AdvPreferredLifetime 2700;' not in text
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


def test_a_renewal_with_other_lifetimes_rewrites_radvd_alone(tmp_path):
    router = Router(tmp_path)
    router.event(lease('2001:db8:5610::'))
    router.commands.clear()
    shorter = dict(lease('2001:db8:5610::', 'RENEW6'), new_dhcp6_ia_pd1_prefix1_pltime='30',
                   new_dhcp6_ia_pd1_prefix1_vltime='60')
    assert router.event(shorter, NOW + 30) == 0
    text = router.config.read_text()
    assert text.count('AdvPreferredLifetime 30;') == 2 and text.count('AdvValidLifetime 60;') == 2
    # The same prefixes: radvd reloads, and nothing else is run.
    assert [argv for argv in router.commands if argv[0] != 'radvd'] == [['systemctl', 'reload', 'radvd']]
    assert router.lines[-1] == (
        'homelab-ipv6 prefix follower: the ISP renewed 2001:db8:5610::/56 on eth0 for 30/60 s (preferred/valid): '
        'advertised fd7a:b5e0:1b00:1::/64, 2001:db8:5610:1::/64, fd7a:b5e0:1b00:2::/64, 2001:db8:5610:2::/64')


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


ULA_ZONE = '0.0.b.1.0.e.5.b.a.7.d.f.ip6.arpa.'
OLD_ZONE, NEW_ZONE = '0.0.0.1.6.5.8.b.d.0.1.0.0.2.ip6.arpa.', '0.0.0.a.6.5.8.b.d.0.1.0.0.2.ip6.arpa.'


def aaaa(fake, owner):
    rrset = fake.records.get((dns.name.from_text(owner), dns.rdatatype.AAAA))
    return sorted(rdata.to_text() for rdata in rrset) if rrset else []


def test_the_resolver_serves_the_new_reverse_zone_and_the_hosts_move_in_dns(tmp_path):
    fake = FakePrimary(zones=tuple(dns.name.from_text(zone) for zone in ('home.arpa.', ULA_ZONE, OLD_ZONE, NEW_ZONE)))
    with fake.serving():
        router = Router(tmp_path, dns=fake)
        assert router.event(lease('2001:db8:5610::')) == 0
        assert (tmp_path / 'zones' / ('db.' + OLD_ZONE.rstrip('.'))).exists()
        assert 'zone "%s"' % OLD_ZONE.rstrip('.') in (tmp_path / 'named.conf.local').read_text()
        assert '    2001:db8:5610:1::/64;' in (tmp_path / 'named.conf.options').read_text()
        assert aaaa(fake, 'gw.home.arpa.') == ['2001:db8:5610:1::1', 'fd7a:b5e0:1b00:1::1']
        checks = [argv[:2] for argv in router.commands if argv[0].startswith('named-check')]
        assert ['named-checkzone', '-q'] in checks and ['named-checkconf', str(tmp_path / 'named.conf.local.homelab-check')] \
            in [argv for argv in router.commands if argv[0] == 'named-checkconf' and len(argv) == 2]
        assert ['rndc', 'reconfig'] in router.commands
        assert 'rewrote zone %s, named.conf.options, named.conf.local; updated ' % OLD_ZONE.rstrip('.') in router.lines[-1]

        router.commands.clear()
        assert router.event(lease('2001:db8:56a0::', 'RENEW6'), NOW + 30) == 0
        local = (tmp_path / 'named.conf.local').read_text()
        assert 'zone "%s"' % NEW_ZONE.rstrip('.') in local and OLD_ZONE.rstrip('.') not in local
        # The old prefix stays in the ACL alone (its clients keep their addresses until their next
        # lease), and named no longer listens in it.
        acl, rest = (tmp_path / 'named.conf.options').read_text().split('};', 1)
        assert '    2001:db8:56a0:1::/64;' in acl and '    2001:db8:5610::/56;' in acl
        assert '5610' not in rest and '2001:db8:5610:1::/64' not in acl
        assert aaaa(fake, 'gw.home.arpa.') == ['2001:db8:56a0:1::1', 'fd7a:b5e0:1b00:1::1']
        # The zones in dns_bind's local fact, as the role writes it (sorted JSON), for dhcp46 and DNS64.
        kept = (tmp_path / 'dns_bind_fact').read_text()
        assert json.loads(kept)['zones'] == ['home.arpa', ULA_ZONE.rstrip('.'), NEW_ZONE.rstrip('.')]
        assert kept == json.dumps(json.loads(kept), indent=2, sort_keys=True) + '\n'
        ptr = fake.records[(dns.name.from_text('1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.0.a.6.5.8.b.d.0.1.0.0.2.ip6.arpa.'),
                            dns.rdatatype.PTR)]
        assert [rdata.to_text() for rdata in ptr] == ['gw.home.arpa.']

        # Nothing moved: nothing is written, and no update is sent.
        updates = len(fake.updates)
        assert router.event(lease('2001:db8:56a0::', 'RENEW6'), NOW + 40) == 0
        assert len(fake.updates) == updates


def test_a_resolver_that_refuses_the_updates_is_said_and_tried_again(tmp_path):
    fake = FakePrimary(rcode=dns.rcode.REFUSED,
                       zones=tuple(dns.name.from_text(zone) for zone in ('home.arpa.', ULA_ZONE, OLD_ZONE)))
    with fake.serving():
        router = Router(tmp_path, dns=fake)
        assert router.event(lease('2001:db8:5610::')) == 1
        assert 'but following it failed:' in router.lines[-1] and 'REFUSED' in router.lines[-1]
        assert router.lines[-1].endswith('the next lease event tries again')
        assert not (tmp_path / 'followed').exists()


def dhcp_router(tmp_path, backend='kea', ddns=True):
    """A router that is its LANs' DHCP server too, as the dhcp46 role left it before any delegation."""
    router = Router(tmp_path)
    (tmp_path / 'dhcp-key').write_text(KEY_FILE)
    settings = {'ddns': ddns, 'dns_server': 'fd7a:b5e0:1b00:1::1', 'lease_time': 600, 'kea_conflict_modes': False}
    paths = {name: str(tmp_path / name) for name in ('kea_ddns', 'kea_dhcp6', 'dhcpd6')}
    files = dhcp46_files(site_plan(SITE), site_plan(SITE)['lans'], settings,
                         {'name': 'homelab-ddns', 'algorithm': 'hmac-sha256', 'secret': 'c2VjcmV0'} if ddns else None)
    for name in paths:
        if name in files:
            (tmp_path / name).write_text(files[name])
    (tmp_path / 'dhcp46').write_text(json.dumps({
        'backend': backend, 'lans': ['home', 'iot'], 'settings': settings, 'paths': paths,
        'key_file': str(tmp_path / 'dhcp-key') if backend == 'kea' and ddns else None, 'zones_fact': None}))
    router.paths['dhcp46'] = str(tmp_path / 'dhcp46')
    return router


def kea_json(path):
    return json.loads(''.join(line for line in path.read_text().splitlines(True) if not line.startswith('//')))


def test_a_stateful_lan_leases_in_the_new_prefix_and_kea_registers_it_in_the_new_reverse_zone(tmp_path):
    router = dhcp_router(tmp_path)
    assert router.event(lease('2001:db8:5610::')) == 0
    (subnet,) = kea_json(tmp_path / 'kea_dhcp6')['Dhcp6']['subnet6']
    assert subnet['subnet'] == '2001:db8:5610:2::/64'
    assert subnet['pools'] == [{'pool': '2001:db8:5610:2::1:1 - 2001:db8:5610:2::1:1000'}]
    reverse = kea_json(tmp_path / 'kea_ddns')['DhcpDdns']['reverse-ddns']['ddns-domains']
    assert '0.0.0.1.6.5.8.b.d.0.1.0.0.2.ip6.arpa.' in [domain['name'] for domain in reverse]
    # The key the file holds comes from the key file, as the role writes it.
    assert kea_json(tmp_path / 'kea_ddns')['DhcpDdns']['tsig-keys'][0]['name'] == 'homelab-ddns'
    checks = [argv[:-1] for argv in router.commands if argv[-1].endswith('.homelab-check')]
    assert ['kea-dhcp-ddns', '-t'] in checks and ['kea-dhcp6', '-t'] in checks
    restarts = [argv for argv in router.commands if argv[:2] == ['systemctl', 'restart']]
    assert restarts == [['systemctl', 'restart', 'kea-dhcp-ddns-server'], ['systemctl', 'restart', 'kea-dhcp6-server']]
    assert router.lines[-1].endswith('rewrote kea_ddns, kea_dhcp6; DHCPv6 leases in 2001:db8:5610:2::/64')
    # At the loss of the delegation the stateful LAN leases in its ULA.
    assert router.event({'reason': 'EXPIRE6', 'interface': 'eth0'}, NOW + 120) == 0
    (subnet,) = kea_json(tmp_path / 'kea_dhcp6')['Dhcp6']['subnet6']
    assert subnet['subnet'] == 'fd7a:b5e0:1b00:2::/64'


def test_the_follower_writes_the_dhcp_files_the_role_writes(tmp_path):
    router = dhcp_router(tmp_path, backend='isc')
    router.event(lease('2001:db8:5610::'))
    delegated = site_plan(SITE, None, None, router.fact())
    settings = json.loads((tmp_path / 'dhcp46').read_text())['settings']
    assert (tmp_path / 'dhcpd6').read_text() == dhcp46_files(delegated, delegated['lans'], settings)['dhcpd6']
    assert ['systemctl', 'restart', 'homelab-dhcpd6'] in router.commands
    assert 'range6 2001:db8:5610:2::1:1 2001:db8:5610:2::1:1000;' in (tmp_path / 'dhcpd6').read_text()


def test_a_dhcp_config_its_server_refuses_is_not_installed(tmp_path):
    router = dhcp_router(tmp_path)
    before = (tmp_path / 'kea_dhcp6').read_text()
    router.fail = 'kea-dhcp6'
    assert router.event(lease('2001:db8:5610::')) == 1
    assert (tmp_path / 'kea_dhcp6').read_text() == before
    assert 'following it failed: kea-dhcp6 -t' in router.lines[-1] and 'the next lease event tries again' in router.lines[-1]
    assert not (tmp_path / 'followed').exists()


def dns64_router(tmp_path, zones_fact=False):
    """A router that is the DNS64 resolver of its LAN iot too, as the dns64_nat64 role left it
    before any delegation (with the resolver's zones in dns_bind's local fact, or none)."""
    router = Router(tmp_path)
    settings = {'backend': 'tayga', 'dnssec': False, 'synthall': False, 'home_server': '::1', 'forwarders': []}
    plan = site_plan(SITE)
    if zones_fact:
        (tmp_path / 'dns_bind_fact').write_text(json.dumps({'zones': ['home.arpa', ULA_ZONE.rstrip('.')]}))
    zones = json.loads((tmp_path / 'dns_bind_fact').read_text())['zones'] if zones_fact else site_zones(plan)
    (tmp_path / 'unbound').write_text(unbound_dns64_config([plan['lans'][1]], plan['nat64_prefix'], zones, settings))
    (tmp_path / 'dns64_nat64').write_text(json.dumps({
        'lans': ['iot'], 'settings': settings, 'config': str(tmp_path / 'unbound'),
        'zones_fact': str(tmp_path / 'dns_bind_fact') if zones_fact else None}))
    router.paths['dns64_nat64'] = str(tmp_path / 'dns64_nat64')
    return router


def test_dns64_answers_the_new_prefix_and_asks_the_resolver_for_its_new_reverse_zone(tmp_path):
    router = dns64_router(tmp_path, zones_fact=True)
    assert router.event(lease('2001:db8:5610::')) == 0
    text = (tmp_path / 'unbound').read_text()
    assert '    access-control: 2001:db8:5610:2::/64 allow\n' in text
    checked = [argv for argv in router.commands if argv[0] == 'unbound-checkconf']
    assert len(checked) == 1 and checked[0][1].endswith('unbound.homelab-check')
    assert router.commands[-1] == ['systemctl', 'restart', 'unbound']
    assert router.lines[-1].endswith('; rewrote unbound')
    # The resolver's step (dns_bind, here on the same router) left its new zones in its fact.
    (tmp_path / 'dns_bind_fact').write_text(json.dumps({'zones': ['home.arpa', ULA_ZONE.rstrip('.'),
                                                                  NEW_ZONE.rstrip('.')]}))
    assert router.event(lease('2001:db8:56a0::', 'RENEW6'), NOW + 30) == 0
    text = (tmp_path / 'unbound').read_text()
    assert '5610' not in text and '    access-control: 2001:db8:56a0:2::/64 allow\n' in text
    assert 'stub-zone:\n    name: "%s"\n    stub-addr: ::1\n' % NEW_ZONE.rstrip('.') in text


def test_the_follower_writes_the_dns64_file_the_role_writes(tmp_path):
    router = dns64_router(tmp_path)
    router.event(lease('2001:db8:5610::'))
    delegated = site_plan(SITE, None, None, router.fact())
    state = json.loads((tmp_path / 'dns64_nat64').read_text())
    assert (tmp_path / 'unbound').read_text() == unbound_dns64_config(
        [delegated['lans'][1]], delegated['nat64_prefix'], site_zones(delegated), state['settings'])
    # At the loss of the delegation the LAN is answered in its ULA alone.
    assert router.event({'reason': 'EXPIRE6', 'interface': 'eth0'}, NOW + 120) == 0
    assert [line for line in (tmp_path / 'unbound').read_text().splitlines() if line.endswith(' allow')] == [
        '    access-control: fd7a:b5e0:1b00:2::/64 allow']


def test_a_dns64_file_unbound_refuses_is_not_installed(tmp_path):
    router = dns64_router(tmp_path)
    before = (tmp_path / 'unbound').read_text()
    router.fail = 'unbound-checkconf'
    assert router.event(lease('2001:db8:5610::')) == 1
    assert (tmp_path / 'unbound').read_text() == before
    assert 'following it failed: unbound-checkconf' in router.lines[-1]
    assert ['systemctl', 'restart', 'unbound'] not in router.commands
