# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import copy

import pytest

from ansible_collections.homelab.ipv6.plugins.module_utils._core.inbound import (
    inbound_services, ip6tables_rules, ipv4_route_rules, nat44_rules, router_inbound,
)
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import site_plan
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_values import SiteError

SITE = {
    'domain': 'home.arpa',
    'ula': 'fd7a:b5e0:1b00::/48',
    'gua': '2001:db8:5500::/56',
    'lans': [
        {'name': 'home', 'interface': 'eth1', 'subnet_id': 1, 'ipv4': '192.0.2.0/24'},
        {'name': 'iot', 'interface': 'eth2', 'subnet_id': 2},
    ],
    'hosts': [
        {'name': 'gw', 'iid': '::1', 'lan': 'home'},
        {'name': 'nas', 'iid': '::10', 'lan': 'home', 'ipv4': '192.0.2.10'},
        {'name': 'game', 'iid': '::20', 'lan': 'iot'},
        {'name': 'tv', 'lan': 'iot'},
    ],
}


def services(*inbound_by_host):
    """The site plan's inbound services of SITE with ``inbound`` set on hosts by index: (index,
    inbound) pairs."""
    site = copy.deepcopy(SITE)
    for index, inbound in inbound_by_host:
        site['hosts'][index]['inbound'] = inbound
    return site_plan(site)['inbound']


def test_a_site_without_inbound_services_has_none():
    assert site_plan(SITE)['inbound'] == []


def test_a_service_opens_the_hosts_interface_id_on_its_lan_and_forwards_its_ipv4():
    assert services((1, [{'proto': 'tcp', 'port': 443}])) == [{
        'host': 'nas', 'lan': 'home', 'interface': 'eth1', 'iid': '::10', 'proto': 'tcp', 'port': '443',
        'ipv6_from': ['::/0'], 'ipv4_from': ['0.0.0.0/0'], 'ipv4_forward': '192.0.2.10'}]


def test_a_host_without_ipv4_is_open_over_ipv6_alone_and_ranges_and_sources_are_kept():
    found = services((2, [{'proto': 'udp', 'port': '27015:27030', 'from': ['2001:db8:99::/48', '198.51.100.7']}]))
    assert found[0]['port'] == '27015:27030' and found[0]['ipv6_from'] == ['2001:db8:99::/48']
    assert found[0]['ipv4_forward'] is None and found[0]['ipv4_from'] == []


def test_ipv4_false_keeps_a_service_off_the_port_forwards_and_a_v6_only_source_too():
    assert services((1, [{'proto': 'tcp', 'port': 22, 'ipv4': False}]))[0]['ipv4_forward'] is None
    assert services((1, [{'proto': 'tcp', 'port': 22, 'from': '2001:db8:99::/48'}]))[0]['ipv4_forward'] is None


def test_the_ip6tables_rules_match_the_low_64_bits_from_the_uplink_to_the_lan():
    found = services((1, [{'proto': 'tcp', 'port': 443}]), (2, [{'proto': 'udp', 'port': 51820, 'from': '2001:db8:99::/48'}]))
    assert ip6tables_rules(found, 'eth0') == [
        '-A ufw6-before-forward -i eth0 -o eth1 -p tcp -d ::10/::ffff:ffff:ffff:ffff --dport 443 -m conntrack --ctstate NEW -j ACCEPT',
        '-A ufw6-before-forward -i eth0 -o eth2 -p udp -s 2001:db8:99::/48 -d ::20/::ffff:ffff:ffff:ffff --dport 51820 '
        '-m conntrack --ctstate NEW -j ACCEPT']


@pytest.mark.parametrize('inbound, message', [
    ((3, [{'proto': 'tcp', 'port': 80}]),
     "homelab_site.hosts[3].inbound: tv has no iid: the router opens a service by the host's interface id on its LAN, "
     "which stays when the ISP renumbers; give tv an iid and a lan"),
    ((1, [{'proto': 'icmp', 'port': 1}]), "homelab_site.hosts[1].inbound[0].proto: 'icmp' is not tcp or udp"),
    ((1, [{'proto': 'tcp', 'port': 70000}]),
     'homelab_site.hosts[1].inbound[0].port: 70000 is not a port (1 to 65535) or a range of them (60000:60100)'),
    ((1, [{'proto': 'tcp', 'port': '90:80'}]),
     "homelab_site.hosts[1].inbound[0].port: '90:80' is not a port (1 to 65535) or a range of them (60000:60100)"),
    ((1, [{'proto': 'tcp'}]), 'homelab_site.hosts[1].inbound[0]: every inbound service needs a port'),
    ((1, [{'proto': 'tcp', 'port': 443, 'to': 'x'}]),
     'homelab_site.hosts[1].inbound[0]: unknown key to; known keys are from, ipv4, port, proto'),
    ((1, [{'proto': 'tcp', 'port': 443, 'from': ['2001:db8::/32', 'the office']}]),
     "homelab_site.hosts[1].inbound[0].from[1]: 'the office' is not an IP address or network"),
    ((2, [{'proto': 'tcp', 'port': 443, 'ipv4': True}]),
     'homelab_site.hosts[2].inbound[0].ipv4: true asks for a port forward over IPv4, and game has no ipv4 (a reserved '
     'address) to forward to; give it one, or leave ipv4 out'),
    ((1, 'https'), "homelab_site.hosts[1].inbound: expected a list, got 'https'"),
])
def test_bad_services_name_the_path_and_the_value(inbound, message):
    with pytest.raises(SiteError) as error:
        services(inbound)
    assert str(error.value) == message


