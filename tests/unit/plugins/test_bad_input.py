# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bad input, by class: every value fails with one or two sentences that name the variable
(its path) and quote the value as the user wrote it. No traceback, no hang, no type name of
ansible-core's, no nonsense accepted. One test per class of mistake; the cases are those a
hostile tester found and their like."""

from __future__ import annotations

import copy

import pytest
from ansible._internal._datatag._tags import Origin

from ansible_collections.homelab.ipv6.plugins.module_utils import _jool as jool, _ufw as ufw
from ansible_collections.homelab.ipv6.plugins.module_utils._core import site_plan, site_queries
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update import errors, primary, records
from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import AddressError, parse_address
from ansible_collections.homelab.ipv6.plugins.plugin_utils import address_plan, role_values

SITE = {
    'domain': 'home.arpa',
    'ula': 'fd7a:b5e0:1b00::/48',
    'lans': [{'name': 'home', 'interface': 'eth1', 'subnet_id': 1, 'ipv4': '192.168.1.0/24'}],
    'hosts': [{'name': 'nas', 'ipv4': '192.168.1.10', 'iid': '::10'}],
}


def described(lan=None, host=None, **changes):
    description = copy.deepcopy(SITE)
    description['lans'][0].update(lan or {})
    description['hosts'][0].update(host or {})
    description.update(changes)
    return description


def tagged(value):
    """A value as ansible-core 2.19 hands it to a plugin: its own subclass, with an origin."""
    return Origin(path='/inventory/group_vars/all.yml', line_num=3).tag(value)


def message_of(call):
    with pytest.raises((AddressError, errors.DnsUpdateError, ufw.RuleError)) as error:
        call()
    return str(error.value)


# 1. Anchors: '$' matched before a trailing newline, \d took any Unicode digit, and the
# interface length was counted in characters where the kernel counts bytes.
@pytest.mark.parametrize('call, message', [
    (lambda: site_plan.site_plan(described(lan={'interface': 'eth0\n'})),
     "homelab_site.lans[0].interface: 'eth0\\n' is not a network interface name (such as eth1 or enp2s0: "
     "no spaces, / or :)"),
    (lambda: site_plan.site_plan(described(lan={'name': 'home\n'})),
     "homelab_site.lans[0].name: 'home\\n' is not a name; use letters, digits, - and _"),
    (lambda: site_plan.site_plan(described(host={'name': 'nas\n'})),
     "homelab_site.hosts[0].name: 'nas\\n' is not a host name (one label of letters, digits and -)"),
    (lambda: site_plan.site_plan(described(domain='home.arpa\n')),
     "homelab_site.domain: 'home.arpa\\n' is not a domain name (labels of letters, digits and -, such as home.arpa)"),
    (lambda: site_plan.site_plan(described(lan={'interface': 'wlan-küche-öst'})),
     "homelab_site.lans[0].interface: 'wlan-küche-öst' is 16 bytes long; Linux takes interface names of at most "
     "15 bytes"),
    (lambda: site_plan.site_plan(described(lan={'subnet_id': '１'})),
     "homelab_site.lans[0].subnet_id: subnet_id '１' is not an integer (write hex as 0x1a)"),
    (lambda: site_plan.site_plan(described(lan={'subnet_id': '1_0'})),
     "homelab_site.lans[0].subnet_id: subnet_id '1_0' is not an integer (write hex as 0x1a)"),
    (lambda: ufw.rule_from_params({'proto': 'tcp', 'to_port': '４４３'}),
     "rules[0].to_port: '４４３' is not a port, a range such as 6000:6007, or a comma list of them"),
    (lambda: ufw.rule_from_params({'interface': 'eth0\n'}),
     "rules[0].interface: 'eth0\\n' is not a network interface name"),
    (lambda: jool.pool4_entries([{'prefix': '192.0.2.1', 'port_range': '６１００１-６５５３５'}]),
     "pool4[0].port_range: '６１００１-６５５３５' is not a port range such as 61001-65535"),
    (lambda: jool.bib_entries([{'protocol': 'TCP', 'ipv6': '2001:db8::8#８０', 'ipv4': '192.0.2.1#80'}]),
     "bib[0].ipv6: '2001:db8::8#８０' has no port from 0 to 65535 after its #"),
    (lambda: role_values.role_value('sit6rd\n', 'interface_name', 'sixrd_interface'),
     "sixrd_interface: 'sit6rd\\n' is not a network interface name (such as eth1 or enp2s0: no spaces, / or :)"),
    (lambda: role_values.role_value('２２', 'port', 'router_firewall_ssh_port'),
     "router_firewall_ssh_port: '２２' is not a port; give a number from 1 to 65535"),
])
def test_anchors_take_no_trailing_newline_no_foreign_digit_and_count_bytes(call, message):
    assert message_of(call) == message


# 2. ansible-core 2.19's own types (_AnsibleTaggedStr, _AnsibleTaggedInt, ...) never show.
@pytest.mark.parametrize('call, message', [
    (lambda: site_plan.site_plan(tagged('home')), "homelab_site: expected a mapping, got 'home'"),
    (lambda: site_plan.site_plan(described(lans=tagged('home'))), "homelab_site.lans: expected a list, got 'home'"),
    (lambda: site_plan.site_plan(described(lans=[tagged('home')])), "homelab_site.lans[0]: expected a mapping, got 'home'"),
    # YAML 1.1 reads an unquoted 80:41:82:70:59 as a base-60 number: say so.
    (lambda: site_plan.site_plan(described(host={'mac': tagged(8041827059)})),
     'homelab_site.hosts[0].mac: 8041827059 is not a MAC address: YAML read the unquoted MAC as a number; '
     'quote it, as in mac: "20:c9:d0:8b:02:b5"'),
    (lambda: parse_address(tagged(42)), '42 is not an IP address: expected text, got a number'),
    (lambda: site_plan.site_plan(described(lan={'ipv4': tagged(['192.168.1.0/24'])})),
     "homelab_site.lans[0].ipv4: ['192.168.1.0/24'] is not a prefix: expected text, got a list"),
    (lambda: site_plan.site_plan(described(host={'iid': tagged({'id': 16})})),
     'homelab_site.hosts[0].iid: {id: 16} is not an IP address: expected text, got a mapping'),
])
def test_messages_quote_the_value_never_an_internal_type_name(call, message):
    text = message_of(call)
    assert text == message
    assert '_Ansible' not in text and 'Tagged' not in text


# 3. What used to be a traceback (unhashable type, KeyError, string indices, a directory
# opened as a file, a label dnspython refused with its own exception).
@pytest.mark.parametrize('call, message', [
    (lambda: site_plan.site_plan(described(lan={'mode': ['slaac']})),
     "homelab_site.lans[0].mode: ['slaac'] is not a LAN mode; choose one of slaac, stateful, stateless, hybrid"),
    (lambda: site_plan.site_plan(described(lan={'name': ['home']})),
     "homelab_site.lans[0].name: ['home'] is not a name; use letters, digits, - and _"),
    (lambda: site_plan.site_plan(described(host={'lan': ['home']})),
     "homelab_site.hosts[0].lan: ['home'] is not the name of a LAN in homelab_site.lans"),
    (lambda: site_queries.served_lans('home', ['home'], 'radvd_lans'),
     "plan: expected the site plan (the site_plan fact, or homelab_site | homelab.ipv6.site_plan), got 'home'"),
    (lambda: site_queries.site_zones({}),
     'plan: expected the site plan (the site_plan fact, or homelab_site | homelab.ipv6.site_plan), got {}'),
    (lambda: site_queries.host_records(['x']),
     "plan: expected the site plan (the site_plan fact, or homelab_site | homelab.ipv6.site_plan), got ['x']"),
    (lambda: site_queries.site_host(None, 'gw'),
     'plan: expected the site plan (the site_plan fact, or homelab_site | homelab.ipv6.site_plan), got null'),
    (lambda: site_queries.lan_networks(['home']), "lans[0]: expected a LAN of the site plan (site_plan.lans), got 'home'"),
    (lambda: records.wanted_records([{'name': 'a' * 64, 'values': ['2001:db8::1']}], zone='home.arpa'),
     "records[0].name is '%s', which has a label of 64 characters; DNS allows 63" % ('a' * 64)),
    (lambda: records.wanted_records([{'name': 'nas', 'values': ['2001:db8::1']}], zone='home..arpa'),
     "zone is 'home..arpa', which has an empty label (two dots in a row, or a leading dot)"),
    (lambda: primary.Primary('::1', port=70000),
     'port is 70000; a DNS server listens on a port from 1 to 65535 (53 by default)'),
    (lambda: address_plan.report('homelab_site', {}, {}),
     "plan: expected the site plan (the site_plan fact, or homelab_site | homelab.ipv6.site_plan), got "
     "'homelab_site'"),
    (lambda: address_plan.report(site_plan.site_plan(described()), 'gw', {}),
     "hosts: expected the facts of each host, by inventory name (address_plan_host), got 'gw'"),
])
def test_what_was_a_traceback_is_a_sentence(call, message):
    assert message_of(call) == message


# 4. A hang: pool4 was expanded address by address (0.0.0.0/0 is 4 billion rows).
def test_pool4_is_compared_as_prefixes_and_never_expanded():
    assert jool.pool4_entries([{'prefix': '10.0.0.0/8', 'protocol': 'TCP'}]) == [(0, 'TCP', '10.0.0.0/8', 61001, 65535)]
    assert message_of(lambda: jool.pool4_entries([{'prefix': '0.0.0.0/0'}])) == (
        "pool4[0].prefix: '0.0.0.0/0' is not an address range NAT64 can send from; give the uplink address(es), "
        "such as 192.0.2.10")


# 5. Nonsense that used to be accepted and broke the network later.
@pytest.mark.parametrize('call, message', [
    (lambda: site_plan.site_plan(described(hosts=[{'name': 'nas', 'lan': 'home', 'iid': '::10'},
                                                  {'name': 'pc', 'lan': 'home', 'iid': '::0:10'}])),
     "homelab_site.hosts[1].iid: '::10' is already used on LAN home by homelab_site.hosts[0] (nas); each host on a "
     "LAN needs its own"),
    (lambda: site_plan.site_plan(described(lan={'ipv4': '0.0.0.0/0'}, hosts=[])),
     "homelab_site.lans[0].ipv4: '0.0.0.0/0' is the unspecified network, not a LAN subnet; use a private one such "
     "as 192.168.1.0/24"),
    (lambda: site_plan.site_plan(described(lan={'ipv4': '224.0.0.0/24'}, hosts=[])),
     "homelab_site.lans[0].ipv4: '224.0.0.0/24' is a multicast range, not a LAN subnet; use a private one such as "
     "192.168.1.0/24"),
    (lambda: site_plan.site_plan(described(lan={'ipv4': '127.0.0.0/8'}, hosts=[])),
     "homelab_site.lans[0].ipv4: '127.0.0.0/8' is loopback, not a LAN subnet; use a private one such as "
     "192.168.1.0/24"),
    (lambda: site_plan.site_plan(described(lan={'ipv4': '192.168.1.1/32'}, hosts=[])),
     "homelab_site.lans[0].ipv4: '192.168.1.1/32' is a /32, which has no room for hosts; a LAN subnet is at most "
     "a /30, such as 192.168.1.0/24"),
    (lambda: site_plan.site_plan(described(host={'ipv4': '192.168.1.0'})),
     "homelab_site.hosts[0].ipv4: '192.168.1.0' is the network address of LAN home (192.168.1.0/24); a host takes "
     "one between them"),
    (lambda: site_plan.site_plan(described(host={'ipv4': '192.168.1.255', 'lan': 'home'})),
     "homelab_site.hosts[0].ipv4: '192.168.1.255' is the broadcast address of LAN home (192.168.1.0/24); a host "
     "takes one between them"),
    (lambda: site_plan.site_plan(described(gua='2000::/3')),
     "homelab_site.gua: '2000::/3' is a /3; an ISP delegates a /48 to a /64 to a home, and no site holds more "
     "than a /32"),
    (lambda: site_plan.site_plan(described(nat64_prefix=0)),
     'homelab_site.nat64_prefix: 0 is not a prefix: expected text, got a number'),
])
def test_nonsense_that_would_break_the_network_later_is_refused(call, message):
    assert message_of(call) == message


def test_the_same_iid_on_two_lans_is_two_addresses():
    two_lans = described(lans=SITE['lans'] + [{'name': 'iot', 'interface': 'eth2', 'subnet_id': 2}],
                         hosts=[{'name': 'nas', 'lan': 'home', 'iid': '::10'}, {'name': 'cam', 'lan': 'iot', 'iid': '::10'}])
    assert [host['ula_address'] for host in site_plan.site_plan(two_lans)['hosts']] == [
        'fd7a:b5e0:1b00:1::10', 'fd7a:b5e0:1b00:2::10']


# 6. Role variables no module checked before packages were installed or ufw changed, or none
# at all: the roles check them first with the role_value filter.
@pytest.mark.parametrize('value, kind, path, options, message', [
    (70000, 'port', 'router_firewall_ssh_port', {'allow_zero': True},
     'router_firewall_ssh_port: 70000 is not a port; give a number from 0 to 65535 (0 for none)'),
    ([{'proto': 'tcp', 'to_port': 'http'}], 'ufw_rules', 'router_firewall_rules', {},
     "router_firewall_rules[0].to_port: 'http' is not a port, a range such as 6000:6007, or a comma list of them"),
    ([{'port': 80}], 'ufw_rules', 'router_firewall_rules', {},
     'router_firewall_rules[0]: unknown key port; a rule has rule, action, direction, interface, proto, from_ip, '
     'from_port, to_ip, to_port, comment, state'),
    ('65535-1', 'jool_port_range', 'dns64_nat64_jool_ports', {},
     "dns64_nat64_jool_ports: '65535-1' is not a port range from 0 to 65535 with its lower end first"),
    (['home arpa'], 'domain_names', 'radvd_dnssl', {},
     "radvd_dnssl[0]: 'home arpa' is not a domain name (labels of letters, digits and -, such as home.arpa)"),
    ([{'name': 'www', 'type': 'CNAME'}], 'dns_records', 'dns_bind_records', {'zone': 'home.arpa'},
     'dns_bind_records[0] has no values; a record that should be present needs at least one'),
    ([{'name': 'www', 'type': 'AAAAA', 'values': ['2001:db8::1']}], 'dns_records', 'dns_bind_records',
     {'zone': 'home.arpa'}, "dns_bind_records[0].type is 'AAAAA', which is not a DNS record type"),
    (-5, 'seconds', 'dns_bind_ttl', {}, 'dns_bind_ttl: -5 is not a number of seconds from 0 to 2147483647'),
    ('1h', 'seconds', 'dhcp46_lease_time', {'minimum': 60},
     "dhcp46_lease_time: '1h' is not a number of seconds from 60 to 2147483647"),
    (120, 'seconds', 'dhcp46_ipv6_only_wait', {'minimum': 300},
     'dhcp46_ipv6_only_wait: 120 is not a number of seconds from 300 to 2147483647'),
    ('64:ff9b::/80', 'nat64_prefix', 'clat_plat_prefix', {},
     "clat_plat_prefix: NAT64 prefix '64:ff9b::/80' is a /80; RFC 6052 allows /32, /40, /48, /56, /64 or /96"),
    ('192.0.2.1', 'clat_ipv4', 'clat_ipv4_address', {},
     "clat_ipv4_address: '192.0.2.1' is outside 192.0.0.0/29, the range RFC 7335 sets aside for a CLAT's IPv4, "
     "such as 192.0.0.1"),
    ('192.0.0.x', 'clat_ipv4', 'clat_ipv4_address', {}, "clat_ipv4_address: '192.0.0.x' is not an IP address"),
    ('gateway', 'ipv4_address', 'dhcp46_ipv4_router', {},
     "dhcp46_ipv4_router: 'gateway' is not an IPv4 address; DHCPv4 hands out the router by address, such as "
     "192.168.1.1"),
    ('dhcp client', 'host_name', 'dhcp46_generated_prefix', {},
     "dhcp46_generated_prefix: 'dhcp client' is not a host name (one label of letters, digits and -)"),
    ('my key', 'domain_name', 'dns_bind_key_name', {},
     "dns_bind_key_name: 'my key' is not a domain name (labels of letters, digits and -, such as home.arpa)"),
    ('gw 1', 'host_name', 'dns_bind_server_name', {},
     "dns_bind_server_name: 'gw 1' is not a host name (one label of letters, digits and -)"),
    ('home-gw', 'ip_address', 'dns64_nat64_home_server', {'allow_empty': True},
     "dns64_nat64_home_server: 'home-gw' is not an IP address (or '' for none)"),
    ([{'name': 'printer', 'address': '192.0.2.5'}], 'dns_records', 'dns_bind_records', {'zone': 'home.arpa'},
     'dns_bind_records[0] has the unknown key address; a record has name, type, values, ttl, state, such as '
     '{name: www, type: A, values: [192.0.2.10]}'),
    ([{'name': 'printer'}], 'dns_records', 'dns_bind_records', {'zone': 'home.arpa'},
     'dns_bind_records[0] has neither a type nor values; a record is written as {name: www, type: A, '
     'values: [192.0.2.10]} (the type is AAAA when left out)'),
    (['pool.ntp.org'], 'ip_addresses', 'dhcp46_ntp_servers', {'what': 'NTP server'},
     "dhcp46_ntp_servers[0]: 'pool.ntp.org' is not an IP address; DHCP hands out NTP servers by address only, "
     "so give the IPv4 or IPv6 address"),
])
def test_role_variables_are_checked_before_the_host_changes(value, kind, path, options, message):
    assert message_of(lambda: role_values.role_value(value, kind, path, **options)) == message


@pytest.mark.parametrize('value, kind, options, expected', [
    ('192.168.1.1', 'ipv4_address', {}, '192.168.1.1'),
    ('', 'ip_address', {'allow_empty': True}, ''),
    ('fd00::0001', 'ip_address', {}, 'fd00::1'),
    ('gw-1', 'host_name', {}, 'gw-1'),
    ('homelab-ddns', 'domain_name', {}, 'homelab-ddns'),
])
def test_good_role_values_pass_normalised(value, kind, options, expected):
    assert role_values.role_value(value, kind, 'variable', **options) == expected


def test_a_misspelt_role_variable_is_named_with_the_one_it_resembles():
    assert role_values.unknown_variable_warnings(
        ['radvd_max_intervall', 'radvd_lans', 'radvd_colour', 'router_lans', '__radvd_config'], 'radvd_',
        ['radvd_max_interval', 'radvd_lans'], 'radvd') == [
        'radvd_colour is set, but the radvd role has no such variable, so it does nothing',
        'radvd_max_intervall is set, but the radvd role has no such variable, so it does nothing; did you mean '
        'radvd_max_interval?',
    ]


# 7. Errors that named the wrong thing: a filter, or a family the value was not.
@pytest.mark.parametrize('call, message', [
    (lambda: role_values.role_value('::1:0:0:0:0', 'interface_id', 'router_interface_id'),
     "router_interface_id: '::1:0:0:0:0' sets bits of the prefix; an interface id has only the low 64 bits, "
     "such as ::100"),
    (lambda: role_values.role_value(['ff02::1'], 'unicast_ipv6', 'radvd_rdnss'),
     "radvd_rdnss[0]: 'ff02::1' is not a unicast IPv6 address"),
    (lambda: jool.pool4_entries([{'prefix': '2001:db8::1'}]),
     "pool4[0].prefix: '2001:db8::1' is an IPv6 address; an IPv4 address is needed here"),
    (lambda: ufw.rule_from_params({'to_ip': '::ffff:192.0.2.1'}),
     "rules[0].to_ip: '::ffff:192.0.2.1' is an IPv4-mapped address; ufw6 writes IPv6 rules, and IPv4 traffic "
     "never reaches them as ::ffff:a.b.c.d"),
    (lambda: records.wanted_records([{'name': 'my nas', 'values': ['2001:db8::1']}], zone='home.arpa'),
     "records[0].name is 'my nas'; a DNS name here has labels of letters, digits, - and _"),
])
def test_errors_name_the_variable_and_what_it_is(call, message):
    assert message_of(call) == message


def test_role_problems_say_each_wrong_variable_once_and_nothing_of_the_right_ones():
    checks = [
        {'value': 70000, 'kind': 'port', 'path': 'router_firewall_ssh_port', 'allow_zero': True},
        {'value': 22, 'kind': 'port', 'path': 'router_ssh_ok'},
        {'value': 'gateway', 'kind': 'ipv4_address', 'path': 'dhcp46_ipv4_router'},
    ]
    assert role_values.role_problems(checks) == [
        'router_firewall_ssh_port: 70000 is not a port; give a number from 0 to 65535 (0 for none)',
        "dhcp46_ipv4_router: 'gateway' is not an IPv4 address; DHCPv4 hands out the router by address, such as "
        "192.168.1.1",
    ]
    assert role_values.role_problems([]) == []
    # An optional variable left unset is not checked; set, it is.
    optional = {'kind': 'ipv4_address', 'path': 'dhcp46_ipv4_router', 'optional': True}
    assert role_values.role_problems([dict(optional, value=None), dict(optional, value='')]) == []
    assert role_values.role_problems([dict(optional, value='gateway')]) == role_values.role_problems(checks)[1:]
    assert message_of(lambda: role_values.role_problems(['port'])) == \
        "checks[0]: expected a mapping with value, kind and path, got 'port'"
