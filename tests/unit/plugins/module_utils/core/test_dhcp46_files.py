# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.homelab.ipv6.plugins.filter.config_writers import dhcp46_files as dhcp46_files_filter
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dhcp46_files import (
    dhcp46_files,
    dhcpd6_config,
    isc_ddns,
    kea_ddns_config,
)
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import site_plan

SITE = {
    'domain': 'home.arpa', 'ula': 'fd7a:b5e0:1b00::/48', 'gua': '2001:db8:5500::/56', 'dns_server': 'gw',
    'lans': [{'name': 'home', 'interface': 'eth1', 'subnet_id': 1, 'ipv4': '198.18.11.0/24', 'mode': 'stateful'},
             {'name': 'iot', 'interface': 'eth2', 'subnet_id': 2, 'mode': 'slaac'}],
    'hosts': [{'name': 'gw', 'iid': '::1', 'lan': 'home'},
              {'name': 'printer', 'mac': '02:00:5e:00:53:22', 'iid': '::22', 'lan': 'home'}],
}
SETTINGS = {'dns_server': 'fd7a:b5e0:1b00:1::1', 'lease_time': 600, 'ntp_servers': ['2001:db8::123', '192.0.2.123'],
            'reverse_zones': ['0.0.b.1.0.e.5.b.a.7.d.f.ip6.arpa', '11.18.198.in-addr.arpa']}
KEY = {'name': 'homelab-ddns.', 'algorithm': 'hmac-sha256', 'secret': 'c2VjcmV0'}


def kea(text):
    # Kea reads // comments; JSON does not.
    return json.loads(''.join(line for line in text.splitlines(True) if not line.startswith('//')))


def test_kea_dhcp6_serves_the_lans_whose_ras_send_clients_to_it():
    plan = site_plan(SITE)
    files = dhcp46_files(plan, plan['lans'], SETTINGS)
    dhcp6 = kea(files['kea_dhcp6'])['Dhcp6']
    assert dhcp6['interfaces-config']['interfaces'] == ['eth1']
    assert (dhcp6['preferred-lifetime'], dhcp6['valid-lifetime']) == (450, 600)
    (subnet,) = dhcp6['subnet6']
    assert subnet['pools'] == [{'pool': '2001:db8:5500:1::1:1 - 2001:db8:5500:1::1:1000'}]
    assert subnet['option-data'] == [{'name': 'dns-servers', 'data': 'fd7a:b5e0:1b00:1::1'},
                                     {'name': 'sntp-servers', 'data': '2001:db8::123'},
                                     {'name': 'domain-search', 'data': 'home.arpa'}]
    assert subnet['reservations'] == [{'hw-address': '02:00:5e:00:53:22', 'ip-addresses': ['2001:db8:5500:1::22'],
                                       'hostname': 'printer'}]
    # Kea 2.5 or later unless told otherwise (Debian 13).
    assert dhcp6['ddns-conflict-resolution-mode'] == 'check-exists-with-dhcid'


def test_a_delegating_slaac_lan_is_served_for_prefixes_alone_by_kea():
    site = json.loads(json.dumps(SITE))
    site['lans'][1].update(delegate=60)
    plan = site_plan(site)
    files = dhcp46_files(plan, plan['lans'], SETTINGS)
    dhcp6 = kea(files['kea_dhcp6'])['Dhcp6']
    assert dhcp6['interfaces-config']['interfaces'] == ['eth1', 'eth2']
    iot = dhcp6['subnet6'][1]
    assert (iot['subnet'], iot['interface'], 'pools' in iot) == ('fd7a:b5e0:1b00:2::/64', 'eth2', False)
    assert iot['pd-pools'] == [{'prefix': '2001:db8:5500:80::', 'prefix-len': 57, 'delegated-len': 60}]
    assert 'pd-pools' not in dhcp6['subnet6'][0]
    # It leases no addresses, so it has no names to send (Kea would drop the request).
    assert (iot['ddns-send-updates'], 'ddns-send-updates' in dhcp6['subnet6'][0]) == (False, False)
    # No route script given: no hook.
    assert 'hooks-libraries' not in dhcp6
    routed = kea(dhcp46_files(plan, plan['lans'], dict(SETTINGS, kea_hooks_dir='/usr/lib/x86_64-linux-gnu/kea/hooks/',
                                                       pd_route_script='/usr/lib/homelab-ipv6/kea-delegated-routes'))
                 ['kea_dhcp6'])['Dhcp6']
    assert routed['hooks-libraries'] == [{'library': '/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_run_script.so',
                                          'parameters': {'name': '/usr/lib/homelab-ipv6/kea-delegated-routes', 'sync': False}}]
    assert 'hooks-libraries' not in kea(dhcp46_files(site_plan(SITE), site_plan(SITE)['lans'], dict(
        SETTINGS, kea_hooks_dir='/x', pd_route_script='/y'))['kea_dhcp6'])['Dhcp6']
    # dhcpd cannot route what it delegates: the role refuses delegate with dhcp46_backend isc.
    assert 'prefix6' not in files['dhcpd6']


