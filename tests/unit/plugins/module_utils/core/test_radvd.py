# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.homelab.ipv6.plugins.module_utils._core.radvd import (
    HEADER,
    advertised_prefixes,
    configured_prefixes,
    departed_prefixes,
    gua_lifetimes,
    link_mtu_choice,
    pref64_choice,
    pref64_lifetime,
    radvd_config,
    timer_problems,
    uplink_mtus,
)
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import site_plan

SITE = {
    'domain': 'home.arpa',
    'ula': 'fd7a:b5e0:1b00::/48',
    'gua': '2001:db8:5500::/56',
    'dns_server': 'gw',
    'lans': [
        {'name': 'home', 'interface': 'eth1', 'subnet_id': 1, 'mode': 'stateful'},
        {'name': 'iot', 'interface': 'eth2', 'subnet_id': 2, 'mode': 'hybrid'},
    ],
    'hosts': [{'name': 'gw', 'iid': '::1', 'lan': 'home'}],
}

EXPECTED = HEADER + '''
# LAN home: mode stateful
interface eth1
{
    AdvSendAdvert on;
    AdvManagedFlag on;
    AdvOtherConfigFlag on;
    AdvDefaultPreference medium;
    MaxRtrAdvInterval 600;

    prefix fd7a:b5e0:1b00:1::/64
    {
        AdvOnLink on;
        AdvAutonomous off;
        DeprecatePrefix on;
    };

    prefix 2001:db8:5500:1::/64
    {
        AdvOnLink on;
        AdvAutonomous off;
        AdvPreferredLifetime 2700;
        AdvValidLifetime 5400;
        DeprecatePrefix on;
    };

    RDNSS fd7a:b5e0:1b00:1::1
    {
        AdvRDNSSLifetime 1200;
    };

    DNSSL home.arpa
    {
        AdvDNSSLLifetime 1200;
    };
};

# LAN iot: mode hybrid
interface eth2
{
    AdvSendAdvert on;
    AdvManagedFlag on;
    AdvOtherConfigFlag on;
    AdvDefaultPreference medium;
    MaxRtrAdvInterval 600;

    prefix fd7a:b5e0:1b00:2::/64
    {
        AdvOnLink on;
        AdvAutonomous off;
        DeprecatePrefix on;
    };

    prefix 2001:db8:5500:2::/64
    {
        AdvOnLink on;
        AdvAutonomous on;
        AdvPreferredLifetime 2700;
        AdvValidLifetime 5400;
        DeprecatePrefix on;
    };

    RDNSS fd7a:b5e0:1b00:2::1
    {
        AdvRDNSSLifetime 1200;
    };

    DNSSL home.arpa
    {
        AdvDNSSLLifetime 1200;
    };
};
'''


def test_each_lan_gets_its_flags_prefixes_and_dns_options():
    assert radvd_config(site_plan(SITE)['lans'], {'dnssl': ['home.arpa']}) == EXPECTED


def test_settings_add_intervals_and_lifetimes_and_may_keep_the_gua_out():
    lans = site_plan(SITE)['lans'][:1]
    text = radvd_config(lans, {'min_interval': 3, 'max_interval': 10, 'default_lifetime': 0, 'rdnss': [],
                               'dns_lifetime': 30, 'dnssl': ['home.arpa', 'lab.example'], 'advertise_gua': False,
                               'default_preference': 'high'})
    for line in ('    AdvDefaultPreference high;', '    AdvDefaultLifetime 0;', '    MinRtrAdvInterval 3;',
                 '    MaxRtrAdvInterval 10;', '    DNSSL home.arpa lab.example', '        AdvDNSSLLifetime 30;'):
        assert line + '\n' in text, line
    assert 'RDNSS' not in text and '2001:db8' not in text
    assert configured_prefixes(text) == ['fd7a:b5e0:1b00:1::/64']


