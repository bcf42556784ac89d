# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import copy
import ipaddress

import pytest

from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import site_plan
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_queries import (
    fixed_address,
    host_records,
    inventory_host,
    lan_addresses,
    lan_networks,
    router_interface_id,
    served_lans,
    served_networks,
    site_host,
    site_zones,
    slaac_token,
)
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_values import SiteError, interface_id
from ansible_collections.homelab.ipv6.plugins.plugin_utils.inventory import site_problems, inventory_problems

SEED_000 = {
    'domain': 'Home.Example.',
    'ula': 'fd7a:b5e0:1b00::/48',
    'gua': '2001:db8:5500::/56',
    'dns_server': 'server',
    'lans': [
        {'name': 'home', 'interface': 'eth1', 'subnet_id': 1, 'ipv4': '198.18.11.0/24', 'mode': 'stateful'},
        {'name': 'iot', 'interface': 'eth2', 'subnet_id': '0x10', 'ipv4': '198.18.12.0/24'},
    ],
    'hosts': [
        {'name': 'server', 'ipv4': '198.18.11.1', 'iid': '::100'},
        {'name': 'MainPC', 'mac': '20-C9-D0-8B-02-B5', 'ipv4': '198.18.11.2', 'iid': '::2'},
        {'name': 'sensor', 'lan': 'iot'},
    ],
}


def site(**changes):
    description = copy.deepcopy(SEED_000)
    description.update(changes)
    return description


@pytest.mark.parametrize('ipv4, router, pool', [
    # A home router's usual /24: the router first, DHCP from 100 to 199.
    ('192.168.1.0/24', '192.168.1.1', ['192.168.1.100', '192.168.1.199']),
    # Written as the router's interface address, as ifupdown and networkd write one.
    ('192.168.1.254/24', '192.168.1.254', ['192.168.1.100', '192.168.1.199']),
    ('10.0.0.0/16', '10.0.0.1', ['10.0.0.100', '10.0.0.199']),
    # Smaller LANs lease their upper half, without the broadcast address.
    ('192.168.1.128/25', '192.168.1.129', ['192.168.1.192', '192.168.1.254']),
    ('192.168.1.64/26', '192.168.1.65', ['192.168.1.96', '192.168.1.126']),
    ('192.168.1.248/29', '192.168.1.249', ['192.168.1.252', '192.168.1.254']),
    ('192.168.1.252/30', '192.168.1.253', ['192.168.1.254', '192.168.1.254']),
])
def test_an_ipv4_lan_has_the_routers_address_and_a_pool_that_fits_it(ipv4, router, pool):
    lan = site_plan(site(lans=[{'name': 'home', 'interface': 'eth1', 'subnet_id': 1, 'ipv4': ipv4}], hosts=[],
                         dns_server=None))['lans'][0]
    assert (lan['ipv4_router'], lan['ipv4_pool']) == (router, pool)
    assert lan['ipv4'] == str(ipaddress.IPv4Interface(ipv4).network)


def test_a_pool_of_the_description_is_its_host_numbers_on_that_lan():
    lans = site_plan(site(lans=[
        {'name': 'home', 'interface': 'eth1', 'subnet_id': 1, 'ipv4': '192.168.1.0/24', 'ipv4_pool': [10, 250]},
        {'name': 'iot', 'interface': 'eth2', 'subnet_id': 2, 'ipv4': '192.168.2.0/26', 'ipv4_pool': [2, 30]},
        {'name': 'v6', 'interface': 'eth3', 'subnet_id': 3}], hosts=[], dns_server=None))['lans']
    assert [lan['ipv4_pool'] for lan in lans] == [['192.168.1.10', '192.168.1.250'], ['192.168.2.2', '192.168.2.30'],
                                                  None]
    assert lans[2]['ipv4_router'] is None


def test_lans_smaller_than_a_24_share_its_reverse_zone():
    plan = site_plan(site(lans=[
        {'name': 'home', 'interface': 'eth1', 'subnet_id': 1, 'ipv4': '192.168.1.0/25'},
        {'name': 'iot', 'interface': 'eth2', 'subnet_id': 2, 'ipv4': '192.168.1.128/26'},
        {'name': 'lab', 'interface': 'eth3', 'subnet_id': 3, 'ipv4': '10.20.0.0/22'}], hosts=[], dns_server=None))
    assert plan['reverse_zones'] == ['0.0.b.1.0.e.5.b.a.7.d.f.ip6.arpa.', '1.168.192.in-addr.arpa.',
                                     '0.20.10.in-addr.arpa.', '1.20.10.in-addr.arpa.', '2.20.10.in-addr.arpa.',
                                     '3.20.10.in-addr.arpa.']


