#!/usr/bin/python
# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ufw6
short_description: IPv6 in ufw - IPV6=yes, and rules for IPv6 only, without IPv4 twins
version_added: 0.1.0
description:
  - "Makes sure C(/etc/default/ufw) says C(IPV6=yes) and reloads an enabled ufw when it did
    not. Without it ufw drops all IPv6 except loopback, and C(ping6) fails with
    C(sendmsg: Operation not permitted)."
  - Adds, updates or removes rules that apply to IPv6 only. ufw would make an IPv4 and an
    IPv6 rule ("twins") from a rule without addresses; this module always gives ufw IPv6
    addresses (V(::/0) for anywhere), so only the IPv6 rule exists.
  - Idempotent by reading ufw's own rule file C(/etc/ufw/user6.rules). A rule is the same rule
    when protocol, ports, addresses, direction and interface match; a different O(rules[].rule)
    or O(rules[].comment) updates it in place, as ufw itself does.
  - Every rule is checked before anything runs. If ufw fails on one of them, the rule files
    and C(/etc/default/ufw) are put back as they were and ufw is reloaded, so the firewall is
    never left half-changed.
  - ufw's default C(before6.rules) already accept the ICMPv6 that IPv6 needs (neighbour and
    router solicitations and advertisements, echo) and DHCPv6 replies to clients (port 546),
    whatever the default policy. A DHCPv6 server needs an C(in) rule for UDP port 547.
options:
  ipv6:
    description: Make sure ufw handles IPv6 (C(IPV6=yes)). V(false) leaves the setting alone.
    type: bool
    default: true
  only_if:
    description:
      - V(enabled) does nothing (and changes nothing) unless ufw is installed and enabled, for a
        role that opens its ports in a firewall that another role or the user manages;
        V(installed) does nothing unless ufw is installed.
      - Unset, a host without ufw fails the task.
      - Either way the result tells whether ufw is installed and enabled, so that later tasks
        (IPv4 rules with C(community.general.ufw)) can follow the same answer.
    type: str
    choices: [installed, enabled]
  deny:
    description:
      - The directions whose traffic ufw drops by default (C(ufw default deny <direction>)), set after the rules.
    type: list
    elements: str
    choices: [incoming, outgoing, routed]
    default: []
  enable:
    description:
      - Turn ufw on (and at boot) after the rules and the policies, when it is not on yet.
    type: bool
    default: false
  rules:
    description:
      - IPv6 rules, applied in order. New rules are appended to ufw's list, where the first
        matching rule wins.
    type: list
    elements: dict
    default: []
    suboptions:
      rule:
        description: What to do with matching packets. V(limit) denies a source after 6 connections in 30 seconds.
        type: str
        choices: [allow, deny, reject, limit]
        default: allow
        aliases: [action]
      direction:
        description: Incoming or outgoing traffic.
        type: str
        choices: [in, out]
        default: in
      interface:
        description: Only traffic on this interface.
        type: str
      proto:
        description: The protocol. Ports need V(tcp), V(udp) or V(any); port lists and ranges need V(tcp) or V(udp).
        type: str
        choices: [any, tcp, udp, esp, ah, gre]
        default: any
      from_ip:
        description: Source IPv6 address or prefix; V(::/0) or V(any) for anywhere.
        type: str
        default: "::/0"
      from_port:
        description: Source port, range (V(6000:6007)) or comma list.
        type: str
      to_ip:
        description: Destination IPv6 address or prefix; V(::/0) or V(any) for anywhere.
        type: str
        default: "::/0"
      to_port:
        description: Destination port, range or comma list.
        type: str
      comment:
        description: A comment stored with the rule. When unset, an existing comment stays.
        type: str
      state:
        description: Whether the rule should exist.
        type: str
        choices: [present, absent]
        default: present
attributes:
  check_mode:
    support: full
    description: Reports the ufw commands it would run, without running them.
  diff_mode:
    support: full
    description: Shows the IPv6 rules (and the IPV6 setting) before and after.
notes:
  - Enabling ufw and its default policies are left to C(community.general.ufw); this module
    works whether ufw is enabled or not and reloads it only when it is enabled.
  - Requires the C(ufw) package on the target.
seealso:
  - module: community.general.ufw
author:
  - homelab.ipv6 developers (@homelab-ipv6)
"""

EXAMPLES = r"""
- name: HTTPS to the server's fixed GUA, over IPv6 only
  homelab.ipv6.ufw6:
    rules:
      - to_ip: 2001:db8:5500:1::100
        to_port: "443"
        proto: tcp
        comment: web

- name: DHCPv6 server on the LAN interface (clients send from fe80::/10 to ff02::1:2)
  homelab.ipv6.ufw6:
    rules:
      - interface: eth1
        proto: udp
        to_port: "547"
        from_ip: fe80::/10

- name: Open DNS on a LAN when ufw is in use here, and tell the IPv4 rules after it
  homelab.ipv6.ufw6:
    only_if: enabled
    rules:
      - interface: eth1
        proto: udp
        to_port: "53"
  register: dns_ufw