def test_without_a_delegated_prefix_only_the_ulas_are_advertised():
    plan = site_plan(dict(SITE, gua='dhcpv6-pd'))
    assert configured_prefixes(radvd_config(plan['lans'])) == ['fd7a:b5e0:1b00:1::/64', 'fd7a:b5e0:1b00:2::/64']
    assert advertised_prefixes(plan['lans'], False) == ['fd7a:b5e0:1b00:1::/64', 'fd7a:b5e0:1b00:2::/64']


def _gua_lifetime_lines(text):
    return [line.strip() for line in text.splitlines() if 'Lifetime' in line and 'Adv' in line and 'DNS' not in line]


def test_gua_lifetimes_are_never_longer_than_the_isp_granted():
    # RFC 9096 section 3: the lesser of the limit (2700/5400 s by default) and the delegation's.
    defaults = {'gua_preferred_lifetime': 2700, 'gua_valid_lifetime': 5400}
    assert gua_lifetimes(defaults) == (2700, 5400)
    assert gua_lifetimes(defaults, {'preferred_lifetime': 45, 'valid_lifetime': 60}) == (45, 60)
    assert gua_lifetimes(defaults, {'preferred_lifetime': 86400, 'valid_lifetime': 172800}) == (2700, 5400)
    # Infinite (null) lifetimes of the ISP cap nothing; a preferred lifetime never passes the valid one.
    assert gua_lifetimes(defaults, {'preferred_lifetime': None, 'valid_lifetime': None}) == (2700, 5400)
    assert gua_lifetimes(defaults, {'preferred_lifetime': None, 'valid_lifetime': 1800}) == (1800, 1800)


def test_a_delegated_sites_gua_is_advertised_no_longer_than_its_lease():
    fact = {'prefix': '2001:db8:5610::/56', 'preferred_lifetime': 45, 'valid_lifetime': 60}
    plan = site_plan(dict(SITE, gua='dhcpv6-pd'), delegation=fact)
    assert plan['gua_delegation']['preferred_lifetime'] == 45 and plan['gua_delegation']['valid_lifetime'] == 60
    text = radvd_config(plan['lans'], None, plan['gua_delegation'])
    assert _gua_lifetime_lines(text) == ['AdvPreferredLifetime 45;', 'AdvValidLifetime 60;'] * 2
    # A fact of an older release, without the granted lifetimes, caps nothing.
    plan = site_plan(dict(SITE, gua='dhcpv6-pd'), delegation={'prefix': '2001:db8:5610::/56'})
    assert _gua_lifetime_lines(radvd_config(plan['lans'], None, plan['gua_delegation'])) == \
        ['AdvPreferredLifetime 2700;', 'AdvValidLifetime 5400;'] * 2


def test_the_prefixes_of_a_config_are_read_back_in_order():
    assert configured_prefixes(EXPECTED) == ['fd7a:b5e0:1b00:1::/64', '2001:db8:5500:1::/64',
                                             'fd7a:b5e0:1b00:2::/64', '2001:db8:5500:2::/64']
    assert configured_prefixes('') == [] and configured_prefixes(None) == []


def test_pref64_goes_to_the_dns64_lans_alone_when_asked():
    lans = site_plan(dict(SITE, lans=[SITE['lans'][0], dict(SITE['lans'][1], dns64=True)]))['lans']
    assert 'nat64prefix' not in radvd_config(lans)
    text = radvd_config(lans, {'pref64': '2001:db8:5664:64::/96', 'max_interval': 10})
    assert text.count('nat64prefix') == 1
    iot = text[text.index('# LAN iot'):]
    assert '\n    nat64prefix 2001:db8:5664:64::/96\n    {\n        AdvValidLifetime 32;\n    };\n};\n' in iot


def test_the_pref64_lifetime_covers_three_intervals_in_units_of_eight_seconds():
    # RFC 8781 section 4: a scaled lifetime (units of 8 s, at most 65528 s), as long as the router's.
    assert pref64_lifetime(10) == 32
    assert pref64_lifetime(600) == 1800
    assert pref64_lifetime(1800) == 5400
    assert pref64_lifetime(30000) == 65528