def test_lans_get_their_ula_and_gua_64s_from_the_subnet_id():
    plan = site_plan(site())
    home, iot = plan['lans']
    assert (home['ula_prefix'], home['gua_prefix']) == ('fd7a:b5e0:1b00:1::/64', '2001:db8:5500:1::/64')
    assert (iot['ula_prefix'], iot['gua_prefix']) == ('fd7a:b5e0:1b00:10::/64', '2001:db8:5500:10::/64')
    assert iot['prefixes'] == ['fd7a:b5e0:1b00:10::/64', '2001:db8:5500:10::/64']


@pytest.mark.parametrize('mode, managed, other, autonomous', [
    ('slaac', False, False, True),
    ('stateful', True, True, False),
    ('stateless', False, True, True),
    ('hybrid', True, True, False),
])
def test_ra_flags_follow_the_lan_mode(mode, managed, other, autonomous):
    lan = site_plan(site(lans=[{'name': 'home', 'interface': 'eth1', 'subnet_id': 1, 'mode': mode}], hosts=[], dns_server=None))
    assert (lan['lans'][0]['managed'], lan['lans'][0]['other'], lan['lans'][0]['autonomous']) == \
        (managed, other, autonomous)


ULA_64, GUA_64 = 'fd7a:b5e0:1b00:1::/64', '2001:db8:5500:1::/64'


@pytest.mark.parametrize('mode, gua, slaac_prefixes, dhcpv6_prefix', [
    ('slaac', '2001:db8:5500::/56', [ULA_64, GUA_64], None),
    ('stateless', '2001:db8:5500::/56', [ULA_64, GUA_64], None),
    # One address per IA_NA: a stateful LAN leases where its clients reach the Internet.
    ('stateful', '2001:db8:5500::/56', [], GUA_64),
    ('stateful', None, [], ULA_64),
    # Seed 000: the GUA by SLAAC, the ULA by DHCPv6.
    ('hybrid', '2001:db8:5500::/56', [GUA_64], ULA_64),
    ('hybrid', None, [], ULA_64),
])
def test_the_mode_says_which_prefixes_slaac_and_dhcpv6_address(mode, gua, slaac_prefixes, dhcpv6_prefix):
    lan = site_plan(site(gua=gua, lans=[{'name': 'home', 'interface': 'eth1', 'subnet_id': 1, 'mode': mode}],
                         hosts=[], dns_server=None))['lans'][0]
    assert (lan['slaac_prefixes'], lan['dhcpv6_prefix']) == (slaac_prefixes, dhcpv6_prefix)


@pytest.mark.parametrize('mode, gua, expected', [
    ('stateful', '2001:db8:5500::/56', '2001:db8:5500:1::2'),
    ('stateful', None, 'fd7a:b5e0:1b00:1::2'),
    ('hybrid', '2001:db8:5500::/56', 'fd7a:b5e0:1b00:1::2'),
    ('slaac', '2001:db8:5500::/56', None),
])
def test_a_host_is_reserved_its_iid_in_the_prefix_its_lan_leases(mode, gua, expected):
    description = site(gua=gua)
    description['lans'][0]['mode'] = mode
    main_pc = site_plan(description)['hosts'][1]
    assert main_pc['dhcpv6_address'] == expected


def test_the_mode_defaults_to_slaac():
    assert site_plan(site())['lans'][1]['mode'] == 'slaac'


def test_hosts_find_their_lan_by_ipv4_or_by_name():
    hosts = {host['name']: host for host in site_plan(site())['hosts']}
    assert hosts['server']['lan'] == 'home'
    assert hosts['sensor']['lan'] == 'iot'
    assert hosts['server']['ula_address'] == 'fd7a:b5e0:1b00:1::100'
    assert hosts['server']['gua_address'] == '2001:db8:5500:1::100'
    assert hosts['sensor']['ula_address'] is None


def test_names_and_macs_are_normalised():
    plan = site_plan(site())
    assert plan['domain'] == 'home.example'
    assert plan['hosts'][1]['name'] == 'mainpc'
    assert plan['hosts'][1]['mac'] == '20:c9:d0:8b:02:b5'


def test_a_generated_ula_is_used_when_the_site_has_none():
    description = site()
    del description['ula']
    assert site_plan(description, ula='fd00:1:2::/48')['ula'] == 'fd00:1:2::/48'
    assert site_plan(site(), ula='fd00:1:2::/48')['ula'] == 'fd7a:b5e0:1b00::/48'


def test_a_64_upstream_prefix_is_not_handed_to_lans():
    assert [lan['gua_prefix'] for lan in site_plan(site(gua='2001:db8:5500:1::/64'))['lans']] == [None, None]


def test_a_learnt_6rd_prefix_is_handed_to_lans_when_the_site_has_no_gua():
    description = site(gua=None)
    description['lans'][1]['subnet_id'] = 2
    plan = site_plan(description, gua='2001:db8:6000:22a0::/60')
    assert [lan['gua_prefix'] for lan in plan['lans']] == ['2001:db8:6000:22a1::/64', '2001:db8:6000:22a2::/64']
    assert site_plan(site(), gua='2001:db8:6000:22a0::/60')['gua'] == '2001:db8:5500::/56'


