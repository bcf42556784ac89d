# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import ipaddress
import json

from ansible_collections.homelab.ipv6.plugins.module_utils._core.device_names import (
    Neighbour,
    claimed_names,
    host_label,
    isc_lease_names,
    kea_lease_names,
    lan_prefixes,
    parse_neighbours,
    planned_records,
    present,
    stable_candidates,
)

# RFC 7042's documentation MACs; the phone's EUI-64 interface id is 0000:5eff:fe00:5354.
PHONE = '02:00:5e:00:53:54'
TV = '02:00:5e:00:53:60'
NOW = 1_800_000_000
ULA = ipaddress.IPv6Network('fd00:5650:3::/64')
GUA = ipaddress.IPv6Network('2001:db8:5610:3::/64')
SETTINGS = dict(domain='home.arpa', ttl=120, forget_after=3600)

NEIGHBOURS = json.dumps([
    {'dst': 'fe80::5eff:fe00:5354', 'dev': 'eth3', 'lladdr': PHONE, 'router': False, 'state': ['STALE']},
    # A temporary address (RFC 8981): an id of its own, which the phone talks from.
    {'dst': '2001:db8:5610:3:8d1c:2a44:e0b1:77f2', 'dev': 'eth3', 'lladdr': PHONE, 'state': ['REACHABLE']},
    {'dst': 'fd00:5650:3::5eff:fe00:5354', 'dev': 'eth3', 'lladdr': PHONE, 'state': ['REACHABLE']},
    {'dst': '2001:db8:5610:3:0:5eff:fe00:5354', 'dev': 'eth3', 'lladdr': PHONE, 'state': ['DELAY']},
    # A probe nobody answered, and the uplink's router.
    {'dst': '2001:db8:5610:3:0:5eff:fe00:5360', 'dev': 'eth3', 'state': ['FAILED']},
    {'dst': 'fe80::1', 'dev': 'eth0', 'lladdr': '02:00:5e:00:53:01', 'router': True, 'state': ['REACHABLE']},
])
ADDRESSES = json.dumps([
    {'ifname': 'eth0', 'addr_info': [{'family': 'inet6', 'local': '2001:db8:5650::2', 'prefixlen': 64, 'scope': 'global'}]},
    {'ifname': 'eth3', 'addr_info': [
        {'family': 'inet', 'local': '198.18.52.1', 'prefixlen': 24, 'scope': 'global'},
        {'family': 'inet6', 'local': 'fd00:5650:3::1', 'prefixlen': 64, 'scope': 'global'},
        {'family': 'inet6', 'local': '2001:db8:5610:3::1', 'prefixlen': 64, 'scope': 'global'},
        {'family': 'inet6', 'local': 'fe80::1', 'prefixlen': 64, 'scope': 'link'}]},
])


def test_a_device_seen_by_its_link_local_address_is_asked_for_its_id_in_each_prefix_and_a_temporary_never():
    neighbours = parse_neighbours(NEIGHBOURS)
    assert Neighbour(ipaddress.IPv6Address('fe80::5eff:fe00:5354'), PHONE, 'eth3', ('STALE',)) in neighbours
    assert len(neighbours) == 5
    prefixes = lan_prefixes(ADDRESSES, ['eth3'])
    assert prefixes == {'eth3': [ULA, GUA]}
    candidates = stable_candidates(neighbours, prefixes)
    assert candidates == [(PHONE, 'eth3', ipaddress.IPv6Address('fd00:5650:3::5eff:fe00:5354')),
                          (PHONE, 'eth3', ipaddress.IPv6Address('2001:db8:5610:3:0:5eff:fe00:5354'))]
    assert present(candidates, neighbours) == {PHONE: [ipaddress.IPv6Address('2001:db8:5610:3:0:5eff:fe00:5354'),
                                                       ipaddress.IPv6Address('fd00:5650:3::5eff:fe00:5354')]}


def test_hostnames_become_one_label():
    assert host_label('Galaxy-S21') == 'galaxy-s21'
    assert host_label('home-phone.home.arpa.') == 'home-phone'
    assert host_label("Ann's iPad") == 'ann-s-ipad'
    assert host_label('--') is None and host_label('') is None and host_label(None) is None


def test_kea_leases_name_macs_until_they_expire_or_are_reclaimed():
    csv = ('address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context,pool_id\n'
           '198.18.52.100,%s,,3600,%d,3,1,1,home-phone.home.arpa.,0,,0\n'
           '198.18.52.101,%s,,3600,%d,3,1,1,tv.home.arpa.,0,,0\n'
           '198.18.52.102,02:00:5e:00:53:61,,3600,%d,3,0,0,old,0,,0\n'
           '198.18.52.101,%s,,3600,%d,3,1,1,tv.home.arpa.,2,,0\n'
           % (PHONE, NOW + 60, TV, NOW + 60, NOW - 1, TV, NOW + 60))
    assert kea_lease_names(csv, NOW) == {PHONE: 'home-phone'}


