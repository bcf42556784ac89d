#!/usr/bin/python
# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: firewall_rules
short_description: Apply a role's firewall rules, given as data, in ufw (the one applier of the collection's roles)
version_added: 0.1.0
description:
  - Each role of the collection states the ports its daemon needs and the traffic it routes as
    data, and applies them with this module, in one task; the router role installs and enables
    ufw, the other roles open their ports only where ufw is in use (O(only_if=enabled)).
  - Every rule carries O(owner) at the head of its comment. The rules of O(owner) that
    O(rules) no longer holds are deleted, so an SSH source taken out of the list, or a LAN
    gone from the site, leaves no rule behind. Rules of other owners, and the user's own, are
    never touched.
  - Idempotent by reading ufw's own rule files (C(/etc/ufw/user.rules), C(/etc/ufw/user6.rules));
    each rule is written with addresses of its family, so ufw makes no twin the data did not ask for.
  - Every rule is checked before anything runs. If ufw fails on one of them, its files are put
    back as they were and ufw is reloaded, so the firewall is never left half-changed.
options:
  owner:
    description: Whose rules these are, such as V(homelab.ipv6.dns_bind); the head of every rule's comment.
    type: str
    required: true
  rules:
    description:
      - The rules, each a mapping. Keys are C(family) (V(ipv4), V(ipv6) or V(both); unset, the
        family of the rule's addresses, else both),
        C(rule) (V(allow), the default, V(deny), V(reject) or V(limit)), C(direction) (V(in) or
        V(out)), C(route) (a rule for forwarded traffic, from C(interface) to C(interface_out)),
        C(interface), C(interface_out), C(proto) (V(any), V(tcp), V(udp), V(esp), V(ah), V(gre),
        and V(ipv6) for IPv4's protocol 41), C(from_ip), C(from_port), C(to_ip), C(to_port)
        (anywhere when unset) and C(comment), which follows O(owner).
      - With C(lans), a list of LANs of the site plan, the rule stands for one rule per LAN, with
        C({name}), C({interface}) and C({ipv4}) in its text fields taken from each LAN. A list in
        C(proto) or C(from_ip) stands for one rule per item; an empty C(from_ip) list for none.
    type: list
    elements: dict
    default: []
  ipv6:
    description: Also make sure ufw handles IPv6 (C(IPV6=yes) in C(/etc/default/ufw)), reloading an enabled ufw.
    type: bool
    default: false
  only_if:
    description:
      - V(enabled) does nothing unless ufw is installed and enabled; V(installed) does nothing
        unless ufw is installed. Unset, a host without ufw fails the task.
    type: str
    choices: [installed, enabled]
attributes:
  check_mode:
    support: full
    description: Reports the ufw commands it would run, without running them.
  diff_mode:
    support: full
    description: Shows the rules of O(owner) before and after.
notes:
  - Default policies and enabling ufw are the router role's (C(community.general.ufw)).
  - Requires the C(ufw) package on the target.
seealso:
  - module: homelab.ipv6.ufw6
author:
  - homelab.ipv6 developers (@homelab-ipv6)
"""

EXAMPLES = r"""
- name: Open DNS on each LAN, over IPv6 from anywhere on the link and over IPv4 from the LAN's subnet
  homelab.ipv6.firewall_rules:
    owner: homelab.ipv6.dns_bind
    only_if: enabled
    rules:
      - {family: ipv6, lans: "{{ site_plan.lans }}", interface: "{interface}", proto: udp, to_port: "53"}
      - {family: ipv4, lans: "{{ site_plan.lans | selectattr('ipv4') }}", interface: "{interface}",
         from_ip: "{ipv4}", proto: udp, to_port: "53"}

- name: Route each LAN to the uplink, both families
  homelab.ipv6.firewall_rules:
    owner: homelab.ipv6.router
    rules:
      - {route: true, lans: "{{ site_plan.lans }}", interface: "{interface}", interface_out: eth0, comment: "{name} to uplink"}
"""

RETURN = r"""
commands:
  description: The ufw commands run (or, in check mode, that would run).
  type: list
  elements: str
  returned: always
  sample: ["ufw allow in on eth1 proto udp from ::/0 to ::/0 port 53 comment homelab.ipv6.dns_bind"]
installed:
  description: Whether ufw is installed.
  type: bool
  returned: always
enabled:
  description: Whether ufw is installed and enabled, so that its rules filter traffic.
  type: bool
  returned: always
rules:
  description: The rules of O(owner) after the task, one C(IPv4:) or C(IPv6:) ufw command line each.
  type: list
  elements: str
  returned: always
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.homelab.ipv6.plugins.module_utils._core.files import read_text
from ansible_collections.homelab.ipv6.plugins.module_utils._firewall import expand_rules, owns, parse_rules, plan_changes, rule_arguments
from ansible_collections.homelab.ipv6.plugins.module_utils._ufw import RuleError, Ufw, with_ipv6_enabled

DEFAULTS_FILE = '/etc/default/ufw'
CONF_FILE = '/etc/ufw/ufw.conf'
RULES_FILES = {6: '/etc/ufw/user6.rules', 4: '/etc/ufw/user.rules'}


def _rules(texts=None):
    """Every rule of ufw's two files, IPv4 first: from ``texts`` (path -> text, as read before
    anything ran), else as the files are now."""
    return [rule for version in (4, 6)
            for rule in parse_rules(texts[RULES_FILES[version]] if texts else read_text(RULES_FILES[version]), version)]


def _described(rules):
    return ''.join('%s\n' % rule.text() for rule in rules)


def run_module(module):
    """Apply the rules; the module's result."""
    owner = module.params['owner']
    try:
        desired = expand_rules(module.params['rules'], owner)
    except RuleError as error:
        module.fail_json(msg=str(error))
    ufw = Ufw(module, DEFAULTS_FILE, CONF_FILE, (RULES_FILES[6], RULES_FILES[4]))
    if not ufw.in_use(module.params['only_if']):
        return dict(changed=False, commands=[], rules=[], installed=ufw.installed, enabled=ufw.enabled)
    current = _rules(ufw.saved)
    before = [rule for rule in current if owns(owner, rule)]
    changes = plan_changes(current, desired, owner)
    defaults_after, ipv6_changes = with_ipv6_enabled(ufw.saved[DEFAULTS_FILE]) if module.params['ipv6'] else (None, False)
    ufw.apply([rule_arguments(rule, delete=operation == 'delete') for operation, rule in changes],
              defaults_after if ipv6_changes else None)
    after = list(desired) if module.check_mode else [rule for rule in _rules() if owns(owner, rule)]
    result = dict(changed=bool(changes) or ipv6_changes, commands=ufw.commands, installed=True, enabled=ufw.enabled,
                  rules=[rule.text() for rule in after])
    if module._diff:
        result['diff'] = dict(before=_described(before), after=_described(after))
    return result


def main():
    module = AnsibleModule(
        argument_spec=dict(
            owner=dict(type='str', required=True),
            rules=dict(type='list', elements='dict', default=[]),
            ipv6=dict(type='bool', default=False),
            only_if=dict(type='str', choices=['installed', 'enabled']),
        ),
        supports_check_mode=True,
    )
    module.exit_json(**run_module(module))


if __name__ == '__main__':
    main()