def test_a_bad_learnt_prefix_is_named_as_such():
    with pytest.raises(SiteError) as error:
        site_plan(site(gua=None), gua='2001:db8:6000:22a0::/72')
    assert str(error.value).startswith("the 6rd delegated prefix: '2001:db8:6000:22a0::/72' is longer than a /64")
    with pytest.raises(SiteError) as error:
        site_plan(site(gua=None), gua='2001:db8:6000:22a0::/60')
    assert str(error.value) == ('homelab_site.lans[1].subnet_id: subnet id 16 does not fit in the 4 subnet bits '
                                'of the 6rd delegated prefix 2001:db8:6000:22a0::/60')


DELEGATION = {'prefix': '2001:db8:5610::/56', 'interface': 'eth0', 'preferred_until': 1796223511,
              'valid_until': 1796223541, 'preferred_lifetime': 90, 'valid_lifetime': 120, 'previous': None}


def test_a_delegated_prefix_numbers_the_lans_of_a_dhcpv6_pd_site():
    plan = site_plan(site(gua='dhcpv6-pd'), delegation=DELEGATION)
    assert plan['gua'] == '2001:db8:5610::/56'
    assert [lan['gua_prefix'] for lan in plan['lans']] == ['2001:db8:5610:1::/64', '2001:db8:5610:10::/64']
    assert plan['hosts'][0]['gua_address'] == '2001:db8:5610:1::100'
    assert plan['gua_reverse_zones'] == ['0.0.0.1.6.5.8.b.d.0.1.0.0.2.ip6.arpa.']
    assert plan['gua_source'] == 'dhcpv6-pd'
    assert plan['gua_delegation'] == dict(DELEGATION, requested_length=56)


def test_a_dhcpv6_pd_site_without_a_delegation_has_its_ula_alone():
    for delegation in (None, {}, dict(DELEGATION, prefix=None), dict(DELEGATION, prefix='')):
        plan = site_plan(site(gua='dhcpv6-pd', gua_length=58), delegation=delegation)
        assert plan['gua'] is None and plan['gua_reverse_zones'] == []
        assert [lan['prefixes'] for lan in plan['lans']] == [['fd7a:b5e0:1b00:1::/64'], ['fd7a:b5e0:1b00:10::/64']]
        assert plan['hosts'][0]['gua_address'] is None
        assert plan['gua_source'] == 'dhcpv6-pd' and plan['gua_delegation']['requested_length'] == 58


def test_the_source_of_the_gua_is_in_the_plan():
    assert site_plan(site())['gua_source'] == 'homelab_site.gua'
    assert site_plan(site(gua=None), gua='2001:db8:6000:2200::/56')['gua_source'] == '6rd'
    assert site_plan(site(gua=None))['gua_source'] is None
    assert site_plan(site())['gua_delegation'] is None


def test_a_subnet_id_that_the_requested_or_delegated_length_cannot_hold_is_named():
    with pytest.raises(SiteError) as error:
        site_plan(site(gua='dhcpv6-pd', gua_length=60))
    assert str(error.value) == ('homelab_site.lans[1].subnet_id: subnet id 16 does not fit in the 4 subnet bits '
                                'of the /60 that homelab_site.gua_length asks the ISP for')
    # Asked for a /56, given a /60 by the ISP.
    with pytest.raises(SiteError) as error:
        site_plan(site(gua='dhcpv6-pd'), delegation=dict(DELEGATION, prefix='2001:db8:5610:10::/60'))
    assert str(error.value) == ('homelab_site.lans[1].subnet_id: subnet id 16 does not fit in the 4 subnet bits '
                                'of the prefix delegated by DHCPv6-PD 2001:db8:5610:10::/60')


@pytest.mark.parametrize('changes, message', [
    ({'gua': 'dhcpv6-pd', 'gua_length': 47}, "homelab_site.gua_length: 47 is not a prefix length to ask the ISP for; "
                                             "use a number from 48 to 64, such as 56"),
    ({'gua': 'dhcpv6-pd', 'gua_length': '56'}, "homelab_site.gua_length: '56' is not a prefix length to ask the ISP "
                                               "for; use a number from 48 to 64, such as 56"),
    ({'gua': 'dhcpv6-pd', 'gua_length': True}, "homelab_site.gua_length: true is not a prefix length to ask the ISP "
                                               "for; use a number from 48 to 64, such as 56"),
    ({'gua_length': 56}, "homelab_site.gua_length: is the length to ask the ISP for, and only goes with gua: dhcpv6-pd "
                         "(gua is '2001:db8:5500::/56')"),
    ({'gua': 'dhcp6-pd'}, "homelab_site.gua: 'dhcp6-pd' is neither a prefix (such as 2001:db8:5601::/56) nor "
                          "dhcpv6-pd (the ISP delegates it)"),
])
def test_bad_delegation_settings_are_named(changes, message):
    with pytest.raises(SiteError) as error:
        site_plan(site(**changes))
    assert str(error.value) == message


