# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.homelab.ipv6.plugins.module_utils._firewall import (
    expand_rules,
    parse_rules,
    plan_changes,
    rule_arguments,
)
from ansible_collections.homelab.ipv6.plugins.module_utils._ufw import RuleError

LANS = [{'name': 'home', 'interface': 'eth1', 'ipv4': '198.18.11.0/24'},
        {'name': 'iot', 'interface': 'eth2', 'ipv4': None}]
# What ufw wrote on the router lab for these rules (user.rules and user6.rules).
USER_RULES = (
    '### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in_eth1 comment=%s\n'
    '### tuple ### route:allow any any 0.0.0.0/0 any 0.0.0.0/0 in_eth1!out_eth0 comment=%s\n'
    '### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n'
    % ('homelab.ipv6.router - ssh from home'.encode().hex(), 'homelab.ipv6.router - home to uplink'.encode().hex()))


def commands(rules, owner='homelab.ipv6.router'):
    return [' '.join(rule_arguments(rule)) for rule in expand_rules(rules, owner)]


def test_a_rule_per_lan_protocol_and_source_in_the_families_its_addresses_say():
    assert commands([{'lans': LANS, 'interface': '{interface}', 'proto': ['udp', 'tcp'], 'to_port': 53,
                      'family': 'ipv6', 'comment': 'dns on {name}'}]) == [
        'allow in on eth1 proto udp from ::/0 to ::/0 port 53 comment homelab.ipv6.router - dns on home',
        'allow in on eth1 proto tcp from ::/0 to ::/0 port 53 comment homelab.ipv6.router - dns on home',
        'allow in on eth2 proto udp from ::/0 to ::/0 port 53 comment homelab.ipv6.router - dns on iot',
        'allow in on eth2 proto tcp from ::/0 to ::/0 port 53 comment homelab.ipv6.router - dns on iot']
    assert commands([{'rule': 'limit', 'interface': 'eth0', 'from_ip': ['198.51.100.7/32', '2001:db8::7'],
                      'proto': 'tcp', 'to_port': '22'}]) == [
        'limit in on eth0 proto tcp from 198.51.100.7 to 0.0.0.0/0 port 22 comment homelab.ipv6.router',
        'limit in on eth0 proto tcp from 2001:db8::7 to ::/0 port 22 comment homelab.ipv6.router']
    assert commands([{'interface': 'eth0', 'from_ip': [], 'proto': 'tcp', 'to_port': '22'}]) == []


def test_a_routed_rule_for_both_families_and_an_ipv4_protocol():
    assert commands([{'route': True, 'lans': LANS[:1], 'interface': '{interface}', 'interface_out': 'eth0',
                      'comment': '{name} to uplink'}]) == [
        'route allow in on eth1 out on eth0 from 0.0.0.0/0 to 0.0.0.0/0 comment homelab.ipv6.router - home to uplink',
        'route allow in on eth1 out on eth0 from ::/0 to ::/0 comment homelab.ipv6.router - home to uplink']
    assert commands([{'proto': 'ipv6', 'from_ip': '198.51.100.1', 'to_ip': '192.0.2.45/32'}], 'homelab.ipv6.sixrd') == [
        'allow in proto ipv6 from 198.51.100.1 to 192.0.2.45 comment homelab.ipv6.sixrd']


def test_reading_ufw_files_and_planning_adds_updates_and_deletes_only_the_owners_rules():
    current = parse_rules(USER_RULES, 4)
    assert [rule.key.where for rule in current] == ['in_eth1', 'in_eth1!out_eth0', 'in']
    desired = expand_rules([{'family': 'ipv4', 'lans': LANS[:1], 'interface': '{interface}', 'proto': 'tcp', 'to_port': 22,
                             'comment': 'ssh from {name}'},
                            {'family': 'ipv4', 'lans': LANS[1:], 'interface': '{interface}', 'proto': 'tcp', 'to_port': 22,
                             'rule': 'limit', 'comment': 'ssh from {name}'}], 'homelab.ipv6.router')
    changes = [(operation, ' '.join(rule_arguments(rule, operation == 'delete')))
               for operation, rule in plan_changes(current, desired, 'homelab.ipv6.router')]
    # The route of a LAN that is gone is the owner's and goes; the user's SSH rule stays.
    assert changes == [
        ('delete', 'route delete allow in on eth1 out on eth0 from 0.0.0.0/0 to 0.0.0.0/0'),
        ('add', 'limit in on eth2 proto tcp from 0.0.0.0/0 to 0.0.0.0/0 port 22 comment homelab.ipv6.router - ssh from iot')]
    same_key_new_comment = expand_rules([{'family': 'ipv4', 'interface': 'eth1', 'proto': 'tcp', 'to_port': 22}], 'other')
    assert [operation for operation, _rule in plan_changes(current, same_key_new_comment, 'other')] == ['update']


@pytest.mark.parametrize('rules, message', [
    ([{'colour': 'red'}], 'rules[0]: unknown key colour; known keys are family, rule, direction, route, interface, '
                          'interface_out, proto, from_ip, from_port, to_ip, to_port, comment, lans'),
    ([{'family': 'ipv5'}], "rules[0].family: 'ipv5' is not one of ipv4, ipv6, both"),
    ([{'family': 'ipv6', 'from_ip': '192.0.2.1'}], "rules[0].from_ip: '192.0.2.1' is an IPv4 address in an IPv6 rule; "
                                                   "set family to ipv4"),
    ([{'from_ip': 'gateway'}], "rules[0].from_ip: 'gateway' is not an IP address or network"),
    ([{'proto': 'ipv6', 'family': 'ipv6'}], "rules[0].proto: 'ipv6' is not one of any, tcp, udp, esp, ah, gre for IPv6"),
    ([{'proto': 'gre', 'to_port': '80'}], "rules[0].proto: 'gre' carries no ports; ports need proto tcp, udp or any"),
    ([{'lans': LANS, 'interface': '{nic}'}], "rules[0]: cannot fill in 'nic' from a LAN of lans"),
    ([{'comment': "it's"}], "rules[0].comment: 'it's' contains a quote or a line break, which ufw cannot store"),
])
def test_bad_rules_are_named_before_anything_runs(rules, message):
    with pytest.raises(RuleError) as error:
        expand_rules(rules, 'homelab.ipv6.router')
    assert str(error.value) == message
