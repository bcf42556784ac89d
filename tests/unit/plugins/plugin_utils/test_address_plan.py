# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The address-plan report: a home site like the home lab's, with what its hosts have and
what its resolver answers, as planned and with the differences the report must flag."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.homelab.ipv6.plugins.plugin_utils.address_plan import check, dot, markdown, questions, report
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import site_plan

SITE = {
    'domain': 'home.arpa',
    'gua': '2001:db8:5601::/56',
    'dns_server': 'gw',
    'nat64_prefix': '2001:db8:5664:64::/96',
    'lans': [
        {'name': 'home', 'interface': 'eth1', 'subnet_id': 1, 'ipv4': '198.18.51.0/24', 'mode': 'stateful'},
        {'name': 'v6only', 'interface': 'eth2', 'subnet_id': 2, 'mode': 'stateless', 'dns64': True},
    ],
    'hosts': [
        {'name': 'gw', 'iid': '::1', 'lan': 'home'},
        {'name': 'nas', 'iid': '::10', 'lan': 'home', 'ipv4': '198.18.51.10'},
    ],
}
PLAN = site_plan(SITE, 'fd7a:b5e0:1b50::/48')

HOSTS = {
    'gw': {
        'groups': ['routers', 'dns_servers', 'dhcp_servers', 'nat64_gateways'],
        'uplink': 'eth0',
        'iid': '::1',
        'interfaces': {
            'eth0': ['2001:db8:5600::1', '198.18.50.2', 'fe80::1'],
            'eth1': ['fd7a:b5e0:1b50:1::1', '2001:db8:5601:1::1', '198.18.51.1', 'fe80::1'],
            'eth2': ['fd7a:b5e0:1b50:2::1', '2001:db8:5601:2::1', 'fd00:5650:ff::2'],
            'lo': ['::1', '127.0.0.1'],
        },
    },
    'client': {'groups': [], 'interfaces': {'eth0': ['198.18.51.100', 'fd7a:b5e0:1b50:1::1:5']}},
}
DNS = {
    'AAAA gw.home.arpa': ['2001:db8:5601:1::1', 'fd7a:b5e0:1b50:1::1'],
    'A gw.home.arpa': [],
    'AAAA nas.home.arpa': ['2001:db8:5601:1::10', 'fd7a:b5e0:1b50:1::10'],
    'A nas.home.arpa': ['198.18.51.10'],
    'PTR fd7a:b5e0:1b50:1::10': ['nas.home.arpa.'],
    'PTR 2001:db8:5601:1::10': ['nas.home.arpa.'],
    'PTR 198.18.51.10': ['nas.home.arpa.'],
    'PTR fd7a:b5e0:1b50:1::1': ['gw.home.arpa.'],
    'PTR 2001:db8:5601:1::1': ['gw.home.arpa.'],
    'PTR fd7a:b5e0:1b50:1::1:5': ['lab-home.home.arpa.'],
}


def test_a_network_as_planned_has_no_mismatch():
    assert check(PLAN, HOSTS, DNS, gua_reverse=True) == []


def test_a_missing_fixed_address_and_a_stale_one_are_flagged():
    hosts = copy.deepcopy(HOSTS)
    hosts['gw']['interfaces']['eth2'] = ['fd7a:b5e0:1b50:2::1', '2001:db8:56a1:2::1']
    assert check(PLAN, hosts, DNS, gua_reverse=True) == [
        "gw: eth2 lacks 2001:db8:5601:2::1, its fixed address in LAN v6only's 2001:db8:5601:2::/64",
        "gw: eth2 still has 2001:db8:56a1:2::1, with the router's interface id but in no prefix of the "
        "plan (a stale prefix?)",
    ]


def test_dns_answers_that_differ_from_the_plan_are_flagged():
    dns = dict(DNS, **{'AAAA nas.home.arpa': ['2001:db8:56a1:1::10', 'fd7a:b5e0:1b50:1::10'],
                       'PTR 2001:db8:5601:1::10': []})
    assert check(PLAN, HOSTS, dns, gua_reverse=True) == [
        'DNS: AAAA nas.home.arpa answers 2001:db8:56a1:1::10, fd7a:b5e0:1b50:1::10; the plan says '
        '2001:db8:5601:1::10, fd7a:b5e0:1b50:1::10',
        'DNS: PTR of 2001:db8:5601:1::10 answers nothing; the plan says nas.home.arpa.',
    ]


def test_gua_ptrs_are_not_expected_unless_the_gua_reverse_zones_are_served():
    dns = {key: value for key, value in DNS.items() if not key.startswith('PTR 2001:')}
    assert check(PLAN, HOSTS, dns, gua_reverse=False) == []