def test_a_bad_delegation_fact_is_named_as_such():
    with pytest.raises(SiteError) as error:
        site_plan(site(gua='dhcpv6-pd'), delegation=dict(DELEGATION, prefix='2001:db8:5610::/72'))
    assert str(error.value).startswith("the prefix delegated by DHCPv6-PD: '2001:db8:5610::/72' is longer than a /64")
    with pytest.raises(SiteError) as error:
        site_plan(site(gua='dhcpv6-pd'), delegation='2001:db8:5610::/56')
    assert str(error.value) == ("the prefix delegated by DHCPv6-PD: expected the homelab_prefix_delegation local "
                                "fact (a mapping), got '2001:db8:5610::/56'")


def test_the_nat64_prefix_defaults_to_the_well_known_prefix():
    assert site_plan(site())['nat64_prefix'] == '64:ff9b::/96'
    assert site_plan(site(nat64_prefix='64:FF9B:1::/96'))['nat64_prefix'] == '64:ff9b:1::/96'


def test_lans_are_dns64_only_when_they_say_so():
    description = site()
    description['lans'][1]['dns64'] = True
    assert [lan['dns64'] for lan in site_plan(description)['lans']] == [False, True]


def test_a_lan_is_ipv6_mostly_when_it_says_so_with_dns64_and_ipv4():
    description = site()
    description['lans'][1].update(dns64=True, ipv6_mostly=True)
    assert [lan['ipv6_mostly'] for lan in site_plan(description)['lans']] == [False, True]


def test_lans_opt_in_to_mdns_and_thread_routes_and_name_the_lans_they_reach():
    description = site()
    description['lans'][0].update(mdns=True, reaches=['iot', 'iot'])
    description['lans'][1].update(mdns=True, thread_routes=True)
    lans = site_plan(description)['lans']
    assert [(lan['mdns'], lan['thread_routes'], lan['reaches']) for lan in lans] == \
        [(True, False, ['iot']), (True, True, [])]


@pytest.mark.parametrize('changes, message', [
    ({'mdns': 'yes'}, "homelab_site.lans[0].mdns: 'yes' is not true or false"),
    ({'thread_routes': 1}, 'homelab_site.lans[0].thread_routes: 1 is not true or false'),
    ({'reaches': 'iot'}, "homelab_site.lans[0].reaches: expected a list, got 'iot'"),
    ({'reaches': ['guest']}, "homelab_site.lans[0].reaches[0]: 'guest' is not a LAN of homelab_site.lans (they are home, iot)"),
    ({'reaches': ['iot', 'home']},
     "homelab_site.lans[0].reaches[1]: 'home' is this LAN itself; its devices reach each other without the router"),
    ({'reaches': [3]}, 'homelab_site.lans[0].reaches[0]: 3 is not the name of a LAN'),
])
def test_bad_smart_home_settings_of_a_lan_are_named(changes, message):
    description = site()
    description['lans'][0].update(changes)
    with pytest.raises(SiteError) as error:
        site_plan(description)
    assert str(error.value) == message


def test_without_gua_lans_only_have_their_ula():
    assert site_plan(site(gua=None))['lans'][0]['prefixes'] == ['fd7a:b5e0:1b00:1::/64']


def test_fixed_address_puts_an_interface_id_in_a_64():
    assert fixed_address('fd7a:b5e0:1b00:10::/64', '::100') == 'fd7a:b5e0:1b00:10::100'
    with pytest.raises(SiteError, match="^prefix: 'fd7a:b5e0:1b00::/48' is a /48; fixed interface ids go into a /64$"):
        fixed_address('fd7a:b5e0:1b00::/48', '::100')
    with pytest.raises(SiteError, match="^router_interface_id: '::' is the subnet-router anycast address"):
        fixed_address('fd7a:b5e0:1b00:10::/64', '::', 'router_interface_id')


def test_the_dns_server_is_announced_on_every_lan_at_its_fixed_id():
    assert [lan['dns_servers'] for lan in site_plan(site())['lans']] == \
        [['fd7a:b5e0:1b00:1::100'], ['fd7a:b5e0:1b00:10::100']]
    assert site_plan(site(dns_server=None))['lans'][0]['dns_servers'] == []


@pytest.mark.parametrize('value, message', [
    ('::', "'::' is the subnet-router anycast address"),
    ('1::1', "'1::1' sets bits of the prefix"),
    ('::fdff:ffff:ffff:ffff', 'reserved subnet anycast id (RFC 5453)'),
    ('100', "'100' is not an IP address"),
])
def test_bad_interface_ids(value, message):
    with pytest.raises(SiteError, match='^x.iid: .*' + message.replace('(', r'\(').replace(')', r'\)')):
        interface_id(value, 'x.iid')


def lan_with(**changes):
    lan = {'name': 'home', 'interface': 'eth1', 'subnet_id': 1}
    lan.update(changes)
    return site(lans=[lan], hosts=[], dns_server=None)


