# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filters as Python: each passes values through to the core and names itself in errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from ansible.errors import AnsibleFilterError

from ansible_collections.homelab.ipv6.plugins.filter import address_plan as report, addresses, config_writers, role_checks, site
from ansible_collections.homelab.ipv6.plugins.filter.address_plan import address_plan_questions
from ansible_collections.homelab.ipv6.plugins.filter.addresses import eui64, ipv6_kind, nat64, ptr, ptr_zone, sixrd, ula_subnet
from ansible_collections.homelab.ipv6.plugins.filter.site import (
    fixed_address,
    host_records,
    inventory_host,
    lan_addresses,
    lan_networks,
    router_interface_id,
    served_lans,
    site_host,
    site_plan,
    site_zones,
)

FILTERS = Path(__file__).resolve().parents[4] / 'plugins' / 'filter'
FAMILIES = (report, addresses, config_writers, role_checks, site)


def test_every_filter_has_its_documentation_beside_its_family_and_no_documentation_is_left_over():
    offered = [name for family in FAMILIES for name in family.FilterModule().filters()]
    assert len(offered) == len(set(offered))
    assert sorted(offered) == sorted(path.stem for path in FILTERS.glob('*.yml'))


@pytest.mark.parametrize('family', FAMILIES, ids=lambda module: module.__name__.rsplit('.', 1)[-1])
def test_each_documentation_names_its_filter(family):
    for name in family.FilterModule().filters():
        assert yaml.safe_load((FILTERS / (name + '.yml')).read_text())['DOCUMENTATION']['name'] == name


@pytest.mark.parametrize('function, args, expected', [
    (eui64, ('20:c9:d0:8b:02:b5',), '::22c9:d0ff:fe8b:2b5'),
    (eui64, ('20c9.d08b.02b5', 'fe80::/64'), 'fe80::22c9:d0ff:fe8b:2b5'),
    (ptr, ('2001:db8::1',), '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.'),
    (ptr_zone, ('2001:db8::/32',), '8.b.d.0.1.0.0.2.ip6.arpa.'),
    (ptr_zone, ('2001:db8::/32', True), ['8.b.d.0.1.0.0.2.ip6.arpa.']),
    (nat64, ('192.0.2.33',), '64:ff9b::192.0.2.33'),
    (nat64, ('192.0.2.33', '2001:db8::/32'), '2001:db8:c000:221::'),
    (sixrd, ('203.0.113.45', '2001:e41::/32'), '2001:e41:cb00:712d::/64'),
    (sixrd, ('10.100.100.1', '2001:db8::/32', 8), '2001:db8:6464:100::/56'),
    (ula_subnet, ('fd12:3456:789a::/48', 1), 'fd12:3456:789a:1::/64'),
    (fixed_address, ('fd12:3456:789a:1::/64', '::100'), 'fd12:3456:789a:1::100'),
])
def test_values(function, args, expected):
    assert function(*args) == expected


def test_lan_addresses_value():
    plan = site_plan({'domain': 'home.arpa', 'lans': [{'name': 'lan', 'interface': 'eth1', 'subnet_id': 1,
                                                       'ipv4': '198.18.21.0/24'}]}, 'fd12:3456:789a::/48')
    assert lan_addresses(['fd12:3456:789a:1::100', '198.18.20.5', '198.18.21.5', '::1'], plan) == [
        '198.18.21.5', 'fd12:3456:789a:1::100']
    with pytest.raises(AnsibleFilterError, match="^homelab.ipv6.lan_addresses: addresses\\[0\\]: 'x' is not"):
        lan_addresses(['x'], plan)


def test_router_interface_id_value():
    plan = site_plan({'domain': 'home.arpa', 'lans': [{'name': 'lan', 'interface': 'eth1', 'subnet_id': 1}],
                                'hosts': [{'name': 'gw', 'iid': '::fe'}]}, 'fd12:3456:789a::/48')
    assert router_interface_id(plan, 'GW.lab') == '::fe'
    assert router_interface_id(plan, 'other') == '::1'
    with pytest.raises(AnsibleFilterError, match="^homelab.ipv6.router_interface_id: hostname: expected a host name"):
        router_interface_id(plan, None)


def test_address_plan_questions_value():
    plan = site_plan({'domain': 'home.arpa', 'lans': [{'name': 'lan', 'interface': 'eth1', 'subnet_id': 1}],
                                'hosts': [{'name': 'nas', 'iid': '::10'}]}, 'fd12:3456:789a::/48')
    hosts = {'nas': {'interfaces': {'eth0': ['fd12:3456:789a:1::10', 'fe80::10'], 'eth1': ['198.18.21.9']}}}
    assert address_plan_questions(plan, hosts) == [
        'AAAA nas.home.arpa', 'A nas.home.arpa', 'PTR fd12:3456:789a:1::10', 'PTR 198.18.21.9']


def test_host_records_value():
    plan = site_plan({'domain': 'home.arpa', 'lans': [{'name': 'lan', 'interface': 'eth1', 'subnet_id': 1}],
                                'hosts': [{'name': 'nas', 'iid': '::10', 'lan': 'lan'}]}, 'fd12:3456:789a::/48')
    assert host_records(plan) == [
        {'name': 'nas.home.arpa.', 'type': 'AAAA', 'values': ['fd12:3456:789a:1::10']}]
    with pytest.raises(AnsibleFilterError, match='^homelab.ipv6.host_records: reverse_zones'):
        host_records(plan, 'x.ip6.arpa')