def test_questions_not_asked_are_not_mismatches():
    assert check(PLAN, HOSTS, {}, gua_reverse=True) == []


def test_the_page_shows_prefixes_lans_servers_names_and_hosts():
    page = markdown(PLAN, HOSTS, DNS, gua_reverse=True)
    for row in (
        '| GUA | 2001:db8:5601::/56 | homelab_site.gua |',
        '| ULA | fd7a:b5e0:1b50::/48 |',
        '| NAT64 | 2001:db8:5664:64::/96 |',
        '| Uplink of gw | 2001:db8:5600::1<br>198.18.50.2 | the ISP, on eth0 |',
        '| home | eth1 | stateful (M O) | fd7a:b5e0:1b50:1::/64 | 2001:db8:5601:1::/64 | 198.18.51.0/24 | '
        'fd7a:b5e0:1b50:1::1 | no |',
        '| v6only | eth2 | stateless (O A) |',
        '| DNS64 + NAT64 (dns64_nat64) | gw |',
        '| nas.home.arpa | home | 2001:db8:5601:1::10<br>fd7a:b5e0:1b50:1::10 | 198.18.51.10 | as planned, with PTR |',
        '| client | eth0 | home | 198.18.51.100<br>fd7a:b5e0:1b50:1::1:5 | lab-home.home.arpa. |',
        '| gw | eth2 | outside the plan, v6only |',
        'None: every fixed address is on its interface',
    ):
        assert row in page, row
    assert 'fe80::1' not in page and '| gw | lo |' not in page


def test_the_page_lists_the_mismatches():
    hosts = copy.deepcopy(HOSTS)
    hosts['gw']['interfaces']['eth1'] = ['fd7a:b5e0:1b50:1::1']
    page = markdown(PLAN, hosts, DNS, gua_reverse=True)
    assert "- gw: eth1 lacks 2001:db8:5601:1::1, its fixed address in LAN home's 2001:db8:5601:1::/64" in page


def test_the_diagram_links_uplink_router_lans_and_hosts():
    graph = dot(PLAN, HOSTS)
    assert graph.startswith('graph address_plan {') and graph.rstrip().endswith('}')
    for line in (
        'uplink -- "host:gw" [label="eth0\\n2001:db8:5600::1\\n198.18.50.2"];',
        '"host:gw" -- "lan:home" [label="eth1\\nfd7a:b5e0:1b50:1::1\\n2001:db8:5601:1::1\\n198.18.51.1"];',
        '"host:client" -- "lan:home" [label="eth0\\n198.18.51.100\\nfd7a:b5e0:1b50:1::1:5"];',
        '"lan:v6only" [shape=folder, label="LAN v6only: stateless (O A)\\nfd7a:b5e0:1b50:2::/64\\n'
        '2001:db8:5601:2::/64\\nDNS64"];',
    ):
        assert line in graph, line


def test_a_flagged_host_is_red_in_the_diagram():
    hosts = copy.deepcopy(HOSTS)
    hosts['gw']['interfaces']['eth1'] = ['fd7a:b5e0:1b50:1::1']
    result = report(PLAN, hosts, DNS, gua_reverse=True)
    assert len(result['mismatches']) == 1
    assert 'color=red' in next(line for line in result['dot'].splitlines() if line.startswith('  "host:gw" ['))


@pytest.mark.parametrize('delegated, source', [
    ('2001:db8:5601::/56', 'the 6rd delegation of gw'),
    ('', 'homelab_site.gua'),
])
def test_the_gua_source_names_a_6rd_delegation(delegated, source):
    hosts = copy.deepcopy(HOSTS)
    hosts['gw']['delegated_6rd'] = delegated
    assert f'| GUA | 2001:db8:5601::/56 | {source} |' in markdown(PLAN, hosts, DNS)


def test_the_gua_row_of_a_delegated_prefix_says_from_where_and_until_when():
    delegation = {'requested_length': 56, 'prefix': '2001:db8:5601::/56', 'interface': 'eth0',
                  'preferred_until': 1796223511, 'valid_until': 1796223541, 'previous': None}
    plan = dict(PLAN, gua_source='dhcpv6-pd', gua_delegation=delegation)
    assert ('| GUA | 2001:db8:5601::/56 | the ISP, by DHCPv6-PD on eth0 (asked for a /56); preferred until '
            '2026-12-02 14:58:31 UTC, valid until 2026-12-02 14:59:01 UTC |') in markdown(plan, HOSTS, DNS)
    forever = dict(plan, gua_delegation=dict(delegation, preferred_until=None, valid_until=None))
    assert 'preferred until no end (infinite lifetime), valid until no end' in markdown(forever, HOSTS, DNS)
    lost = dict(plan, gua=None, gua_delegation=dict(delegation, prefix=None, previous='2001:db8:5601::/56'))
    assert ('| GUA | – | DHCPv6-PD on eth0: no prefix delegated (asked for a /56; the last one was '
            '2001:db8:5601::/56); the LANs have their ULA alone |') in markdown(lost, HOSTS, DNS)