def test_isc_leases_name_macs_while_active():
    leases = '''
lease 198.18.52.100 {
  starts 3 2027/01/15 08:00:00;
  ends 3 2027/01/15 09:00:00;
  binding state active;
  hardware ethernet 02:00:5E:00:53:54;
  client-hostname "home-phone";
}
lease 198.18.52.101 {
  ends never;
  binding state free;
  hardware ethernet 02:00:5e:00:53:60;
  client-hostname "tv";
}
'''
    assert isc_lease_names(leases, 1_800_000_000) == {PHONE: 'home-phone'}
    assert isc_lease_names(leases, 1_900_000_000) == {}


def test_a_name_of_the_inventory_or_of_two_macs_is_nobodys_unless_one_held_it():
    names, log = claimed_names({PHONE: 'gw', TV: 'tv'}, owned={'gw'}, held={})
    assert names == {TV: 'tv'} and log == ['gw is taken (a host of the inventory, or a DHCPv6 client): %s gets none' % PHONE]
    names, log = claimed_names({PHONE: 'tv', TV: 'tv'}, owned=set(), held={})
    assert names == {} and log == ['tv is claimed by %s, %s: none of them gets it' % (PHONE, TV)]
    names, log = claimed_names({PHONE: 'tv', TV: 'tv'}, owned=set(), held={TV: 'tv'})
    assert names == {TV: 'tv'} and log == ["tv is %s's: %s gets none" % (TV, PHONE)]


def test_a_device_publishes_its_stable_addresses_and_follows_a_renumbering_and_goes_when_unseen():
    ula, gua = 'fd00:5650:3::5eff:fe00:5354', '2001:db8:5610:3:0:5eff:fe00:5354'
    records, state = planned_records({PHONE: [gua, ula]}, {PHONE: 'home-phone'}, {}, NOW, SETTINGS)
    fqdn = 'home-phone.home.arpa.'
    assert records == [
        dict(name=fqdn, type='AAAA', values=[gua, ula], ttl=120),
        dict(name=ipaddress.IPv6Address(gua).reverse_pointer + '.', type='PTR', values=[fqdn], ttl=120),
        dict(name=ipaddress.IPv6Address(ula).reverse_pointer + '.', type='PTR', values=[fqdn], ttl=120)]
    assert state == {PHONE: dict(name='home-phone', addresses=[gua, ula], last_seen=NOW, source='dhcpv4')}
    # Seen again, unchanged: nothing to send.
    assert planned_records({PHONE: [gua, ula]}, {PHONE: 'home-phone'}, state, NOW + 10, SETTINGS)[0] == []
    # The ISP renumbered: the new GUA, and the old one's PTR goes.
    new = '2001:db8:56a0:3:0:5eff:fe00:5354'
    records, state = planned_records({PHONE: [new, ula]}, {PHONE: 'home-phone'}, state, NOW + 20, SETTINGS)
    assert records[0] == dict(name=ipaddress.IPv6Address(gua).reverse_pointer + '.', type='PTR', state='absent')
    assert records[1] == dict(name=fqdn, type='AAAA', values=[new, ula], ttl=120)
    # Asleep for less than forget_after: kept as it was; then gone, records and all.
    assert planned_records({}, {PHONE: 'home-phone'}, state, NOW + 3000, SETTINGS) == ([], state)
    records, left = planned_records({}, {PHONE: 'home-phone'}, state, NOW + 20 + 3600, SETTINGS)
    assert left == {}
    assert records == [dict(name=fqdn, type='AAAA', state='absent'),
                       dict(name=ipaddress.IPv6Address(new).reverse_pointer + '.', type='PTR', state='absent'),
                       dict(name=ipaddress.IPv6Address(ula).reverse_pointer + '.', type='PTR', state='absent')]


def test_a_device_without_a_name_or_that_loses_it_publishes_nothing():
    assert planned_records({TV: ['fd00:5650:3::60']}, {}, {}, NOW, SETTINGS) == ([], {})
    _records, state = planned_records({TV: ['fd00:5650:3::60']}, {TV: 'tv'}, {}, NOW, SETTINGS)
    records, state = planned_records({TV: ['fd00:5650:3::60']}, {}, state, NOW + 1, SETTINGS)
    assert state == {} and records[0] == dict(name='tv.home.arpa.', type='AAAA', state='absent')