def test_one_port_of_the_routers_ipv4_forwards_to_one_host():
    site = copy.deepcopy(SITE)
    site['hosts'].append({'name': 'web', 'iid': '::30', 'lan': 'home', 'ipv4': '192.0.2.30'})
    plan = site_plan(site)
    site['hosts'][1]['inbound'] = [{'proto': 'tcp', 'port': '8000:8100'}]
    site['hosts'][4]['inbound'] = [{'proto': 'udp', 'port': 8080}, {'proto': 'tcp', 'port': 8080}]
    with pytest.raises(SiteError) as error:
        inbound_services(site, plan)
    assert str(error.value) == ("homelab_site.hosts[4].inbound[1]: tcp port 8080 of the router's IPv4 is already "
                                "forwarded to nas (homelab_site.hosts[1].inbound[0]); one port forwards to one host")
    # Over IPv6 each host has its own address: the same port on two hosts is no conflict.
    site['hosts'][4]['inbound'] = [{'proto': 'tcp', 'port': 8080, 'ipv4': False}]
    assert len(inbound_services(site, plan)) == 2


def test_the_port_forwards_dnat_the_routers_own_addresses_off_the_lans_and_hairpin_the_lans():
    game = {'proto': 'udp', 'port': '27015:27030', 'from': ['198.51.100.0/24', '192.0.2.99/32']}
    found = services((1, [{'proto': 'tcp', 'port': 443}, game]), (2, [{'proto': 'tcp', 'port': 80}]))
    assert nat44_rules(found, ['192.0.2.0/24']) == {
        'prerouting': [
            'fib daddr type local ip daddr != 192.0.2.0/24 tcp dport 443 dnat to 192.0.2.10',
            'fib daddr type local ip daddr != 192.0.2.0/24 ip saddr { 198.51.100.0/24, 192.0.2.99/32 } '
            'udp dport 27015-27030 dnat to 192.0.2.10'],
        'postrouting': [
            'ip saddr 192.0.2.0/24 ip daddr 192.0.2.10 tcp dport 443 ct status dnat masquerade',
            'ip saddr 192.0.2.0/24 ip daddr 192.0.2.10 udp dport 27015-27030 ct status dnat masquerade'],
    }
    assert nat44_rules(found[:1], ['192.0.2.0/24', '198.18.0.0/24'])['prerouting'] == [
        'fib daddr type local ip daddr != { 192.0.2.0/24, 198.18.0.0/24 } tcp dport 443 dnat to 192.0.2.10']


def test_the_routed_ipv4_of_a_forward_goes_out_on_the_hosts_lan_from_anywhere_it_is_open_to():
    found = services((1, [{'proto': 'tcp', 'port': 443}, {'proto': 'tcp', 'port': 22, 'ipv4': False}]))
    assert ipv4_route_rules(found) == [{
        'route': True, 'family': 'ipv4', 'interface_out': 'eth1', 'proto': 'tcp', 'to_ip': '192.0.2.10',
        'to_port': '443', 'from_ip': ['0.0.0.0/0'], 'comment': 'inbound tcp 443 to nas'}]


def test_a_router_writes_the_services_of_the_lans_it_serves_only():
    plan = site_plan(dict(copy.deepcopy(SITE), hosts=[
        {'name': 'nas', 'iid': '::10', 'lan': 'home', 'ipv4': '192.0.2.10', 'inbound': [{'proto': 'tcp', 'port': 443}]},
        {'name': 'game', 'iid': '::20', 'lan': 'iot', 'inbound': [{'proto': 'udp', 'port': 27015}]}]))
    iot_only = router_inbound(plan['inbound'], [plan['lans'][1]], 'eth0')
    assert [service['host'] for service in iot_only['services']] == ['game']
    assert iot_only['nat44'] == {'prerouting': [], 'postrouting': []} and iot_only['ipv4_routes'] == []
    # IPv6 through a 6rd tunnel: the pinholes are opened from it.
    assert router_inbound(plan['inbound'], plan['lans'], 'eth0', 'sixrd0')['ip6tables'][0].startswith(
        '-A ufw6-before-forward -i sixrd0 -o eth1 ')
    # No uplink: nothing to open from.
    assert router_inbound(plan['inbound'], plan['lans'], '') == {
        'services': plan['inbound'], 'ip6tables': [], 'nat44': {'prerouting': [], 'postrouting': []},
        'ipv4_routes': [], 'problem': ''}


def test_a_forward_of_the_routers_own_ssh_port_is_refused_before_anything_changes():
    plan = site_plan(dict(copy.deepcopy(SITE), hosts=[
        {'name': 'nas', 'iid': '::10', 'lan': 'home', 'ipv4': '192.0.2.10', 'inbound': [{'proto': 'tcp', 'port': '20:30'}]}]))
    assert router_inbound(plan['inbound'], plan['lans'], 'eth0', None, 22)['problem'] == (
        "homelab_site.hosts: nas's inbound tcp 20:30 forwards port 22 of the router's IPv4, which "
        "router_firewall_ssh_port keeps for SSH to the router itself; forward another port, or set ipv4: false on "
        "that service")
    assert router_inbound(plan['inbound'], plan['lans'], 'eth0', None, 2222)['problem'] == ''
    assert router_inbound(plan['inbound'], plan['lans'], 'eth0', None, 0)['problem'] == ''