def test_hosts_given_by_their_facts_and_a_router_id_from_the_plan():
    facts = {
        'interfaces': ['lo', 'eth1'],
        'lo': {'ipv4': {'address': '127.0.0.1'}, 'ipv6': [{'address': '::1', 'prefix': '128', 'scope': 'host'}]},
        'eth1': {'ipv4': {'address': '198.18.51.1'},
                 'ipv4_secondaries': [{'address': '198.18.51.2'}],
                 'ipv6': [{'address': 'fd7a:b5e0:1b50:1::1', 'prefix': '64', 'scope': 'global'},
                          {'address': 'fe80::1', 'prefix': '64', 'scope': 'link'}]},
        'ansible_local': {'homelab_sixrd': {'delegated_prefix': '2001:db8:6000:22a0::/60'}},
    }
    result = report(PLAN, {'gw': {'groups': ['routers'], 'facts': facts}}, {})
    assert result['mismatches'] == [
        "gw: eth1 lacks 2001:db8:5601:1::1, its fixed address in LAN home's 2001:db8:5601:1::/64"]
    assert '| gw | eth1 | home | 198.18.51.1<br>198.18.51.2<br>fd7a:b5e0:1b50:1::1 | – |' in result['markdown']
    assert '| 6rd delegated | 2001:db8:6000:22a0::/60 | the 6rd tunnel of gw |' in result['markdown']


def test_a_name_may_answer_with_more_of_its_hosts_own_addresses_but_not_with_others():
    # The DNS server names itself with its LAN addresses: gw's IPv4 is its own.
    assert check(PLAN, HOSTS, dict(DNS, **{'A gw.home.arpa': ['198.18.51.1']}), gua_reverse=True) == []
    assert check(PLAN, HOSTS, dict(DNS, **{'A gw.home.arpa': ['198.18.51.99']}), gua_reverse=True) == [
        'DNS: A gw.home.arpa answers 198.18.51.99; the plan says nothing']


def test_a_host_in_no_lan_hangs_on_the_isp_side():
    hosts = dict(HOSTS, web={'groups': [], 'interfaces': {'eth0': ['198.18.50.10', 'fe80::2']}})
    assert 'uplink -- "host:web" [label="eth0\\n198.18.50.10"];' in dot(PLAN, hosts)


def test_the_questions_are_the_planned_names_then_the_ptr_of_every_planned_and_found_address():
    assert questions(PLAN, HOSTS) == [
        'AAAA gw.home.arpa', 'A gw.home.arpa', 'AAAA nas.home.arpa', 'A nas.home.arpa',
        'PTR fd7a:b5e0:1b50:1::1', 'PTR 2001:db8:5601:1::1',
        'PTR fd7a:b5e0:1b50:1::10', 'PTR 2001:db8:5601:1::10', 'PTR 198.18.51.10',
        # found: the client's, then the gateway's by interface, without loopback and link-local
        'PTR 198.18.51.100', 'PTR fd7a:b5e0:1b50:1::1:5',
        'PTR 2001:db8:5600::1', 'PTR 198.18.50.2', 'PTR 198.18.51.1',
        'PTR fd7a:b5e0:1b50:2::1', 'PTR 2001:db8:5601:2::1', 'PTR fd00:5650:ff::2',
    ]


def test_every_question_asked_is_one_the_report_reads():
    """The report reads these keys: answers to the questions leave it nothing 'not asked'."""
    answers = {question: [] for question in questions(PLAN, HOSTS)}
    assert 'not asked' not in report(PLAN, HOSTS, answers)['markdown']


def test_a_hybrid_lan_shows_which_prefix_carries_the_a_flag():
    site = copy.deepcopy(SITE)
    site['lans'][0]['mode'] = 'hybrid'
    page = markdown(site_plan(site, 'fd7a:b5e0:1b50::/48'), HOSTS, DNS, gua_reverse=True)
    assert '| home | eth1 | hybrid (M O A on 2001:db8:5601:1::/64) |' in page