@pytest.mark.parametrize('description, message', [
    (site(nat64_prefix='64:ff9b::/80'),
     "homelab_site.nat64_prefix: NAT64 prefix '64:ff9b::/80' is a /80; RFC 6052 allows /32, /40, /48, /56, /64 or /96"),
    (lan_with(dns64='yes'), "homelab_site.lans[0].dns64: 'yes' is not true or false"),
    (lan_with(dns64=True, ipv4='198.18.11.0/24', ipv6_mostly='yes'),
     "homelab_site.lans[0].ipv6_mostly: 'yes' is not true or false"),
    (lan_with(dns64=True, ipv6_mostly=True),
     'homelab_site.lans[0].ipv6_mostly: true needs an ipv4 subnet on the LAN, which its older devices still take '
     '(a LAN without IPv4 at all is IPv6-only: dns64: true alone)'),
    (lan_with(ipv4='198.18.11.0/24', ipv6_mostly=True),
     'homelab_site.lans[0].ipv6_mostly: true needs dns64: true on the LAN (it has false): the devices that go '
     'without IPv4 reach it through the NAT64 and its DNS64'),
    (lan_with(mode='statefull'),
     "homelab_site.lans[0].mode: 'statefull' is not a LAN mode; choose one of slaac, stateful, stateless, hybrid"),
    (lan_with(subnet_id=70000),
     "homelab_site.lans[0].subnet_id: subnet_id 70000 is not an integer from 0 to 65535"),
    (lan_with(ipv4='198.18.11.255/24'),
     "homelab_site.lans[0].ipv4: '198.18.11.255/24' gives the router the broadcast address of 198.18.11.0/24; "
     "write the router's own address, such as 198.18.11.1/24"),
    (lan_with(ipv4='198.18.11.0/24', ipv4_pool=[100, 300]),
     'homelab_site.lans[0].ipv4_pool: [100, 300] does not fit 198.18.11.0/24, whose hosts are 1 to 254; write '
     '[first, last] with the first not above the last'),
    (lan_with(ipv4='198.18.11.0/26', ipv4_pool=[1, 20]),
     "homelab_site.lans[0].ipv4_pool: [1, 20] holds the router's address 198.18.11.1 (host 1); leave it out of "
     "the pool"),
    (lan_with(ipv4='198.18.11.0/26', ipv4_pool='100-199'),
     "homelab_site.lans[0].ipv4_pool: '100-199' is not a pool; write [first, last] host numbers of "
     "198.18.11.0/26, such as [32, 62]"),
    (lan_with(ipv4='198.18.11.40/26'),
     "homelab_site.lans[0].ipv4: the router's address 198.18.11.40 is in the DHCPv4 pool the LAN gets by default "
     "(hosts 32 to 62 of 198.18.11.0/26); give the router another address, or set homelab_site.lans[0].ipv4_pool "
     "to [first, last] host numbers that leave it out"),
    (lan_with(ipv4_pool=[100, 199]),
     'homelab_site.lans[0].ipv4_pool: is a DHCPv4 pool, and the LAN has no ipv4 subnet to put it in'),
    (lan_with(interface='eth 1'), "homelab_site.lans[0].interface: 'eth 1' is not a network interface name"),
    (lan_with(prefix='fd00::/64'),
     'homelab_site.lans[0]: unknown key prefix; known keys are delegate, delegate_ula, dns64, interface, ipv4, '
     'ipv4_pool, ipv6_mostly, mdns, mode, name, reaches, subnet_id, thread_routes'),
    (site(lans=[{'name': 'home', 'interface': 'eth1'}]), 'homelab_site.lans[0]: every LAN needs a subnet_id'),
    (site(ula='fc01::/48'), "homelab_site.ula: ULA prefix 'fc01::/48' is in fc00::/8, where the L bit is 0"),
    (site(ula='fd00::/64'), "homelab_site.ula: ULA prefix 'fd00::/64' is a /64; a site ULA is a /48"),
    (site(gua='fd00::/56'), "homelab_site.gua: 'fd00::/56' is not a global unicast prefix"),
    (site(gua='2001:db8::/96'), "homelab_site.gua: '2001:db8::/96' is longer than a /64"),
    (site(gua='2001:db8::/60'), 'homelab_site.lans[1].subnet_id: subnet id 16 does not fit in the 4 subnet '
                                'bits of homelab_site.gua 2001:db8::/60'),
    (site(domain='home..example'), "homelab_site.domain: 'home..example' is not a domain name"),
    (site(dns_server='resolver'), "homelab_site.dns_server: 'resolver' is not the name of a host"),
    (site(dns_server='sensor'), "homelab_site.dns_server: host 'sensor' has no iid"),
    (site(lans=SEED_000['lans'] + [{'name': 'home', 'interface': 'eth3', 'subnet_id': 3}]),
     "homelab_site.lans[2].name: 'home' is already used by homelab_site.lans[0]"),
    (site(lans=SEED_000['lans'] + [{'name': 'lab', 'interface': 'eth3', 'subnet_id': 16}]),
     'homelab_site.lans[2].subnet_id: 16 is already used by homelab_site.lans[1]'),
    (site(lans=SEED_000['lans'] + [{'name': 'lab', 'interface': 'eth3', 'subnet_id': 3, 'ipv4': '198.18.0.0/15'}]),
     'homelab_site.lans[2].ipv4: 198.18.0.0/15 overlaps 198.18.11.0/24 of LAN home'),
    (site(hosts=[{'name': 'pc', 'ipv4': '192.0.2.1'}]),
     "homelab_site.hosts[0].ipv4: '192.0.2.1' is in none of the LANs' ipv4 subnets"),
    (site(hosts=[{'name': 'pc', 'ipv4': '198.18.11.5', 'lan': 'iot'}]),
     "homelab_site.hosts[0].ipv4: '198.18.11.5' is outside LAN iot (198.18.12.0/24)"),
    (site(hosts=[{'name': 'pc', 'lan': 'guest'}]), "homelab_site.hosts[0].lan: 'guest' is not the name of a LAN"),
    (site(hosts=[{'name': 'pc', 'lan': 'home', 'ipv4': 'bogus'}]), "homelab_site.hosts[0].ipv4: 'bogus' is not an IP"),
    (site(hosts=[{'name': 'pc', 'ipv4': 'fd00::1'}]),
     "homelab_site.hosts[0].ipv4: 'fd00::1' is an IPv6 address; an IPv4 address is needed here"),
    (site(hosts=[{'name': 'pc', 'mac': '01:00:5e:00:00:01'}]),
     "homelab_site.hosts[0].mac: MAC address '01:00:5e:00:00:01' is a group (multicast) address"),
    (site(hosts=[{'name': 'pc', 'mac': 'aa:bb:cc:dd:ee:ff'}, {'name': 'pc2', 'mac': 'AA-BB-CC-DD-EE-FF'}]),
     "homelab_site.hosts[1].mac: 'aa:bb:cc:dd:ee:ff' is already used by homelab_site.hosts[0]"),
    (site(hosts=[{'name': 'my_pc'}]), "homelab_site.hosts[0].name: 'my_pc' is not a host name"),
    ({'lans': []}, 'homelab_site: the site needs a domain'),
    (['home.arpa'], 'homelab_site: expected a mapping, got [\'home.arpa\']'),
])
def test_bad_site_descriptions_name_the_path_and_the_value(description, message):
    with pytest.raises(SiteError) as error:
        site_plan(description)
    assert str(error.value).startswith(message)