def test_a_delegating_stateful_lan_keeps_naming_its_clients():
    site = json.loads(json.dumps(SITE))
    site['lans'][0].update(delegate=64)
    plan = site_plan(site)
    (home,) = kea(dhcp46_files(plan, plan['lans'], SETTINGS)['kea_dhcp6'])['Dhcp6']['subnet6']
    assert home['pd-pools'] == [{'prefix': '2001:db8:5500:80::', 'prefix-len': 57, 'delegated-len': 64}]
    assert 'ddns-send-updates' not in home


def test_without_a_delegation_a_stateful_lan_leases_in_its_ula():
    plan = site_plan(dict(SITE, gua='dhcpv6-pd'))
    (subnet,) = kea(dhcp46_files(plan, plan['lans'], SETTINGS)['kea_dhcp6'])['Dhcp6']['subnet6']
    assert subnet['subnet'] == 'fd7a:b5e0:1b00:1::/64'
    assert subnet['pools'] == [{'pool': 'fd7a:b5e0:1b00:1::1:1 - fd7a:b5e0:1b00:1::1:1000'}]


@pytest.mark.parametrize('conflict_modes, member', [
    (True, ('ddns-conflict-resolution-mode', 'check-exists-with-dhcid')),
    (False, ('ddns-use-conflict-resolution', False)),
])
def test_kea_dhcp4_gets_the_same_dynamic_dns_members(conflict_modes, member):
    plan = site_plan(SITE)
    settings = dict(SETTINGS, kea_conflict_modes=conflict_modes, ddns=True, generated_prefix='dhcp')
    files = dhcp46_files(plan, plan['lans'], settings)
    dhcp4, dhcp6 = kea(files['kea_dhcp4'])['Dhcp4'], kea(files['kea_dhcp6'])['Dhcp6']
    members = [name for name in dhcp4 if name.startswith(('ddns', 'dhcp-ddns', 'hostname'))]
    assert {name: dhcp4[name] for name in members} == {name: dhcp6[name] for name in members}
    assert member in dhcp4.items() and dhcp4['ddns-qualifying-suffix'] == 'home.arpa.'


MOSTLY = dict(SITE, lans=[dict(SITE['lans'][0], ipv6_mostly=True, dns64=True, mode='stateless'), SITE['lans'][1]],
              hosts=SITE['hosts'] + [{'name': 'nas', 'mac': '02:00:5e:00:53:10', 'ipv4': '198.18.11.10', 'lan': 'home'}])


@pytest.mark.parametrize('ipv4_dns, resolver', [(None, None), ('router', '198.18.11.1'), ({'eth1': '198.18.11.53'}, '198.18.11.53')])
def test_kea_dhcp4_serves_each_ipv4_lan_with_its_pool_router_resolver_and_reservations(ipv4_dns, resolver):
    plan = site_plan(MOSTLY)
    dhcp4 = kea(dhcp46_files(plan, plan['lans'], dict(SETTINGS, ipv4_dns=ipv4_dns))['kea_dhcp4'])['Dhcp4']
    assert dhcp4['interfaces-config']['interfaces'] == ['eth1'] and dhcp4['valid-lifetime'] == 600
    (subnet,) = dhcp4['subnet4']
    assert (subnet['subnet'], subnet['pools']) == ('198.18.11.0/24', [{'pool': '198.18.11.100 - 198.18.11.199'}])
    assert subnet['option-data'] == [{'name': 'routers', 'data': '198.18.11.1'}] + (
        [{'name': 'domain-name-servers', 'data': resolver}] if resolver else []) + [
        {'name': 'v6-only-preferred', 'data': '1800'}, {'name': 'ntp-servers', 'data': '192.0.2.123'},
        {'name': 'domain-name', 'data': 'home.arpa'}, {'name': 'domain-search', 'data': 'home.arpa'}]
    assert subnet['reservations'] == [{'hw-address': '02:00:5e:00:53:10', 'ip-address': '198.18.11.10', 'hostname': 'nas'}]


