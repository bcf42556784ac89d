# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from ansible_collections.homelab.ipv6.plugins.module_utils._core.bind_config import HEADER
from ansible_collections.homelab.ipv6.plugins.module_utils._core.bind_files import bind_files
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import site_plan

SITE = {
    'domain': 'home.arpa', 'ula': 'fd7a:b5e0:1b00::/48', 'gua': '2001:db8:5610::/56', 'dns_server': 'gw',
    'lans': [{'name': 'home', 'interface': 'eth1', 'subnet_id': 1, 'ipv4': '198.18.51.0/24', 'mode': 'stateful'},
             {'name': 'v6only', 'interface': 'eth2', 'subnet_id': 2, 'mode': 'stateless', 'dns64': True}],
    'hosts': [{'name': 'gw', 'iid': '::1', 'lan': 'home', 'ipv4': '198.18.51.1'},
              {'name': 'nas', 'iid': '::10', 'lan': 'home'}],
}
SETTINGS = {'server_name': 'gw', 'gua_reverse': True, 'forwarders': ['198.18.60.10'], 'forward': 'only',
            'dnssec_validation': 'no', 'ttl': 600}

OPTIONS = HEADER + '''
// The home LANs, IPv6 and IPv4, and IPv4 again as a dual-stack socket sees it
// (::ffff:a.b.c.d), so the ACL holds whichever way a client's query arrives.
acl "homelab-lans" {
    localhost;
    fd7a:b5e0:1b00:1::/64;
    2001:db8:5610:1::/64;
    fd7a:b5e0:1b00:2::/64;
    2001:db8:5610:2::/64;
    198.18.51.0/24;
    ::ffff:198.18.51.0/120;
    // A client between two DHCPv6 leases asks from its link-local address.
    fe80::/10;
};

options {
    directory "/var/cache/bind";

    // Loopback and every address of this host in a LAN prefix or subnet, ULA and GUA
    // alike (named follows addresses that come and go); not the uplink.
    listen-on { 127.0.0.1; 198.18.51.0/24; };
    listen-on-v6 { ::1; fd7a:b5e0:1b00:1::/64; 2001:db8:5610:1::/64; };

    allow-query { homelab-lans; };
    allow-query-cache { homelab-lans; };
    allow-recursion { homelab-lans; };
    allow-transfer { none; };
    recursion yes;

    forward only;
    forwarders {
        198.18.60.10;
    };

    dnssec-validation no;
};
'''

GUA_ZONE = '0.0.0.1.6.5.8.b.d.0.1.0.0.2.ip6.arpa'


def test_the_options_hold_every_lan_and_listen_on_all_but_the_dns64_ones():
    assert bind_files(site_plan(SITE), SETTINGS)['options'] == OPTIONS


def test_resolver_arpa_is_answered_here_forwarding_or_not():
    local = bind_files(site_plan(SITE), dict(SETTINGS, forwarders=['198.18.60.10'], forward='only'))['local']
    assert 'zone "resolver.arpa" {\n    type primary;\n    file "/var/lib/bind/db.resolver.arpa";\n};\n' in local
    # Its file: SOA and NS alone, so _dns.resolver.arpa has no answer; not one of the dynamic zones.
    files = bind_files(site_plan(SITE), SETTINGS)
    assert files['static_zone_files']['resolver.arpa'].splitlines()[-1] == '    IN NS gw.home.arpa.'
    assert 'resolver.arpa' not in files['zones'] and 'resolver.arpa' not in files['zone_files']


def test_after_a_renumbering_the_clients_of_the_previous_prefix_are_still_answered():
    plan = site_plan(dict(SITE, gua='dhcpv6-pd'), delegation={'prefix': '2001:db8:56a0::/56',
                                                              'previous': '2001:db8:5610::/56'})
    options = bind_files(plan, SETTINGS)['options']
    acl = options.split('};', maxsplit=1)[0]
    assert '    2001:db8:56a0:1::/64;' in acl and '    2001:db8:5610::/56;' in acl
    assert '5610' not in options.split('};', 1)[1]


def test_the_vms_behind_a_lans_routers_are_answered_and_not_listened_on():
    delegating = dict(SITE, lans=[SITE['lans'][0], dict(SITE['lans'][1], delegate=60)])
    acl, rest = bind_files(site_plan(delegating), SETTINGS)['options'].split('};', maxsplit=1)
    assert '    ::ffff:198.18.51.0/120;\n    2001:db8:5610:80::/57;\n' in acl
    assert '5610:80' not in rest


def test_named_answers_the_ipv4_of_an_ipv6_mostly_lan_where_unbound_answers_its_ipv6():
    mostly = {'name': 'guest', 'interface': 'eth3', 'subnet_id': 3, 'ipv4': '198.18.52.0/24', 'dns64': True,
              'ipv6_mostly': True}
    options = bind_files(site_plan(dict(SITE, lans=SITE['lans'] + [mostly])), SETTINGS)['options']
    assert '    listen-on { 127.0.0.1; 198.18.51.0/24; 198.18.52.0/24; };\n' in options
    assert '    listen-on-v6 { ::1; fd7a:b5e0:1b00:1::/64; 2001:db8:5610:1::/64; };\n' in options


