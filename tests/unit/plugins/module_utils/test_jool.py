# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Jool's display output (captured from Jool 4.1.9 in the kernel lab) and the instance model."""

from __future__ import annotations

import pathlib

import pytest

from ansible_collections.homelab.ipv6.plugins.module_utils._jool import (
    JoolError,
    bib_changes,
    config_file,
    current_instance,
    global_values,
    instances,
    pool4_entries,
    pool4_rows,
    sessions,
    static_bib,
    wanted_instance,
)

FIXTURES = pathlib.Path(__file__).parent.parent / 'fixtures' / 'jool'


def fixture(name):
    return (FIXTURES / name).read_text()


def test_instances_by_name_with_their_framework():
    assert instances(fixture('instance-display.csv')) == {'default': 'netfilter', 'second': 'iptables'}
    assert instances(fixture('instance-display-empty.csv')) == {}


def test_pool4_rows_merge_the_addresses_jool_lists_back_into_prefixes():
    assert pool4_rows(fixture('pool4-display-tcp.csv')) == [
        (0, 'TCP', '192.0.2.10/32', 61001, 65535),
        (5, 'TCP', '198.51.100.0/30', 1000, 2000),
    ]
    assert pool4_rows(fixture('pool4-display-empty.csv')) == []


def test_a_requested_prefix_expands_as_jool_displays_it():
    requested = pool4_entries([
        {'prefix': '198.51.100.0/30', 'protocol': 'tcp', 'port_range': '1000-2000', 'mark': 5},
        {'prefix': '192.0.2.10', 'protocol': 'TCP'},
    ])
    assert requested == pool4_rows(fixture('pool4-display-tcp.csv'))


def test_an_entry_without_protocol_stands_for_all_three():
    displayed = [fixture('pool4-display-%s.csv' % protocol) for protocol in ('tcp', 'udp', 'icmp')]
    assert pool4_entries([{'prefix': '192.0.2.10/32'}]) == sorted(
        row for text in displayed for row in pool4_rows(text) if row[2] == '192.0.2.10/32')


def test_static_bib_entries_as_transport_addresses():
    assert static_bib(fixture('bib-display-tcp.csv')) == [('TCP', '2001:db8::8#80', '192.0.2.10#61080')]
    assert static_bib(fixture('bib-display-udp.csv')) == [('UDP', '2001:db8::53#53', '192.0.2.10#61053')]
    assert static_bib(fixture('bib-display-empty.csv')) == []


def test_global_values_keep_quoted_lists_whole():
    values = global_values(fixture('global-display.csv'))
    assert values['pool6'] == '64:ff9b::/96'
    assert values['lowest-ipv6-mtu'] == '1280'
    assert values['mtu-plateaus'] == '65535,32000,17914,8166,4352,2002,1492,1006,508,296,68'
    assert values['ss-enabled'] == 'FALSE'


def test_sessions():
    assert sessions(fixture('session-display-empty.csv')) == []
    # An IPv6-only LAN host of the kernel lab fetching a page from 203.0.113.80 through Jool.
    first = sessions(fixture('session-display-tcp.csv'))[0]
    assert first == {
        'protocol': 'TCP',
        'ipv6_remote': '2001:db8:6000:22a1:e4b2:67ff:fe75:f450#48858',
        'ipv6_local': '64:ff9b:1::cb00:7150#80',
        'ipv4_local': '203.0.113.1#61004',
        'ipv4_remote': '203.0.113.80#80',
        'expires_in': '0:03:59.412',
        'state': 'V4_FIN_V6_FIN_RCV',
    }


SEED_001 = dict(name='default', framework='netfilter', pool6='64:FF9B::/96',
                pool4=[{'prefix': '192.0.2.10', 'port_range': '61001-65535'}],
                bib=[{'protocol': 'tcp', 'ipv6': '[2001:DB8::8]#80', 'ipv4': '192.0.2.10#61080'}],
                global_settings={'lowest-ipv6-mtu': 1280, 'logging-bib': False})