def test_no_ula_at_all_is_an_error():
    description = site()
    del description['ula']
    with pytest.raises(SiteError, match='^homelab_site.ula: no ULA /48 given and none generated yet$'):
        site_plan(description)


def test_lans_carry_their_ipv4_subnet_in_ipv4_mapped_form():
    home, iot = site_plan(site())['lans']
    assert home['ipv4_mapped'] == '::ffff:198.18.11.0/120'
    assert site_plan(site(lans=[{'name': 'v6', 'interface': 'eth1', 'subnet_id': 1}], hosts=[], dns_server=None))['lans'][0]['ipv4_mapped'] is None


def test_lan_addresses_keeps_only_addresses_in_a_lan():
    plan = site_plan(site())
    found = lan_addresses(plan, ['2001:db8:5500:0001:0::100', '198.18.12.1', '203.0.113.5', 'fd7a:b5e0:1b00:1::100',
                                 '2001:db8:5501::1', 'fd7a:b5e0:1b00:99::1', '198.18.11.1', 'fd7a:b5e0:1b00:1::100'])
    assert found == ['198.18.11.1', '198.18.12.1', '2001:db8:5500:1::100', 'fd7a:b5e0:1b00:1::100']


def test_lan_addresses_names_a_bad_address():
    with pytest.raises(SiteError, match="^addresses\\[1\\]: 'eth0' is not an IP address$"):
        lan_addresses(site_plan(site()), ['fd00::1', 'eth0'])


@pytest.mark.parametrize('hostname, expected', [
    ('server', '::100'),
    ('Server.home.example', '::100'),  # the short name, in lower case, as the inventory's
    ('mainpc', '::2'),
    ('sensor', '::1'),  # a host of the plan without an iid
    ('gw', '::1'),  # no host of the plan
])
def test_a_router_takes_the_iid_of_its_host_in_the_plan_else_1(hostname, expected):
    assert router_interface_id(site_plan(site()), hostname) == expected


def test_router_interface_id_wants_a_host_name():
    with pytest.raises(SiteError, match="^hostname: expected a host name, got ''$"):
        router_interface_id(site_plan(site()), '')