def test_dhcpd_conf_says_the_same_in_dhcpds_words():
    plan = site_plan(MOSTLY)
    text = dhcp46_files(plan, plan['lans'], dict(SETTINGS, ipv4_dns='router', ipv4_router='198.18.11.254',
                                                 ipv6_only_wait=300))['dhcpd']
    assert text.startswith('# Written by homelab.ipv6')
    assert '\nsubnet 198.18.11.0 netmask 255.255.255.0 {\n    range 198.18.11.100 198.18.11.199;\n' \
           '    option routers 198.18.11.254;\n    option domain-name-servers 198.18.11.1;\n' \
           '    option v6-only-preferred 300;\n    option ntp-servers 192.0.2.123;\n}\n' in text
    assert 'host nas {\n    hardware ethernet 02:00:5e:00:53:10;\n    fixed-address 198.18.11.10;\n' \
           '    ddns-hostname "nas";\n}\n' in text
    assert 'max-lease-time 1200;' in text and 'ddns-rev-domainname "in-addr.arpa.";' in text


def test_kea_d2_knows_every_reverse_zone_of_the_site_and_holds_the_key():
    plan = site_plan(SITE)
    d2 = kea(kea_ddns_config(plan, SETTINGS, KEY))['DhcpDdns']
    assert d2['tsig-keys'] == [{'name': 'homelab-ddns', 'algorithm': 'HMAC-SHA256', 'secret': 'c2VjcmV0'}]
    assert d2['forward-ddns']['ddns-domains'] == [
        {'name': 'home.arpa.', 'key-name': 'homelab-ddns', 'dns-servers': [{'ip-address': 'fd7a:b5e0:1b00:1::1'}]}]
    assert [domain['name'] for domain in d2['reverse-ddns']['ddns-domains']] == [
        '0.0.b.1.0.e.5.b.a.7.d.f.ip6.arpa.', '11.18.198.in-addr.arpa.', '0.0.0.0.5.5.8.b.d.0.1.0.0.2.ip6.arpa.']
    assert 'kea_ddns' not in dhcp46_files(plan, plan['lans'], SETTINGS)
    assert 'c2VjcmV0' in dhcp46_files(plan, plan['lans'], SETTINGS, KEY)['kea_ddns']


def test_each_dhcpd_family_registers_names_in_its_own_reverse_tree():
    plan = site_plan(SITE)
    zones4 = [line for line in isc_ddns(plan, dict(SETTINGS, ddns=True), 4).splitlines() if line.startswith('zone ')]
    zones6 = [line for line in isc_ddns(plan, dict(SETTINGS, ddns=True), 6).splitlines() if line.startswith('zone ')]
    key = 'key "homelab-ddns"; }'
    assert zones4 == ['zone home.arpa. { primary6 fd7a:b5e0:1b00:1::1; %s' % key,
                      'zone 11.18.198.in-addr.arpa. { primary6 fd7a:b5e0:1b00:1::1; %s' % key]
    assert zones6 == ['zone home.arpa. { primary6 fd7a:b5e0:1b00:1::1; %s' % key,
                      'zone 0.0.b.1.0.e.5.b.a.7.d.f.ip6.arpa. { primary6 fd7a:b5e0:1b00:1::1; %s' % key]
    assert isc_ddns(plan, dict(SETTINGS, ddns=False), 6) == 'ddns-update-style none;\n'


def test_dhcpd6_leases_in_the_gua_of_a_stateful_lan_with_the_hosts_reserved():
    plan = site_plan(SITE)
    text = dhcpd6_config(plan, plan['lans'], dict(SETTINGS, ddns=False))
    assert 'default-lease-time 600;\npreferred-lifetime 450;\n' in text
    assert ('subnet6 2001:db8:5500:1::/64 {\n    range6 2001:db8:5500:1::1:1 2001:db8:5500:1::1:1000;\n'
            '    option dhcp6.name-servers fd7a:b5e0:1b00:1::1;\n    option dhcp6.sntp-servers 2001:db8::123;\n}\n') in text
    assert 'host printer {\n    hardware ethernet 02:00:5e:00:53:22;\n    fixed-address6 2001:db8:5500:1::22;\n' in text
    assert 'eth2' not in text and 'subnet6 fd7a' not in text


def test_the_filter_names_a_pool_that_is_not_an_interface_id():
    plan = site_plan(SITE)
    with pytest.raises(AnsibleFilterError) as error:
        dhcp46_files_filter(plan, plan['lans'], dict(SETTINGS, ipv6_pool=['::1:1', 'pool']))
    assert str(error.value).startswith('homelab.ipv6.dhcp46_files: dhcp46_ipv6_pool')