KEA_LEASES = '''address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context,pool_id
198.18.52.100,02:00:5E:00:53:54,,60,2000,3,0,0,phone,0,,0
198.18.52.101,02:00:5e:00:53:57,,60,900,3,0,0,old,0,,0
198.18.52.102,02:00:5e:00:53:58,,60,2000,3,0,0,gone,0,,0
198.18.52.102,02:00:5e:00:53:58,,60,2000,3,0,0,gone,2,,0
198.18.51.100,02:00:5e:00:53:51,,60,2000,1,0,0,client,0,,0
'''
ISC_LEASES = '''# The format of this file is documented in the dhcpd.leases(5) manual page.
lease 198.18.52.110 {
  starts 4 2026/12/03 23:59:00;
  ends 5 2026/12/04 00:30:00;
  binding state active;
  hardware ethernet 02:00:5e:00:53:60;
}
lease 198.18.52.111 {
  ends epoch 1000;
  binding state active;
  hardware ethernet 02:00:5e:00:53:61;
}
'''
MOSTLY = copy.deepcopy(SITE)
MOSTLY['lans'].append({'name': 'guest', 'interface': 'eth3', 'subnet_id': 3, 'ipv4': '198.18.52.0/24',
                       'dns64': True, 'ipv6_mostly': True})
MOSTLY_PLAN = site_plan(MOSTLY, 'fd7a:b5e0:1b50::/48')


def test_an_ipv6_mostly_lan_counts_devices_with_and_without_an_ipv4_lease():
    from ansible_collections.homelab.ipv6.plugins.plugin_utils.address_plan import ipv6_mostly_devices
    neighbours = [
        {'dst': 'fe80::54', 'dev': 'eth3', 'lladdr': '02:00:5e:00:53:54', 'state': ['STALE']},
        {'dst': '2001:db8:5601:3::56', 'dev': 'eth3', 'lladdr': '02:00:5e:00:53:56', 'state': ['REACHABLE']},
        {'dst': 'fe80::56', 'dev': 'eth3', 'lladdr': '02:00:5e:00:53:56', 'state': ['STALE']},
        {'dst': 'fe80::59', 'dev': 'eth3', 'state': ['FAILED']},
        {'dst': 'fe80::51', 'dev': 'eth1', 'lladdr': '02:00:5e:00:53:51', 'state': ['STALE']},
    ]
    hosts = dict(HOSTS, gw=dict(HOSTS['gw'], ipv4_leases={'kea': KEA_LEASES, 'isc': ''}, neighbours=neighbours))
    # The expired lease (900) and the released one (state 2) hold no IPv4; the home LAN's is elsewhere.
    assert ipv6_mostly_devices(MOSTLY_PLAN, hosts, now=1000) == [{
        'lan': 'guest', 'with_ipv4': ['02:00:5e:00:53:54'], 'without_ipv4': ['02:00:5e:00:53:56'], 'servers': ['gw']}]
    assert ipv6_mostly_devices(PLAN, hosts, now=1000) == []
    # The page counts by the clock: leases that run for long yet.
    live = KEA_LEASES.replace(',2000,', ',4000000000,')
    hosts['gw'] = dict(hosts['gw'], ipv4_leases={'kea': live})
    page = markdown(MOSTLY_PLAN, hosts, {})
    assert '| guest | eth3 | slaac (A) |' in page and ' | yes, IPv6-mostly |' in page
    assert '## IPv6-mostly LANs' in page and '| guest | 1 | 1 | gw |' in page
    assert '## IPv6-mostly LANs' not in markdown(PLAN, HOSTS, {})


def test_the_devices_the_watcher_named_are_listed_with_where_their_name_came_from():
    hosts = copy.deepcopy(HOSTS)
    hosts['gw']['device_names'] = {'02:00:5e:00:53:54': {
        'name': 'phone', 'addresses': ['fd7a:b5e0:1b50:1:0:5eff:fe00:5354'], 'last_seen': 1796344200}}
    page = markdown(PLAN, hosts, DNS)
    assert '## Devices named by the device watcher' in page
    assert ('| phone.home.arpa | home | 02:00:5e:00:53:54 | fd7a:b5e0:1b50:1:0:5eff:fe00:5354 | its DHCPv4 lease | '
            '2026-12-04 00:30:00 UTC | gw |') in page
    assert '## Devices named' not in markdown(PLAN, HOSTS, DNS)
    hosts['gw']['device_names']['02:00:5e:00:53:70'] = {
        'name': 'printer', 'addresses': ['fd7a:b5e0:1b50:2::5eff:fe00:5370'], 'last_seen': 1796344200, 'source': 'mdns'}
    assert '| printer.home.arpa | v6only | 02:00:5e:00:53:70 | fd7a:b5e0:1b50:2::5eff:fe00:5370 | its mDNS name |' in markdown(
        PLAN, hosts, DNS)


