# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""The roles' firewall rules as data, and what ufw must run to hold them.

Each role states its rules as data - family (ipv4, ipv6 or both), action, direction or route,
interfaces, protocol, addresses, ports, a comment - and the ``firewall_rules`` module applies
them in ufw. A rule with ``lans`` (LANs of the site plan) stands for one rule per LAN, its
text fields filled from the LAN (``{name}``, ``{interface}``, ``{ipv4}``); a list in ``proto``
or ``from_ip`` stands for one rule per item. Every rule carries its
owner (the role) at the head of its comment, so the owner's rules that its list no longer
holds - an SSH source taken out, a LAN gone - are deleted instead of left behind.

Rules are read from ufw's own files, ``### tuple ###`` lines in ``user.rules`` (IPv4) and
``user6.rules`` (IPv6), and written with addresses of their family, so ufw makes no twin.
"""

from __future__ import annotations

import collections
import ipaddress

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import shown
from ansible_collections.homelab.ipv6.plugins.module_utils._ufw import ACTIONS, DIRECTIONS, RuleError, normalize_port, rule_tuples

ANYWHERE = {4: '0.0.0.0/0', 6: '::/0'}
FAMILIES = {'ipv4': (4,), 'ipv6': (6,), 'both': (4, 6)}
PROTOCOLS = {4: ('any', 'tcp', 'udp', 'esp', 'ah', 'gre', 'ipv6'), 6: ('any', 'tcp', 'udp', 'esp', 'ah', 'gre')}
PORT_PROTOCOLS = ('any', 'tcp', 'udp')
# The fields of a rule in data; ``lans`` and ``family`` are expanded away.
RULE_FIELDS = ('family', 'rule', 'direction', 'route', 'interface', 'interface_out', 'proto', 'from_ip', 'from_port',
               'to_ip', 'to_port', 'comment', 'lans')

# What makes two rules the same rule for ufw (a different action or comment updates it in place).
Key = collections.namedtuple('Key', 'route proto to_port to_ip from_port from_ip where')


class FirewallRule(collections.namedtuple('FirewallRule', 'version action key comment')):
    """One rule of one family, as ufw keeps it."""

    __slots__ = ()

    def text(self):
        return 'IPv%d: ufw %s' % (self.version, ' '.join(rule_arguments(self)))


def _address(value, version, path):
    """ufw's form of an address or network of ``version``: a host without its /32 or /128,
    a network without host bits."""
    if value in (None, '', 'any'):
        return ANYWHERE[version]
    try:
        network = ipaddress.ip_network(str(value), strict=False)
    except ValueError:
        raise RuleError('%s: %s is not an IP address or network' % (path, shown(value))) from None
    if network.version != version:
        raise RuleError('%s: %s is an IPv%d address in an IPv%d rule; set family to ipv%d'
                        % (path, shown(value), network.version, version, network.version))
    if network.prefixlen == network.max_prefixlen:
        return str(network.network_address)
    return str(network)


def _where(route, direction, interface, interface_out):
    """The direction field of ufw's tuple: in, in_eth1, out_eth0, or in_eth1!out_eth0 (routed)."""
    if route:
        parts = (['in_' + interface] if interface else []) + (['out_' + interface_out] if interface_out else [])
        return '!'.join(parts) or 'in'
    return direction + ('_' + interface if interface else '')


def _filled(value, lan):
    return value.format_map(lan) if isinstance(value, str) and lan is not None else value


def _one_rule(fields, version, owner, path):
    action = fields.get('rule') or 'allow'
    if action not in ACTIONS:
        raise RuleError('%s.rule: %s is not one of %s' % (path, shown(action), ', '.join(ACTIONS)))
    direction = fields.get('direction') or 'in'
    if direction not in DIRECTIONS:
        raise RuleError('%s.direction: %s is not one of %s' % (path, shown(direction), ', '.join(DIRECTIONS)))
    proto = fields.get('proto') or 'any'
    if proto not in PROTOCOLS[version]:
        raise RuleError('%s.proto: %s is not one of %s for IPv%d' % (path, shown(proto), ', '.join(PROTOCOLS[version]), version))
    to_port = normalize_port(fields.get('to_port'), path, 'to_port')
    from_port = normalize_port(fields.get('from_port'), path, 'from_port')
    if proto not in PORT_PROTOCOLS and (to_port, from_port) != ('any', 'any'):
        raise RuleError('%s.proto: %s carries no ports; ports need proto tcp, udp or any' % (path, shown(proto)))
    route = bool(fields.get('route'))
    where = _where(route, direction, fields.get('interface') or '', fields.get('interface_out') or '')
    comment = owner + (' - ' + str(fields['comment']) if fields.get('comment') else '')
    if "'" in comment or '\n' in comment:
        raise RuleError("%s.comment: %s contains a quote or a line break, which ufw cannot store"
                        % (path, shown(fields.get('comment', owner))))
    key = Key(route, proto, to_port, _address(fields.get('to_ip'), version, path + '.to_ip'), from_port,
              _address(fields.get('from_ip'), version, path + '.from_ip'), where)
    return FirewallRule(version, 'route:' + action if route else action, key, comment)


