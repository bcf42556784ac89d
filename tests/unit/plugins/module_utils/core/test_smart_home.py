# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The router's part of the smart home: avahi's reflector on the LANs that opt in, the LANs it
learns Thread routes on, and the firewall data of the LANs' reach."""

from __future__ import annotations

import pytest

from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import site_plan
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_values import SiteError
from ansible_collections.homelab.ipv6.plugins.module_utils._core.smart_home import avahi_config, router_smart_home, service_types

SITE = {
    'domain': 'home.arpa',
    'ula': 'fd7a:b5e0:1b00::/48',
    'lans': [
        {'name': 'home', 'interface': 'eth1', 'subnet_id': 1, 'mdns': True, 'reaches': ['iot']},
        {'name': 'iot', 'interface': 'eth2', 'subnet_id': 2, 'mdns': True, 'thread_routes': True},
        {'name': 'guest', 'interface': 'eth3', 'subnet_id': 3},
    ],
}


def lans():
    return site_plan(SITE)['lans']


def test_the_reflector_joins_the_opted_in_lans_alone_and_publishes_nothing_of_its_own():
    found = router_smart_home(site_plan(SITE), lans(), [])
    assert found['mdns_interfaces'] == ['eth1', 'eth2']
    assert found['mdns_lans'] == ['home', 'iot']
    config = found['avahi_config']
    assert 'allow-interfaces=eth1,eth2\n' in config
    assert 'enable-reflector=yes\n' in config and 'disable-publishing=yes\n' in config
    assert 'reflect-filters' not in config


def test_listed_service_types_become_the_reflectors_filter():
    assert 'reflect-filters=_airplay._tcp,_ipp._tcp\n' in avahi_config(['eth1'], service_types(['_ipp._tcp', '_airplay._tcp']))


def test_one_opted_in_lan_has_nothing_to_relay_to():
    only = [dict(lan, mdns=lan['name'] == 'home') for lan in lans()]
    found = router_smart_home(site_plan(SITE), only, [])
    assert found['mdns_interfaces'] == [] and found['avahi_config'] == ''
    assert not [rule for rule in found['firewall'] if rule.get('to_port') == '5353']


def test_the_thread_lans_and_the_firewall_data():
    found = router_smart_home(site_plan(SITE), lans(), [])
    assert found['thread_interfaces'] == {'eth2': 'iot'}
    assert found['thread_settings'] == {'interfaces': {'eth2': 'iot'}, 'own_prefixes': ['fd7a:b5e0:1b00::/48']}
    rules = found['firewall']
    assert rules[0] == {'route': True, 'interface': 'eth1', 'interface_out': 'eth2', 'comment': 'home reaches iot'}
    assert [lan['name'] for lan in rules[1]['lans']] == ['home', 'iot']
    assert (rules[1]['proto'], rules[1]['to_port'], rules[1]['comment']) == ('udp', '5353', 'mdns from {name}')
    assert [lan['name'] for lan in rules[2]['lans']] == ['iot']
    assert (rules[2]['interface'], rules[2]['interface_out'], rules[2]['to_ip']) == ('{interface}', '{interface}', 'fc00::/7')


def test_a_lan_reached_on_another_router_gives_this_one_no_rule():
    served = [lan for lan in lans() if lan['name'] != 'iot']
    assert router_smart_home(site_plan(SITE), served, [])['firewall'] == []


@pytest.mark.parametrize('value, message', [
    ('_ipp._tcp', "router_mdns_service_types: '_ipp._tcp' is not a list of service types such as [_ipp._tcp, _airplay._tcp]"),
    (['ipp._tcp'], "router_mdns_service_types[0]: 'ipp._tcp' is not a DNS-SD service type; write one as _ipp._tcp"),
    (['_ipp._sctp'], "router_mdns_service_types[0]: '_ipp._sctp' is not a DNS-SD service type"),
    (['_ipp._tcp', '_a-very-long-service._tcp'], "router_mdns_service_types[1]: '_a-very-long-service._tcp' is not"),
    (['_-ipp._tcp'], "router_mdns_service_types[0]: '_-ipp._tcp' is not"),
    (['_ip--p._tcp'], "router_mdns_service_types[0]: '_ip--p._tcp' is not"),
    (['_631._tcp'], "router_mdns_service_types[0]: '_631._tcp' is not"),
    ([None], 'router_mdns_service_types[0]: null is not'),
])
def test_bad_service_types_are_named(value, message):
    with pytest.raises(SiteError) as error:
        service_types(value)
    assert str(error.value).startswith(message)


def test_good_service_types_are_kept_once_in_order():
    assert service_types(['_ipp._tcp', '_googlecast._tcp', '_ipp._tcp', '_hap._udp', '_x-1._tcp']) == \
        ['_googlecast._tcp', '_hap._udp', '_ipp._tcp', '_x-1._tcp']


def test_a_bad_service_type_is_the_routers_problem_before_anything_changes():
    found = router_smart_home(site_plan(SITE), lans(), ['ipp'])
    assert found['problem'].startswith("router_mdns_service_types[0]: 'ipp' is not a DNS-SD service type")