TIMERS = {'radvd_max_interval': 600, 'radvd_min_interval': None, 'radvd_default_lifetime': None,
          'radvd_dns_lifetime': None, 'radvd_gua_preferred_lifetime': 2700, 'radvd_gua_valid_lifetime': 5400}


@pytest.mark.parametrize('changed, problems', [
    ({}, []),
    ({'radvd_max_interval': '600', 'radvd_min_interval': 200, 'radvd_default_lifetime': 0, 'radvd_dns_lifetime': 1200}, []),
    ({'radvd_max_interval': 2}, ['radvd_max_interval is 2; RFC 4861 allows 4 to 1800 seconds']),
    ({'radvd_max_interval': 'often'}, ['radvd_max_interval is often; RFC 4861 allows 4 to 1800 seconds']),
    ({'radvd_min_interval': 500},
     ['radvd_min_interval is 500; RFC 4861 allows 3 seconds to 0.75 x radvd_max_interval (450.0)']),
    ({'radvd_default_lifetime': 60, 'radvd_dns_lifetime': 30},
     ['radvd_default_lifetime is 60; RFC 4861 allows 0 (not a default router) or radvd_max_interval (600) to 9000 '
      'seconds', 'radvd_dns_lifetime is 30; a client would drop the resolver between two advertisements: give at least '
      'radvd_max_interval (600) seconds, 3 x that by RFC 8106']),
    ({'radvd_gua_preferred_lifetime': 6000},
     ['radvd_gua_preferred_lifetime is 6000 and radvd_gua_valid_lifetime is 5400; the preferred lifetime must be 0 or '
      'more and not longer than the valid one']),
])
def test_the_timers_are_checked_by_the_writer_naming_the_role_variables(changed, problems):
    assert timer_problems(dict(TIMERS, **changed)) == problems


LANS = [{'name': 'home', 'dns64': False, 'ipv6_mostly': False, 'prefixes': ['fd00:1::/64', '2001:db8:1::/64'],
         'ula_prefix': 'fd00:1::/64'},
        {'name': 'v6only', 'dns64': True, 'ipv6_mostly': False, 'prefixes': ['fd00:2::/64'], 'ula_prefix': 'fd00:2::/64'},
        {'name': 'mostly', 'dns64': True, 'ipv6_mostly': True, 'prefixes': ['fd00:3::/64'], 'ula_prefix': 'fd00:3::/64'}]


def test_departed_prefixes_are_those_the_file_in_place_has_and_the_lans_do_not():
    before = 'interface eth1 {\n    prefix fd00:1::/64 {\n    };\n    prefix 2001:db8:9::/64 {\n    };\n};\n'
    assert departed_prefixes(before, LANS) == ['2001:db8:9::/64']
    assert departed_prefixes(before.replace('2001:db8:9::', '2001:db8:1::'), LANS, advertise_gua=False) == ['2001:db8:1::/64']
    assert departed_prefixes('', LANS) == []


@pytest.mark.parametrize('lans, wanted, version, choice', [
    (LANS, None, '1:2.20-1+b1', {'advertise': True, 'problem': ''}),
    (LANS, False, '1:2.20-1', {'advertise': False, 'problem': ''}),
    (LANS[:2], None, '1:2.19-1', {'advertise': False, 'problem': ''}),
    (LANS[:1], True, '', {'advertise': False, 'problem': ''}),
    (LANS, None, '1:2.19-1', {'advertise': False, 'problem': (
        'radvd 2.19 on gw cannot advertise the NAT64 prefix as PREF64 (RFC 8781), which the IPv6-mostly LAN mostly '
        'needs on v6only, mostly: radvd 2.20 or newer has it (Debian 13, or bookworm-backports: apt install -t '
        'bookworm-backports radvd); or set radvd_pref64: false, and the clients find the prefix by RFC 7050 alone')}),
    (LANS[:2], True, '', {'advertise': False, 'problem': (
        'No radvd package (no package lists?) on gw cannot advertise the NAT64 prefix as PREF64 (RFC 8781), which '
        'radvd_pref64: true asks for on v6only: radvd 2.20 or newer has it (Debian 13, or bookworm-backports: apt '
        'install -t bookworm-backports radvd); or set radvd_pref64: false, and the clients find the prefix by RFC 7050 '
        'alone')}),
])
def test_pref64_goes_out_where_radvd_can_and_says_why_not_where_it_must(lans, wanted, version, choice):
    assert pref64_choice(lans, wanted, version, 'gw') == choice