def _family(fields, path):
    """The rule's family: as written; else that of its addresses; else both."""
    family = fields.get('family')
    if family is not None:
        if family not in FAMILIES:
            raise RuleError('%s.family: %s is not one of %s' % (path, shown(family), ', '.join(FAMILIES)))
        return family
    for name in ('from_ip', 'to_ip'):
        value = fields.get(name)
        if value not in (None, '', 'any'):
            try:
                return 'ipv%d' % ipaddress.ip_network(str(value), strict=False).version
            except ValueError:
                raise RuleError('%s.%s: %s is not an IP address or network' % (path, name, shown(value))) from None
    return 'both'


def _variants(rule):
    """The rules that ``rule`` stands for: one per LAN of ``lans``, per protocol of a list in
    ``proto``, per address of a list in ``from_ip`` (an empty list stands for no rule)."""
    lans = rule.get('lans')
    for lan in [None] if lans is None else lans:
        fields = {name: _filled(value, lan) for name, value in rule.items() if name != 'lans'}
        protocols = fields.get('proto') if isinstance(fields.get('proto'), list) else [fields.get('proto')]
        sources = fields.get('from_ip') if isinstance(fields.get('from_ip'), list) else [fields.get('from_ip')]
        for proto in protocols:
            for source in sources:
                yield lan, dict(fields, proto=proto, from_ip=source)


def expand_rules(rules, owner):
    """The checked rules of each family that ``rules`` (data, as the roles write it) stand for."""
    expanded = []
    for index, rule in enumerate(rules):
        path = 'rules[%d]' % index
        if not isinstance(rule, dict):
            raise RuleError('%s: %s is not a mapping' % (path, shown(rule)))
        unknown = sorted(set(rule) - set(RULE_FIELDS))
        if unknown:
            raise RuleError('%s: unknown key %s; known keys are %s' % (path, ', '.join(unknown), ', '.join(RULE_FIELDS)))
        try:
            variants = list(_variants(rule))
        except (KeyError, ValueError, AttributeError) as error:
            raise RuleError('%s: cannot fill in %s from a LAN of lans' % (path, error)) from None
        for lan, fields in variants:
            where = path if lan is None else '%s (LAN %s)' % (path, lan.get('name'))
            for version in FAMILIES[_family(fields, where)]:
                expanded.append(_one_rule(fields, version, owner, where))
    return expanded


def parse_rules(text, version):
    """The rules of a ufw rules file of ``version``, in file order (application rules left out)."""
    rules = []
    for found in rule_tuples(text):
        if found is None:
            continue
        (action, proto, to_port, to_ip, from_port, from_ip, where), comment = found
        route = action.startswith('route:')
        action = ('route:' if route else '') + action.split(':')[-1].split('_')[0]
        rules.append(FirewallRule(version, action, Key(route, proto, to_port, to_ip, from_port, from_ip, where), comment))
    return rules


def owns(owner, rule):
    return rule.comment is not None and (rule.comment == owner or rule.comment.startswith(owner + ' - '))


def plan_changes(current, desired, owner):
    """What to run so that ufw holds ``desired`` and no other rule of ``owner``: a list of
    ('add' | 'update' | 'delete', FirewallRule), deletions first."""
    wanted = {(rule.version, rule.key): rule for rule in desired}
    existing = {(rule.version, rule.key): rule for rule in current}
    changes = [('delete', rule) for rule in current if owns(owner, rule) and (rule.version, rule.key) not in wanted]
    for identity, rule in wanted.items():
        if identity not in existing:
            changes.append(('add', rule))
        elif existing[identity][1:] != rule[1:]:
            changes.append(('update', rule))
    return changes


def _interface_arguments(rule):
    key = rule.key
    if not key.route:
        direction, _sep, interface = key.where.partition('_')
        return [direction] + (['on', interface] if interface else [])
    arguments = []
    for part in key.where.split('!'):
        direction, _sep, interface = part.partition('_')
        if interface:
            arguments += [direction, 'on', interface]
    return arguments


def rule_arguments(rule, delete=False):
    """The arguments after ``ufw`` that add (or delete) ``rule``."""
    key = rule.key
    action = rule.action.split(':')[-1]
    arguments = (['route'] if key.route else []) + (['delete'] if delete else []) + [action]
    arguments += _interface_arguments(rule)
    if key.proto != 'any':
        arguments += ['proto', key.proto]
    arguments += ['from', key.from_ip] + (['port', key.from_port] if key.from_port != 'any' else [])
    arguments += ['to', key.to_ip] + (['port', key.to_port] if key.to_port != 'any' else [])
    if rule.comment is not None and not delete:
        arguments += ['comment', rule.comment]
    return arguments
