# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from ansible_collections.homelab.ipv6.plugins.module_utils._core.dhcp_leases import Lease, isc_leases, kea_delegations, kea_leases, live

# As Kea 2.6 writes kea-leases4.csv: a line per change; state 2 is expired-reclaimed.
KEA_LEASES = '''address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context,pool_id
198.18.52.100,02:00:5E:00:53:54,,60,2000,3,0,0,phone,0,,0
198.18.52.101,02:00:5e:00:53:57,,60,900,3,0,0,old,0,,0
198.18.52.102,02:00:5e:00:53:58,,60,2000,3,0,0,gone,0,,0
198.18.52.102,02:00:5e:00:53:58,,60,2000,3,0,0,gone,2,,0
not a lease line
'''
# As ISC dhcpd 4.4 writes dhcpd.leases (dhcpd.leases(5)): dates in UTC, or epoch, or never.
ISC_LEASES = '''# The format of this file is documented in the dhcpd.leases(5) manual page.
lease 198.18.52.110 {
  starts 4 2026/12/03 23:59:00;
  ends 5 2026/12/04 00:30:00;
  binding state active;
  hardware ethernet 02:00:5E:00:53:60;
  client-hostname "tv";
}
lease 198.18.52.111 {
  ends epoch 1000;
  binding state free;
  hardware ethernet 02:00:5e:00:53:61;
}
lease 198.18.52.112 {
  ends never;
  binding state active;
  hardware ethernet 02:00:5e:00:53:62;
}
'''


def test_kea_leases_are_read_with_the_last_line_of_an_address_winning():
    assert kea_leases(KEA_LEASES) == {
        '198.18.52.100': Lease('02:00:5e:00:53:54', 2000, 0, 'phone'),
        '198.18.52.101': Lease('02:00:5e:00:53:57', 900, 0, 'old'),
        '198.18.52.102': Lease('02:00:5e:00:53:58', 2000, 2, 'gone'),
    }
    assert kea_leases('') == {} and kea_leases(None) == {}


def test_isc_leases_are_read_in_each_way_dhcpd_writes_their_end():
    assert isc_leases(ISC_LEASES) == {
        '198.18.52.110': Lease('02:00:5e:00:53:60', 1796344200, 0, 'tv'),
        '198.18.52.111': Lease('02:00:5e:00:53:61', 1000, 1, ''),
        '198.18.52.112': Lease('02:00:5e:00:53:62', float('inf'), 0, ''),
    }


def test_live_leases_are_those_neither_expired_nor_given_back():
    assert sorted(live(kea_leases(KEA_LEASES), 1000)) == ['198.18.52.100']
    assert sorted(live(isc_leases(ISC_LEASES), 1796344300)) == ['198.18.52.112']


KEA_LEASES6 = (
    'address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,fqdn_rev,'
    'hostname,hwaddr,state,user_context,hwtype,hwaddr_source,pool_id\n'
    '2001:db8:5610:1::1:5,00:03:00:01:02:00:5e:00:53:51,60,1060,1,45,0,1,128,1,1,client,02:00:5e:00:53:51,0,,1,4,0\n'
    '2001:db8:5610:90::,00:03:00:01:02:00:5e:00:53:61,60,1060,1,45,2,1,60,0,0,,02:00:5E:00:53:61,0,,1,4,0\n'
    '2001:db8:5610:a0::,00:01:00:01:aa,60,1070,1,45,2,7,60,0,0,,,0,,1,0,0\n'
    '2001:db8:5610:90::,00:03:00:01:02:00:5e:00:53:61,0,1090,1,0,2,1,60,0,0,,02:00:5e:00:53:61,2,,1,4,0\n'
    'bogus\n')


def test_kea_delegations_are_the_prefix_leases_with_the_last_line_of_each_winning():
    assert kea_delegations(KEA_LEASES6) == [
        {'prefix': '2001:db8:5610:a0::/60', 'duid': '00:01:00:01:aa', 'mac': '', 'expiry': 1070, 'state': 0},
        {'prefix': '2001:db8:5610:90::/60', 'duid': '00:03:00:01:02:00:5e:00:53:61', 'mac': '02:00:5e:00:53:61',
         'expiry': 1090, 'state': 2},
    ]
    assert kea_delegations('') == [] and kea_delegations(None) == []