def test_the_zones_are_the_domain_and_its_reverse_zones_declared_for_the_key():
    files = bind_files(site_plan(SITE), SETTINGS)
    assert files['zones'] == ['home.arpa', '0.0.b.1.0.e.5.b.a.7.d.f.ip6.arpa', '51.18.198.in-addr.arpa', GUA_ZONE]
    assert ('zone "%s" {\n    type primary;\n    file "/var/lib/bind/db.%s";\n' % (GUA_ZONE, GUA_ZONE)) in files['local']
    assert files['local'].count('update-policy { grant homelab-ddns zonesub ANY; };') == 4
    assert files['local'].startswith(HEADER + '\ninclude "/etc/bind/homelab-ddns.key";\n')
    without = bind_files(site_plan(SITE), dict(SETTINGS, gua_reverse=False))
    assert GUA_ZONE not in without['local'] and GUA_ZONE not in without['zones']


def test_a_zone_file_names_the_server_and_its_planned_addresses_in_the_domain():
    files = bind_files(site_plan(SITE), SETTINGS)['zone_files']
    assert files['home.arpa'].splitlines()[2:4] == ['$TTL 600', '@   IN SOA gw.home.arpa. hostmaster.home.arpa. (']
    assert files['home.arpa'].splitlines()[-3:] == [
        'gw IN AAAA fd7a:b5e0:1b00:1::1', 'gw IN AAAA 2001:db8:5610:1::1', 'gw IN A 198.18.51.1']
    assert files[GUA_ZONE].splitlines()[-1] == '    IN NS gw.home.arpa.'


def test_the_records_are_the_hosts_and_a_server_outside_the_hosts_by_its_own_addresses():
    records = bind_files(site_plan(SITE), SETTINGS)['records']
    assert {'name': 'nas.home.arpa.', 'type': 'AAAA', 'values': ['fd7a:b5e0:1b00:1::10', '2001:db8:5610:1::10']} in records
    assert {'name': '0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.0.1.6.5.8.b.d.0.1.0.0.2.ip6.arpa.', 'type': 'PTR',
            'values': ['nas.home.arpa.']} in records
    elsewhere = bind_files(site_plan(SITE), dict(SETTINGS, server_name='ns1',
                                                 server_addresses=['fd7a:b5e0:1b00:1::53', '198.18.51.53']))
    assert elsewhere['records'][-2:] == [
        {'name': 'ns1.home.arpa.', 'type': 'AAAA', 'values': ['fd7a:b5e0:1b00:1::53']},
        {'name': 'ns1.home.arpa.', 'type': 'A', 'values': ['198.18.51.53']}]
    assert elsewhere['zone_files']['home.arpa'].splitlines()[-2:] == [
        'ns1 IN AAAA fd7a:b5e0:1b00:1::53', 'ns1 IN A 198.18.51.53']


def test_listen_addresses_given_replace_the_lan_prefixes():
    files = bind_files(site_plan(SITE), dict(SETTINGS, listen_addresses=['fd7a:b5e0:1b00:1::53', '198.18.51.53']))
    assert '    listen-on { 127.0.0.1; 198.18.51.53; };\n    listen-on-v6 { ::1; fd7a:b5e0:1b00:1::53; };\n' in files['options']


def test_a_dhcpv6_pd_site_without_a_delegation_has_no_gua_reverse_zone():
    plan = site_plan(dict(SITE, gua='dhcpv6-pd'))
    files = bind_files(plan, SETTINGS)
    assert files['zones'] == ['home.arpa', '0.0.b.1.0.e.5.b.a.7.d.f.ip6.arpa', '51.18.198.in-addr.arpa']
    assert '2001:' not in files['options']


def test_the_device_watchers_key_may_write_aaaa_and_ptr_but_never_an_inventory_name():
    files = bind_files(site_plan(SITE, None), dict(SETTINGS, device_key_file='/etc/bind/homelab-devices.key'))
    local = files['local']
    assert 'include "/etc/bind/homelab-ddns.key";\ninclude "/etc/bind/homelab-devices.key";\n' in local
    assert '''zone "home.arpa" {
    type primary;
    file "/var/lib/bind/db.home.arpa";
    // Changes come as updates signed with the key, never by editing the file.
    update-policy {
        grant homelab-ddns zonesub ANY;
        deny homelab-devices name home.arpa. ANY;
        deny homelab-devices name gw.home.arpa. ANY;
        deny homelab-devices name nas.home.arpa. ANY;
        grant homelab-devices zonesub AAAA;
    };''' in local
    # The GUA reverse zone: the PTRs of the hosts' GUAs are theirs; any other PTR the watcher's.
    gua_zone = local[local.index('zone "%s"' % GUA_ZONE):]
    assert 'deny homelab-devices name 1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.0.1.6.5.8.b.d.0.1.0.0.2.ip6.arpa. ANY;' in gua_zone
    assert '        grant homelab-devices zonesub PTR;\n    };' in gua_zone
    assert files['fact']['device_key'] == {'name': 'homelab-devices', 'algorithm': 'hmac-sha256',
                                           'file': '/etc/bind/homelab-devices.key', 'protected_names': ['gw', 'nas']}
    # Without the watcher's key, the zones are as they were.
    assert 'homelab-devices' not in bind_files(site_plan(SITE, None), SETTINGS)['local']