- name: Remove a rule
  homelab.ipv6.ufw6:
    rules:
      - to_port: "23"
        proto: tcp
        state: absent
"""

RETURN = r"""
commands:
  description: The ufw commands run (or, in check mode, that would run).
  type: list
  elements: str
  returned: always
  sample: ["ufw allow in proto tcp from ::/0 to 2001:db8:5500:1::100 port 443 comment web"]
ipv6_enabled:
  description: Whether C(IPV6=yes) is set after the task.
  type: bool
  returned: always
installed:
  description: Whether ufw is installed.
  type: bool
  returned: always
enabled:
  description: Whether ufw is installed and enabled (C(ENABLED=yes) in C(/etc/ufw/ufw.conf)), so its rules filter traffic.
  type: bool
  returned: always
rules:
  description: ufw's IPv6 rules after the task, in ufw's order, as ufw command lines.
  type: list
  elements: dict
  returned: always
  contains:
    rule:
      description: The rule as a ufw command line.
      type: str
      sample: allow in proto tcp from ::/0 to ::/0 port 443
    v4_twin:
      description: Whether an IPv4 rule with the same ports, protocol and direction exists for anywhere.
      type: bool
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.homelab.ipv6.plugins.module_utils._core.files import read_text
from ansible_collections.homelab.ipv6.plugins.module_utils._ufw import (
    RuleError,
    Ufw,
    ipv6_enabled,
    parse_rules_file,
    plan_changes,
    policy_steps,
    POLICY_KEYS,
    rule_arguments,
    rule_from_params,
    twins,
    with_ipv6_enabled,
)

DEFAULTS_FILE = '/etc/default/ufw'
CONF_FILE = '/etc/ufw/ufw.conf'
RULES_FILES = ('/etc/ufw/user6.rules', '/etc/ufw/user.rules')

RULE_OPTIONS = dict(
    rule=dict(type='str', choices=['allow', 'deny', 'reject', 'limit'], default='allow', aliases=['action']),
    direction=dict(type='str', choices=['in', 'out'], default='in'),
    interface=dict(type='str'),
    proto=dict(type='str', choices=['any', 'tcp', 'udp', 'esp', 'ah', 'gre'], default='any'),
    from_ip=dict(type='str', default='::/0'),
    from_port=dict(type='str'),
    to_ip=dict(type='str', default='::/0'),
    to_port=dict(type='str'),
    comment=dict(type='str'),
    state=dict(type='str', choices=['present', 'absent'], default='present'),
)


def described(ipv6, rules):
    """The diff text of ufw's IPv6 state: the IPV6 setting, then one rule per line."""
    return 'IPV6 enabled: %s\n%s' % (ipv6, ''.join('%s\n' % rule.text() for rule in rules if rule))


def run_module(module):
    """Everything the module does once its arguments are parsed; it exits through module."""
    try:
        desired = [(rule_from_params(params, 'rules[%d]' % index), params['state'])
                   for index, params in enumerate(module.params['rules'])]
    except RuleError as error:
        module.fail_json(msg=str(error))

    ufw = Ufw(module, DEFAULTS_FILE, CONF_FILE, RULES_FILES)
    if not ufw.in_use(module.params['only_if']):
        module.exit_json(changed=False, commands=[], ipv6_enabled=ipv6_enabled(ufw.saved[DEFAULTS_FILE]), rules=[],
                         installed=ufw.installed, enabled=ufw.enabled)
    defaults_before = ufw.saved[DEFAULTS_FILE]
    defaults_after, ipv6_changes = with_ipv6_enabled(defaults_before) if module.params['ipv6'] else (defaults_before, False)
    before = parse_rules_file(ufw.saved[RULES_FILES[0]])
    changes, after = plan_changes(before, desired)
    policies = policy_steps(defaults_after, module.params['deny'], ufw.enabled, module.params['enable'])
    changed = ipv6_changes or bool(changes) or bool(policies)

    ufw.apply([rule_arguments(rule, delete=operation == 'delete') for operation, rule in changes] + policies,
              defaults_after if ipv6_changes else None)
    if not module.check_mode:
        after = ufw.rules()

    v4_rules = parse_rules_file(read_text(RULES_FILES[1]))
    twinned = twins(after, v4_rules)
    result = dict(
        changed=changed,
        commands=ufw.commands,
        ipv6_enabled=ipv6_enabled(defaults_after),
        installed=ufw.installed,
        enabled=ufw.enabled,
        rules=[dict(rule=rule.text(), v4_twin=rule in twinned) for rule in after if rule],
    )
    if module._diff:
        result['diff'] = dict(
            before=described(ipv6_enabled(defaults_before), before),
            after=described(result['ipv6_enabled'], after),
        )
    module.exit_json(**result)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            ipv6=dict(type='bool', default=True),
            only_if=dict(type='str', choices=['installed', 'enabled']),
            rules=dict(type='list', elements='dict', default=[], options=RULE_OPTIONS),
            deny=dict(type='list', elements='str', default=[], choices=list(POLICY_KEYS)),
            enable=dict(type='bool', default=False),
        ),
        supports_check_mode=True,
    )
    run_module(module)


if __name__ == '__main__':
    main()