def test_the_wanted_instance_is_normalised_as_jool_shows_it():
    wanted = wanted_instance(**SEED_001)
    assert wanted['global'] == {'lowest-ipv6-mtu': '1280', 'logging-bib': 'FALSE', 'pool6': '64:ff9b::/96'}
    assert wanted['bib'] == [('TCP', '2001:db8::8#80', '192.0.2.10#61080')]
    displayed = current_instance(
        'default', 'netfilter', fixture('global-display.csv'),
        [fixture('pool4-display-%s.csv' % protocol) for protocol in ('tcp', 'udp', 'icmp')],
        [fixture('bib-display-tcp.csv')], list(wanted['global']))
    # The captured pool4 also holds the marked /30, which the request does not.
    assert displayed['global'] == wanted['global']
    assert displayed['bib'] == wanted['bib']
    assert [row for row in displayed['pool4'] if row[0] == 0] == wanted['pool4']


def test_config_file_is_jools_json():
    config = config_file(wanted_instance(**SEED_001))
    assert config['instance'] == 'default' and config['framework'] == 'netfilter'
    assert config['global'] == {'lowest-ipv6-mtu': 1280, 'logging-bib': False, 'pool6': '64:ff9b::/96'}
    assert config['pool4'][0] == {'mark': 0, 'protocol': 'ICMP', 'prefix': '192.0.2.10/32', 'port range': '61001-65535'}
    assert config['bib'] == [{'protocol': 'TCP', 'ipv6 address': '2001:db8::8#80', 'ipv4 address': '192.0.2.10#61080'}]


def test_bib_changes():
    old = [('TCP', '2001:db8::8#80', '192.0.2.10#61080')]
    new = [('TCP', '2001:db8::9#80', '192.0.2.10#61081')]
    assert bib_changes(old, new) == (old, new)
    assert bib_changes(old, old) == ([], [])


def changed(**changes):
    return dict(SEED_001, **changes)


@pytest.mark.parametrize('request_, message', [
    (changed(framework='nftables'), "framework: 'nftables' is not one of netfilter, iptables"),
    (changed(pool6='64:ff9b::/80'),
     "pool6: NAT64 prefix '64:ff9b::/80' is a /80; RFC 6052 allows /32, /40, /48, /56, /64 or /96"),
    (changed(name='a-very-long-instance'),
     "instance: 'a-very-long-instance' is not an instance name of 1 to 15 printable characters without spaces"),
    (changed(pool4=[{'port_range': '1-2'}]), 'pool4[0]: every entry needs a prefix (an IPv4 address or prefix)'),
    (changed(pool4=[{'prefix': '2001:db8::/64'}]),
     "pool4[0].prefix: '2001:db8::/64' is an IPv6 prefix; an IPv4 prefix is needed here"),
    (changed(pool4=[{'prefix': '192.0.2.10', 'port_range': '65535-1'}]),
     "pool4[0].port_range: '65535-1' is not a port range from 0 to 65535 with its lower end first"),
    (changed(pool4=[{'prefix': '192.0.2.10', 'protocol': 'sctp'}]), "pool4[0].protocol: 'sctp' is not one of TCP, UDP, ICMP"),
    (changed(pool4=[{'prefix': '192.0.2.10', 'ports': '1-2'}]),
     'pool4[0]: unknown key ports; known keys are mark, port_range, prefix, protocol'),
    (changed(bib=[{'protocol': 'udp', 'ipv6': '2001:db8::53#53', 'ipv4': '192.0.2.10#53'}]),
     'bib[0].ipv4: 192.0.2.10#53 is in no UDP entry of pool4; Jool maps only to its pool4'),
    (changed(bib=[{'protocol': 'tcp', 'ipv6': '2001:db8::8', 'ipv4': '192.0.2.10#61080'}]),
     "bib[0].ipv6: '2001:db8::8' is not a transport address such as 2001:db8::8#80"),
    (changed(bib=[{'protocol': 'tcp', 'ipv6': '2001:db8::8#80'}]),
     'bib[0]: every entry needs protocol, ipv6 (such as 2001:db8::8#80) and ipv4 (such as 192.0.2.10#61080)'),
    (changed(global_settings={'pool6': '64:ff9b::/96'}), 'global.pool6: give the prefix as the pool6 option, not as a global'),
])
def test_bad_requests_name_the_option(request_, message):
    with pytest.raises(JoolError) as error:
        wanted_instance(**request_)
    assert str(error.value) == message