# `ip -j link show` and `ip -6 -j route show default` as a 6rd router and a PPPoE one print them.
LINKS = ('[{"ifindex":1,"ifname":"lo","mtu":65536},{"ifindex":2,"ifname":"eth0","mtu":1500},'
         '{"ifindex":3,"ifname":"eth1","mtu":1500},{"ifindex":4,"ifname":"sixrd0","mtu":1280},'
         '{"ifindex":5,"ifname":"ppp0","mtu":1492}]')
VIA_6RD = '[{"dst":"default","dev":"sixrd0","protocol":"static","metric":1024,"flags":["onlink"],"pref":"medium"}]'
VIA_PPPOE = '[{"dst":"default","gateway":"fe80::1","dev":"ppp0","protocol":"ra","metric":1024,"flags":[],"pref":"medium"}]'
VIA_ETHERNET = '[{"dst":"default","gateway":"fe80::1","dev":"eth0","protocol":"ra","metric":1024,"flags":[]}]'


def test_the_link_mtu_is_the_tunnels_or_the_pppoe_lines_and_none_on_ethernet():
    assert link_mtu_choice('auto', VIA_6RD, LINKS) == {'mtu': 1280, 'source': 'sixrd0', 'problem': ''}
    assert link_mtu_choice('auto', VIA_PPPOE, LINKS) == {'mtu': 1492, 'source': 'ppp0', 'problem': ''}
    assert link_mtu_choice('auto', VIA_ETHERNET, LINKS) == {'mtu': 0, 'source': '', 'problem': ''}
    # No default route (yet): nothing to go by, nothing advertised.
    assert link_mtu_choice('auto', '[]', LINKS)['mtu'] == 0


def test_a_routes_own_mtu_and_every_next_hop_count_and_the_lowest_wins():
    with_mtu = ('[{"dst":"default","gateway":"fe80::1","dev":"eth0","protocol":"static","metric":1024,'
                '"metrics":[{"mtu":1480}],"flags":[]}]')
    assert uplink_mtus(with_mtu, LINKS) == {'eth0': 1480}
    two_ways = ('[{"dst":"default","protocol":"ra","metric":1024,"flags":[],"nexthops":['
                '{"gateway":"fe80::1","dev":"eth0","weight":1,"flags":[]},{"dev":"ppp0","weight":1,"flags":[]}]}]')
    assert uplink_mtus(two_ways, LINKS) == {'eth0': 1500, 'ppp0': 1492}
    assert link_mtu_choice('auto', two_ways, LINKS)['mtu'] == 1492


def test_a_set_link_mtu_is_advertised_as_it_is_and_a_wrong_one_is_named():
    assert link_mtu_choice(1400)['mtu'] == 1400 and link_mtu_choice('0')['mtu'] == 0
    assert link_mtu_choice(1000, hostname='gw')['problem'] == (
        'radvd_link_mtu 1000 on gw is not auto, 0 (advertise none) or an MTU from 1280 (the IPv6 minimum) to 65535')
    assert link_mtu_choice('big')['problem'].startswith("radvd_link_mtu 'big' on this host is not auto")


def test_the_link_mtu_goes_into_each_lans_advertisements():
    text = radvd_config(site_plan(SITE)['lans'], {'link_mtu': 1280})
    assert text.count('    MaxRtrAdvInterval 600;\n    AdvLinkMTU 1280;\n') == 2
    assert 'AdvLinkMTU' not in radvd_config(site_plan(SITE)['lans'], {'link_mtu': 0})