def test_site_plan_value():
    plan = site_plan({'domain': 'home.arpa', 'lans': [{'name': 'lan', 'interface': 'eth1', 'subnet_id': 1}]},
                     'fd12:3456:789a::/48')
    assert plan['lans'][0]['ula_prefix'] == 'fd12:3456:789a:1::/64'


def test_ipv6_kind_value():
    assert ipv6_kind('fe80::1%eth0')['kind'] == 'link-local'


@pytest.mark.parametrize('function, args, message', [
    (eui64, ('ff:ff:ff:ff:ff:ff',),
     "homelab.ipv6.eui64: MAC address 'ff:ff:ff:ff:ff:ff' is a group (multicast) address; "
     "an interface identifier comes from an individual (unicast) MAC"),
    (ptr, ('2001:db8::1/64',), "homelab.ipv6.ptr: '2001:db8::1/64' is not an IP address"),
    (ptr_zone, ('2001:db8::/33',),
     "homelab.ipv6.ptr_zone: '2001:db8::/33' is a /33, but ip6.arpa zones start on a nibble boundary "
     "(a multiple of 4 bits): use /32 or /36, or ask for the covering zones"),
    (nat64, ('192.0.2.33', '64:ff9b::/95'),
     "homelab.ipv6.nat64: NAT64 prefix '64:ff9b::/95' is a /95; RFC 6052 allows /32, /40, /48, /56, /64 or /96"),
    (sixrd, ('192.0.2.1', '2001:db8::/32', 40), 'homelab.ipv6.sixrd: ipv4_mask_len 40 is not an integer from 0 to 32'),
    (ula_subnet, ('fd12:3456:789a::/48', 70000),
     'homelab.ipv6.ula_subnet: subnet_id 70000 is not an integer from 0 to 65535'),
    (ipv6_kind, ('fe80::1%',), "homelab.ipv6.ipv6_kind: 'fe80::1%' has an empty zone after '%'"),
    (fixed_address, ('fd12:3456:789a:1::/64', '::'),
     "homelab.ipv6.fixed_address: iid: '::' is the subnet-router anycast address, not a host's interface id"),
    (site_plan, ({'domain': 'home.arpa', 'ula': 'fc01::/48'},),
     "homelab.ipv6.site_plan: homelab_site.ula: ULA prefix 'fc01::/48' is in fc00::/8, where the L bit is 0: that "
     "half is reserved for a centrally assigned ULA that does not exist; a site ULA starts with fd "
     "(RFC 4193 section 3.1)"),
])
def test_bad_input_names_the_filter_and_the_value(function, args, message):
    with pytest.raises(AnsibleFilterError) as error:
        function(*args)
    assert error.value.message == message


def test_site_lookups_pass_through_to_the_core():
    plan = site_plan({'domain': 'home.arpa', 'lans': [{'name': 'lan', 'interface': 'eth1', 'subnet_id': 1,
                                                       'ipv4': '198.18.21.0/24'}],
                                'hosts': [{'name': 'gw', 'iid': '::fe'}]}, 'fd12:3456:789a::/48')
    assert [lan['name'] for lan in served_lans(plan, ['lan'], 'radvd_lans', ['eth1'], 'gw')] == ['lan']
    with pytest.raises(AnsibleFilterError, match="^homelab.ipv6.served_lans: radvd_lans\\[0\\]: 'x' is not a LAN"):
        served_lans(plan, ['x'], 'radvd_lans')
    assert site_host(plan, 'GW.lab')['iid'] == '::fe'
    assert inventory_host('gw', ['client', 'gw.lab']) == 'gw.lab'
    assert lan_networks(plan['lans']) == ['fd12:3456:789a:1::/64', '198.18.21.0/24']
    assert site_zones(plan) == ['home.arpa', 'a.9.8.7.6.5.4.3.2.1.d.f.ip6.arpa',
                                '21.18.198.in-addr.arpa']


KEY_FILE = 'key "homelab-ddns" {\n\talgorithm hmac-sha256;\n\tsecret "c2VjcmV0IHNlY3JldCBzZWNyZXQ=";\n};\n'


def test_tsig_key_reads_a_key_file_as_bind_does():
    assert config_writers.tsig_key(KEY_FILE, 'homelab-ddns') == {
        'name': 'homelab-ddns', 'algorithm': 'hmac-sha256', 'secret': 'c2VjcmV0IHNlY3JldCBzZWNyZXQ='}
    assert config_writers.tsig_key('// a comment\n' + KEY_FILE)['name'] == 'homelab-ddns'


def test_tsig_key_names_what_is_wrong_and_never_the_secret():
    with pytest.raises(AnsibleFilterError) as error:
        config_writers.tsig_key(KEY_FILE, 'other', '/etc/bind/homelab-ddns.key')
    assert error.value.message == 'homelab.ipv6.tsig_key: /etc/bind/homelab-ddns.key has no key named other'
    with pytest.raises(AnsibleFilterError) as error:
        config_writers.tsig_key(KEY_FILE.replace('c2VjcmV0IHNlY3JldCBzZWNyZXQ=', 'not base64!'))
    assert 'not base64' in error.value.message and 'not base64!' not in error.value.message