def test_the_services_open_to_the_internet_are_listed_at_todays_addresses():
    site = copy.deepcopy(SITE)
    site['hosts'][1]['inbound'] = [{'proto': 'tcp', 'port': 443}, {'proto': 'udp', 'port': 51820, 'from': '2001:db8:99::/48'}]
    # The router of the house next door, in the same inventory, is no router of this site.
    hosts = dict(HOSTS, neighbour={'groups': ['lab_neighbours'], 'uplink': 'eth0', 'interfaces': {'eth0': ['198.18.50.9']}})
    page = markdown(site_plan(site, 'fd7a:b5e0:1b50::/48'), hosts, DNS)
    assert '## Services open to the Internet' in page
    assert '| nas.home.arpa | tcp 443 | 2001:db8:5601:1::10 | 198.18.50.2:443 → 198.18.51.10 | anywhere |' in page
    assert '| nas.home.arpa | udp 51820 | 2001:db8:5601:1::10 | – | 2001:db8:99::/48 |' in page
    assert '## Services open' not in markdown(PLAN, HOSTS, DNS)
    # With no GUA (the ISP delegates none now), the service is open at no address over IPv6.
    site['gua'] = 'dhcpv6-pd'
    assert '| nas.home.arpa | tcp 443 | none (no GUA now) |' in markdown(site_plan(site, 'fd7a:b5e0:1b50::/48'), HOSTS, DNS)


def test_the_routes_to_thread_networks_are_listed_with_their_border_routers():
    hosts = copy.deepcopy(HOSTS)
    hosts['gw']['thread_routes'] = [
        {'dst': 'fd12:3456:789a:1::/64', 'gateway': 'fe80::be', 'dev': 'eth2', 'metric': 1024, 'flags': [],
         'expires': 1795, 'pref': 'medium'},
        {'dst': 'fd12:3456:789a:2::/64', 'gateway': 'fe80::bf', 'dev': 'eth2', 'metric': 1024, 'flags': []}]
    page = markdown(PLAN, hosts, DNS)
    assert '## Routes to Thread networks' in page
    assert '| fd12:3456:789a:1::/64 | v6only | fe80::be on eth2 | 1795 s | gw |' in page
    assert '| fd12:3456:789a:2::/64 | v6only | fe80::bf on eth2 | never (no end) | gw |' in page
    assert '## Routes to Thread networks' not in markdown(PLAN, HOSTS, DNS)


def test_the_live_delegations_are_listed_with_their_lan_requester_and_expiry():
    site = copy.deepcopy(SITE)
    site['lans'][0]['delegate'] = 60
    plan = site_plan(site, 'fd7a:b5e0:1b50::/48')
    pool = plan['lans'][0]['pd_pools'][0]['prefix']
    inside = pool.split('/')[0]
    header = ('address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,'
              'fqdn_rev,hostname,hwaddr,state,user_context,hwtype,hwaddr_source,pool_id\n')
    leases = header + (
        f'{inside},00:03:00:01:02:00:5e:00:53:61,60,4000000000,1,45,2,1,60,0,0,,02:00:5e:00:53:61,0,,1,0,0\n'
        '2001:db8:9999::,00:01,60,4000000000,1,45,2,1,60,0,0,,,0,,1,0,0\n'
        '2001:db8:5500:1::1:5,00:02,60,4000000000,1,45,0,1,128,0,0,,,0,,1,0,0\n'
        '2001:db8:8888::,00:04,60,1000,1,45,2,1,60,0,0,,,0,,1,0,0\n')
    hosts = copy.deepcopy(HOSTS)
    hosts['gw']['leases6'] = leases
    page = markdown(plan, hosts, DNS)
    assert '## Prefixes delegated to the routers behind the LANs' in page
    lan = plan['lans'][0]['name']
    assert f'| {inside}/60 | {lan} | 02:00:5e:00:53:61 | ' in page
    assert '| 2001:db8:9999::/60 | outside the pools now | DUID 00:01 | ' in page
    # Addresses and expired delegations are no delegation of now.
    assert '2001:db8:5500:1::1:5' not in page.split('## Prefixes delegated')[1].split('##')[0]
    assert '2001:db8:8888::' not in page
