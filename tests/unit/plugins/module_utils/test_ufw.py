# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pathlib

import pytest

from ansible_collections.homelab.ipv6.plugins.module_utils._ufw import (
    Rule,
    RuleError,
    RuleKey,
    ipv6_enabled,
    is_enabled,
    parse_rules_file,
    plan_changes,
    rule_arguments,
    rule_from_params,
    twins,
    with_ipv6_enabled,
)

# Written by ufw 0.36.2 on Debian 12 after the commands in the comments of the tests below.
FIXTURES = pathlib.Path(__file__).parent.parent / 'fixtures' / 'ufw'
USER6_RULES = (FIXTURES / 'user6.rules').read_text()
USER_RULES = (FIXTURES / 'user.rules').read_text()
DEFAULTS = (FIXTURES / 'default-ufw').read_text()


def rule(**params):
    return rule_from_params(params)


def test_parse_reads_every_tuple_of_a_real_file():
    rules = parse_rules_file(USER6_RULES)
    assert [r.text() for r in rules] == [
        'allow in proto tcp from ::/0 to ::/0 port 443 comment web v6',
        'allow in on eth1 proto udp from ::/0 to ::/0 port 547',
        'limit in proto tcp from ::/0 to ::/0 port 2222',
        'allow in proto udp from 2001:db8::1 to fd00::/8 port 53',
        'allow in proto tcp from ::/0 to 2001:db8::1 port 80,443,1000:2000',
        'deny out on eth0 proto tcp from ::/0 to ::/0 port 25',
        "reject in on eth1 proto udp from fd00::/8 port 5353 to ::/0 comment mdns \u00e9",
        'allow in proto esp from ::/0 to ::/0',
        'allow in proto tcp from 2001:db8::/32 to ::/0 port 22',
        'allow in proto tcp from ::/0 port 22 to ::/0',
    ]


def test_parse_keeps_application_and_route_rules_as_placeholders():
    text = ('### tuple ### allow any 22 ::/0 any ::/0 OpenSSH - in\n'
            '### tuple ### route:allow any any ::/0 any ::/0 in_eth1!out_eth0\n'
            '### tuple ### allow_log tcp 80 ::/0 any ::/0 in\n')
    rules = parse_rules_file(text)
    assert rules[:2] == [None, None]
    assert rules[2].action == 'allow'


@pytest.mark.parametrize('params, key', [
    ({}, RuleKey('any', 'any', '::/0', 'any', '::/0', 'in', '')),
    # `ufw allow to 2001:db8::1/128 port 443,80,1000:2000 proto tcp` is stored like this.
    ({'to_ip': '2001:DB8::0001/128', 'to_port': '443,80,1000:2000', 'proto': 'tcp'},
     RuleKey('tcp', '80,443,1000:2000', '2001:db8::1', 'any', '::/0', 'in', '')),
    ({'from_ip': 'any', 'to_ip': 'fd00::/8', 'to_port': 53, 'proto': 'udp', 'direction': 'out', 'interface': 'eth0'},
     RuleKey('udp', '53', 'fd00::/8', 'any', '::/0', 'out', 'eth0')),
])
def test_rules_are_normalised_as_ufw_writes_them(params, key):
    assert rule_from_params(params).key == key


def test_a_rule_from_params_matches_the_same_rule_read_from_the_file():
    assert rule(to_ip='2001:db8::1', to_port='1000:2000,443,80', proto='tcp') in parse_rules_file(USER6_RULES)


@pytest.mark.parametrize('params, message', [
    ({'rule': 'permit'}, "rules[0].rule: 'permit' is not one of allow, deny, reject, limit"),
    ({'proto': 'icmp'}, "rules[0].proto: 'icmp' is not one of any, tcp, udp, esp, ah, gre"),
    ({'direction': 'routed'}, "rules[0].direction: 'routed' is not one of in, out"),
    ({'to_ip': '192.0.2.1'}, "rules[0].to_ip: '192.0.2.1' is an IPv4 address; an IPv6 address is needed here"),
    ({'from_ip': '2001:db8::1/64'}, "rules[0].from_ip: '2001:db8::1/64' has host bits set"),
    ({'to_port': '0'}, "rules[0].to_port: '0' is not a port"),
    ({'to_port': '2000:1000', 'proto': 'tcp'}, "rules[0].to_port: '2000:1000' is not a port"),
    ({'to_port': 'ssh'}, "rules[0].to_port: 'ssh' is not a port"),
    ({'to_port': ','.join(str(port) for port in range(1, 17)), 'proto': 'tcp'},
     "rules[0].to_port: '1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16' has more than 15 ports or range ends"),
    ({'to_port': '80,443'}, "rules[0].proto: 'any' cannot go with a port list or range"),
    ({'to_port': '22', 'proto': 'esp'}, "rules[0].proto: 'esp' carries no ports"),
    ({'interface': 'eth 0'}, "rules[0].interface: 'eth 0' is not a network interface name"),
    ({'comment': "it's"}, "rules[0].comment: 'it's' contains a quote or a line break"),
])
def test_bad_rules_name_the_field_and_the_value(params, message):
    with pytest.raises(RuleError) as error:
        rule_from_params(params)
    assert str(error.value).startswith(message)