def test_a_host_on_a_slaac_lan_forms_its_iid_in_the_ula_and_the_gua():
    plan = site_plan(site(hosts=SEED_000['hosts'][:1] + [{'name': 'NAS', 'iid': '::10', 'lan': 'iot'}]))
    assert slaac_token(plan, 'nas.home.example') == {
        'name': 'nas',
        'token': '::10',
        'lan': 'iot',
        'networks': ['fd7a:b5e0:1b00:10::/64', '2001:db8:5500:10::/64', '198.18.12.0/24'],
        'addresses': ['fd7a:b5e0:1b00:10::10', '2001:db8:5500:10::10'],
    }


@pytest.mark.parametrize('mode, addresses', [
    ('stateless', ['fd7a:b5e0:1b00:1::10', '2001:db8:5500:1::10']),
    # DHCPv6 hands out the ULA address (the host's reservation), SLAAC the GUA.
    ('hybrid', ['2001:db8:5500:1::10']),
    # No prefix has the A flag: the host's addresses are DHCPv6's.
    ('stateful', []),
])
def test_a_host_forms_its_iid_in_the_prefixes_its_lan_advertises_for_slaac(mode, addresses):
    lans = [dict(SEED_000['lans'][0], mode=mode)]
    plan = site_plan(site(lans=lans, hosts=SEED_000['hosts'][:1] + [{'name': 'nas', 'iid': '::10', 'lan': 'home'}]))
    assert slaac_token(plan, 'nas')['addresses'] == addresses


@pytest.mark.parametrize('hostname', ['sensor', 'gw'])
def test_a_host_without_an_iid_or_an_entry_has_no_slaac_token(hostname):
    assert slaac_token(site_plan(site()), hostname) is None


def test_host_records_give_forward_records_and_ptrs_in_the_served_zones():
    plan = site_plan(site(hosts=SEED_000['hosts'][:2]))
    records = host_records(plan, ['0.0.b.1.0.e.5.b.a.7.d.f.ip6.arpa.', '11.18.198.in-addr.arpa'])
    assert records == [
        {'name': 'server.home.example.', 'type': 'AAAA', 'values': ['fd7a:b5e0:1b00:1::100', '2001:db8:5500:1::100']},
        {'name': '0.0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.0.0.b.1.0.e.5.b.a.7.d.f.ip6.arpa.', 'type': 'PTR',
         'values': ['server.home.example.']},
        {'name': 'server.home.example.', 'type': 'A', 'values': ['198.18.11.1']},
        {'name': '1.11.18.198.in-addr.arpa.', 'type': 'PTR', 'values': ['server.home.example.']},
        {'name': 'mainpc.home.example.', 'type': 'AAAA', 'values': ['fd7a:b5e0:1b00:1::2', '2001:db8:5500:1::2']},
        {'name': '2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.0.0.b.1.0.e.5.b.a.7.d.f.ip6.arpa.', 'type': 'PTR',
         'values': ['mainpc.home.example.']},
        {'name': 'mainpc.home.example.', 'type': 'A', 'values': ['198.18.11.2']},
        {'name': '2.11.18.198.in-addr.arpa.', 'type': 'PTR', 'values': ['mainpc.home.example.']},
    ]
    assert [r['type'] for r in host_records(plan)] == ['AAAA', 'A', 'AAAA', 'A']


def test_the_plan_names_the_reverse_zones_of_the_site():
    plan = site_plan(site())
    assert plan['reverse_zones'] == ['0.0.b.1.0.e.5.b.a.7.d.f.ip6.arpa.', '11.18.198.in-addr.arpa.',
                                     '12.18.198.in-addr.arpa.']
    assert plan['gua_reverse_zones'] == ['0.0.0.0.5.5.8.b.d.0.1.0.0.2.ip6.arpa.']
    assert site_plan(site(gua=None))['gua_reverse_zones'] == []


@pytest.mark.parametrize('hostname, expected', [
    ('server', 'server'),
    ('SERVER.home.example', 'server'),
    ('mainpc.lab', 'mainpc'),
    ('gw', None),
])
def test_site_host_is_the_entry_named_by_the_short_lower_case_name(hostname, expected):
    host = site_host(site_plan(site()), hostname)
    assert (host['name'] if host else None) == expected


def test_inventory_host_finds_the_site_host_by_the_same_rule():
    hostnames = ['gw.lab', 'Server.lab', 'client']
    assert inventory_host('server', hostnames) == 'Server.lab'
    assert inventory_host('printer', hostnames) is None
    assert inventory_host(None, hostnames) is None
    with pytest.raises(SiteError, match="^hostnames\\[1\\]: expected a host name, got 5$"):
        inventory_host('server', ['gw', 5])


def test_served_lans_are_the_named_lans_in_the_plan_order():
    plan = site_plan(site())
    assert [lan['name'] for lan in served_lans(plan, ['iot', 'home'], 'radvd_lans')] == ['home', 'iot']
    assert served_lans(plan, [], 'radvd_lans') == []