def test_arguments_of_a_full_rule():
    full = rule(rule='reject', interface='eth1', proto='udp', from_ip='fd00::/8', from_port='5353', comment='mdns')
    assert rule_arguments(full) == ['reject', 'in', 'on', 'eth1', 'proto', 'udp', 'from', 'fd00::/8', 'port', '5353',
                                    'to', '::/0', 'comment', 'mdns']
    assert rule_arguments(full, delete=True) == ['delete', 'reject', 'in', 'on', 'eth1', 'proto', 'udp', 'from',
                                                 'fd00::/8', 'port', '5353', 'to', '::/0']


def test_arguments_always_carry_ipv6_addresses_so_ufw_makes_no_ipv4_twin():
    assert rule_arguments(rule(to_port='22')) == ['allow', 'in', 'from', '::/0', 'to', '::/0', 'port', '22']


def test_plan_adds_what_is_missing_and_nothing_twice():
    current = parse_rules_file(USER6_RULES)
    ssh = rule(to_port='22', proto='tcp', from_ip='2001:db8::/32')
    smtp = rule(to_port='25', proto='tcp')
    changes, after = plan_changes(current, [(ssh, 'present'), (smtp, 'present'), (smtp, 'present')])
    assert changes == [('add', smtp)]
    assert after == current + [smtp]


def test_plan_updates_action_or_comment_in_place():
    current = parse_rules_file(USER6_RULES)
    web = rule(rule='limit', to_port='443', proto='tcp')
    changes, after = plan_changes(current, [(web, 'present')])
    # No comment asked for: the stored one stays.
    assert changes == [('update', Rule('limit', web.key, 'web v6'))]
    assert after[0] == Rule('limit', web.key, 'web v6') and len(after) == len(current)
    changes, _after = plan_changes(current, [(rule(to_port='443', proto='tcp', comment='https'), 'present')])
    assert changes == [('update', Rule('allow', web.key, 'https'))]


def test_plan_deletes_the_stored_rule_whatever_its_action():
    current = parse_rules_file(USER6_RULES)
    changes, after = plan_changes(current, [(rule(to_port='2222', proto='tcp'), 'absent'),
                                            (rule(to_port='9', proto='tcp'), 'absent')])
    assert changes == [('delete', current[2])]
    assert current[2] not in after and len(after) == len(current) - 1


def test_twins_are_rules_for_anywhere_on_both_families():
    # `ufw allow 22/tcp` made the v4 rule; the v6 half was deleted, then made again as ::/0 port 22 on its own.
    v6 = [rule(to_port='22', proto='tcp'), rule(to_port='443', proto='tcp'),
          rule(to_port='22', proto='tcp', from_ip='2001:db8::/32')]
    assert twins(v6, parse_rules_file(USER_RULES)) == [v6[0]]


def test_ipv6_setting():
    assert ipv6_enabled(DEFAULTS) and with_ipv6_enabled(DEFAULTS) == (DEFAULTS, False)
    disabled = DEFAULTS.replace('IPV6=yes', 'IPV6=no')
    assert not ipv6_enabled(disabled)
    assert with_ipv6_enabled(disabled) == (DEFAULTS, True)
    assert with_ipv6_enabled('DEFAULT_INPUT_POLICY="DROP"') == ('DEFAULT_INPUT_POLICY="DROP"\nIPV6=yes\n', True)


def test_enabled():
    assert is_enabled('# comment\nENABLED=yes\nLOGLEVEL=low\n')
    assert not is_enabled('ENABLED=no\n')
    assert not is_enabled('')


def test_policy_steps_deny_only_the_directions_that_do_not_drop_yet_and_enable_last():
    from ansible_collections.homelab.ipv6.plugins.module_utils._ufw import policy_steps
    # Debian's default: incoming DROP, outgoing ACCEPT, routed DROP.
    assert policy_steps(DEFAULTS, ['incoming', 'routed'], enabled=True, enable=True) == []
    accepting = DEFAULTS.replace('DEFAULT_FORWARD_POLICY="DROP"', 'DEFAULT_FORWARD_POLICY="ACCEPT"')
    assert policy_steps(accepting, ['incoming', 'routed'], enabled=False, enable=True) == [
        ['default', 'deny', 'routed'], ['--force', 'enable']]
    assert policy_steps(DEFAULTS, ['outgoing'], enabled=False, enable=False) == [['default', 'deny', 'outgoing']]
    assert policy_steps('', ['incoming'], enabled=True, enable=False) == [['default', 'deny', 'incoming']]