def test_served_lans_name_the_variable_and_the_unknown_lan():
    with pytest.raises(SiteError, match=r"^dhcp46_lans\[1\]: 'guest' is not a LAN of homelab_site.lans \(it has home, iot\)$"):
        served_lans(site_plan(site()), ['home', 'guest'], 'dhcp46_lans')
    with pytest.raises(SiteError, match="^router_lans: expected a list, got 'home'$"):
        served_lans(site_plan(site()), 'home', 'router_lans')


def test_served_lans_need_their_interfaces_on_the_host():
    plan = site_plan(site())
    assert len(served_lans(plan, ['home', 'iot'], 'radvd_lans', ['lo', 'eth1', 'eth2'], 'gw')) == 2
    with pytest.raises(SiteError, match=r"^homelab_site.lans\[1\].interface: LAN iot is on eth2, which gw does not "
                                        r"have \(it has eth1, lo\)$"):
        served_lans(plan, ['home', 'iot'], 'radvd_lans', ['lo', 'eth1'], 'gw')


def test_lan_networks_list_the_64s_then_ipv4_then_mapped_ipv4():
    plan = site_plan(site())
    assert lan_networks(plan['lans'][:1]) == ['fd7a:b5e0:1b00:1::/64', '2001:db8:5500:1::/64', '198.18.11.0/24']
    assert lan_networks(plan['lans'], ipv4_mapped=True)[-2:] == ['::ffff:198.18.11.0/120', '::ffff:198.18.12.0/120']
    assert lan_networks([]) == []


def test_served_networks_add_the_prefixes_the_lans_delegate():
    plan = site_plan(site())
    assert served_networks(plan['lans']) == lan_networks(plan['lans'])
    delegating = site()
    delegating['lans'][1]['delegate'] = 64
    plan = site_plan(delegating)
    assert served_networks(plan['lans'], ipv4_mapped=True) == lan_networks(plan['lans'], True) + ['2001:db8:5500:80::/57']
    assert served_networks(plan['lans'][:1]) == lan_networks(plan['lans'][:1])


def test_site_zones_are_the_domain_and_reverse_zones_without_dots():
    plan = site_plan(site())
    assert site_zones(plan) == ['home.example', '0.0.b.1.0.e.5.b.a.7.d.f.ip6.arpa',
                                '11.18.198.in-addr.arpa', '12.18.198.in-addr.arpa']
    assert site_zones(plan, gua_reverse=True)[4:] == ['0.0.0.0.5.5.8.b.d.0.1.0.0.2.ip6.arpa']


def test_an_ipv6_mostly_lan_needs_a_dhcp_server_for_its_option_108():
    description = site(lans=[{'name': 'guest', 'interface': 'eth3', 'subnet_id': 3, 'ipv4': '198.18.52.0/24',
                              'dns64': True, 'ipv6_mostly': True},
                             {'name': 'home', 'interface': 'eth1', 'subnet_id': 1, 'mode': 'stateful'}],
                       hosts=[{'name': 'server', 'iid': '::100', 'lan': 'home'}])
    groups = {'routers': ['gw'], 'dns_servers': ['server'], 'nat64_gateways': ['server']}
    assert inventory_problems(site_plan(description), groups) == [
        'LAN home asks clients to use DHCPv6 (mode stateful, stateless or hybrid) and LAN guest is ipv6_mostly: true '
        '(DHCPv4 tells its devices to go without IPv4), but the inventory has no host in the group dhcp_servers, '
        'where site.yml runs homelab.ipv6.dhcp46; add the host that serves DHCP to it.']
    assert inventory_problems(site_plan(description), dict(groups, dhcp_servers=['server'])) == []


def test_site_problems_are_sentences_of_the_description_then_of_the_inventory():
    assert site_problems({'domain': 'home.arpa', 'lans': 'home'}) == ["homelab_site.lans: expected a list, got 'home'"]
    assert site_problems(site(), {'routers': ['gw'], 'dns_servers': ['server'], 'dhcp_servers': ['gw']}) == []
    assert site_problems(site(), {'routers': ['gw']})[0].startswith("homelab_site.dns_server is 'server', but")
    assert site_problems(site()) == []


def test_a_host_in_slaac_token_hosts_needs_an_iid_and_a_lan_in_the_plan():
    groups = {'routers': ['gw'], 'dns_servers': ['server'], 'dhcp_servers': ['gw'],
              'slaac_token_hosts': ['Server.home.example', 'sensor', 'tv']}
    assert inventory_problems(site_plan(site()), groups) == [
        "sensor is in the group slaac_token_hosts, where site.yml runs homelab.ipv6.slaac_token, but homelab_site.hosts "
        "has no entry named 'sensor' with an iid and a lan; add one, or take sensor out of the group.",
        "tv is in the group slaac_token_hosts, where site.yml runs homelab.ipv6.slaac_token, but homelab_site.hosts "
        "has no entry named 'tv' with an iid and a lan; add one, or take tv out of the group."]
