# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""IPv6-only ufw rules: read from ufw's own rule files, compared, and turned into ufw commands.

ufw keeps each rule it manages as a ``### tuple ###`` comment in ``/etc/ufw/user6.rules``
(IPv6) and ``/etc/ufw/user.rules`` (IPv4). A rule whose addresses are IPv6 (``::/0`` for
"anywhere") goes into user6.rules alone, so no IPv4 twin is made. Rules are normalised the
way ufw writes them, so that reading the file back tells whether a rule is already there.
"""

from __future__ import annotations

import collections
import re

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import (
    AddressError,
    format_address,
    format_network,
    parse_address,
    parse_network,
    shown,
)
from ansible_collections.homelab.ipv6.plugins.module_utils._core.files import read_text, write_atomically

ANYWHERE = '::/0'
ACTIONS = ('allow', 'deny', 'reject', 'limit')
DIRECTIONS = ('in', 'out')
# ufw's protocols that can carry IPv6 rules ('ipv6', protocol 41, is an IPv4 rule's).
PROTOCOLS = ('any', 'tcp', 'udp', 'esp', 'ah', 'gre')
PORT_PROTOCOLS = ('any', 'tcp', 'udp')

_TUPLE = '### tuple ### '
# Matched with fullmatch, ASCII digits only: '$' lets 'eth0\n' through and \d takes '４４３'.
_PORT = re.compile(r'[0-9]{1,5}(?::[0-9]{1,5})?')
_IPV6_SETTING = re.compile(r'^IPV6=.*$', re.MULTILINE)
_INTERFACE = re.compile(r'[A-Za-z0-9_.@-]{1,15}')

# What makes two rules the same rule for ufw: a rule that differs only in action or comment
# is updated in place ("Rule updated (v6)").
RuleKey = collections.namedtuple('RuleKey', 'proto to_port to_ip from_port from_ip direction interface')


class RuleError(ValueError):
    """A rule ufw would refuse or read differently; the message names the field and the value."""


class Rule(collections.namedtuple('Rule', 'action key comment')):
    """One IPv6 rule: its action, what it matches (``key``) and its comment (None when unset)."""

    __slots__ = ()

    def text(self):
        """The rule as a ufw command line would write it, for diffs and messages."""
        return ' '.join(rule_arguments(self))


def _field(path, name, value, message):
    raise RuleError('%s.%s: %s %s' % (path, name, shown(value), message))


def normalize_address(value, path, name):
    """ufw's form of an IPv6 address or prefix: RFC 5952, a /128 written as the address."""
    if value in (None, 'any', ANYWHERE):
        return ANYWHERE
    try:
        if isinstance(value, str) and '/' in value:
            network = parse_network(value, version=6)
            address = network.network_address
        else:
            network, address = None, parse_address(value, version=6)
    except AddressError as error:
        raise RuleError('%s.%s: %s' % (path, name, error)) from None
    if address.ipv4_mapped is not None:
        # ip6tables never sees IPv4 traffic as ::ffff:a.b.c.d; such a rule would match nothing.
        raise RuleError('%s.%s: %s is an IPv4-mapped address; ufw6 writes IPv6 rules, and IPv4 traffic '
                        'never reaches them as ::ffff:a.b.c.d' % (path, name, shown(value)))
    if network is None or network.prefixlen == 128:
        return format_address(address)
    return format_network(network)


def _port_sort_key(port):
    return tuple(int(number) for number in port.split(':'))


def normalize_port(value, path, name):
    """ufw's form of a port: a number, a range 1000:2000, or a comma list sorted as ufw sorts it."""
    if value in (None, 'any', ''):
        return 'any'
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str):
        _field(path, name, value, 'is not a port')
    ports = [port.strip() for port in text.split(',')]
    for port in ports:
        numbers = [int(number) for number in port.split(':')] if _PORT.fullmatch(port) else []
        if not numbers or not all(1 <= number <= 65535 for number in numbers) or \
                (len(numbers) == 2 and numbers[0] >= numbers[1]):
            _field(path, name, value, 'is not a port, a range such as 6000:6007, or a comma list of them')
    if len(ports) + text.count(':') > 15:
        _field(path, name, value, 'has more than 15 ports or range ends, the most ufw (iptables multiport) takes')
    return ','.join(sorted(ports, key=_port_sort_key))


def rule_from_params(params, path='rules[0]'):
    """A checked, normalised Rule from the module's rule options."""
    action = params.get('rule') or 'allow'
    if action not in ACTIONS:
        _field(path, 'rule', action, 'is not one of %s' % ', '.join(ACTIONS))
    direction = params.get('direction') or 'in'
    if direction not in DIRECTIONS:
        _field(path, 'direction', direction, 'is not one of %s' % ', '.join(DIRECTIONS))
    proto = params.get('proto') or 'any'
    if proto not in PROTOCOLS:
        _field(path, 'proto', proto, 'is not one of %s' % ', '.join(PROTOCOLS))
    interface = params.get('interface') or ''
    if interface and (not isinstance(interface, str) or not _INTERFACE.fullmatch(interface)):
        _field(path, 'interface', interface, 'is not a network interface name')
    to_port = normalize_port(params.get('to_port'), path, 'to_port')
    from_port = normalize_port(params.get('from_port'), path, 'from_port')
    if proto not in PORT_PROTOCOLS and (to_port, from_port) != ('any', 'any'):
        _field(path, 'proto', proto, 'carries no ports; ports need proto tcp, udp or any')
    if proto == 'any' and any(mark in port for port in (to_port, from_port) for mark in ',:'):
        _field(path, 'proto', proto, 'cannot go with a port list or range; ufw needs proto tcp or udp for those')
    comment = params.get('comment')
    if comment is not None and ("'" in comment or '\n' in comment):
        _field(path, 'comment', comment, "contains a quote or a line break, which ufw cannot store")
    key = RuleKey(proto, to_port, normalize_address(params.get('to_ip'), path, 'to_ip'), from_port,
                  normalize_address(params.get('from_ip'), path, 'from_ip'), direction, interface)
    return Rule(action, key, comment)


def rule_tuples(text):
    """The rules of a ufw rules file as ufw keeps them, in file order: for each ``### tuple ###``
    line, its seven fields (action, proto, to port, to address, from port, from address,
    direction and interfaces) and its comment (None when it has none); None for a line of
    another shape (an application profile's rule)."""
    rules = []
    for line in text.splitlines():
        if not line.startswith(_TUPLE):
            continue
        line, _sep, hex_comment = line[len(_TUPLE):].partition(' comment=')
        fields = line.split()
        comment = bytes.fromhex(hex_comment.strip()).decode('utf-8', 'replace') if hex_comment.strip() else None
        rules.append((fields, comment) if len(fields) == 7 else None)
    return rules


def parse_rules_file(text):
    """The Rules in the text of a ufw rules file, in file order.

    Rules that name application profiles or route (forward) traffic are not this module's;
    they are returned as None placeholders so that positions stay meaningful.
    """
    rules = []
    for found in rule_tuples(text):
        if found is None or ':' in found[0][0]:
            rules.append(None)
            continue
        (action, proto, to_port, to_ip, from_port, from_ip, where), comment = found
        direction, _sep, interface = where.partition('_')
        action = action.split('_')[0]  # allow_log -> allow
        rules.append(Rule(action, RuleKey(proto, to_port, to_ip, from_port, from_ip, direction, interface), comment))
    return rules


def rule_arguments(rule, delete=False):
    """The arguments after ``ufw`` that add (or delete) ``rule``."""
    key = rule.key
    arguments = ['delete'] if delete else []
    arguments += [rule.action, key.direction]
    if key.interface:
        arguments += ['on', key.interface]
    if key.proto != 'any':
        arguments += ['proto', key.proto]
    arguments += ['from', key.from_ip]
    if key.from_port != 'any':
        arguments += ['port', key.from_port]
    arguments += ['to', key.to_ip]
    if key.to_port != 'any':
        arguments += ['port', key.to_port]
    if rule.comment is not None and not delete:
        arguments += ['comment', rule.comment]
    return arguments


def plan_changes(current, desired):
    """What to run so that ``current`` (parsed user6.rules) holds ``desired``.

    ``desired`` is a list of (Rule, state) pairs. Returns (changes, after): changes is a
    list of ('add' | 'update' | 'delete', Rule) in order; after is the predicted rule list.
    A desired rule without a comment leaves an existing comment alone.
    """
    after = list(current)
    changes = []
    for rule, state in desired:
        index = next((i for i, existing in enumerate(after) if existing and existing.key == rule.key), None)
        if state == 'absent':
            if index is not None:
                changes.append(('delete', after[index]))
                del after[index]
            continue
        if index is None:
            changes.append(('add', rule))
            after.append(rule)
            continue
        existing = after[index]
        wanted = rule if rule.comment is not None else rule._replace(comment=existing.comment)
        if wanted != existing:
            changes.append(('update', wanted))
            after[index] = wanted
    return changes, after


def twins(v6_rules, v4_rules):
    """The IPv6 rules that have an IPv4 twin (same ports, protocol, direction; 'anywhere' on both sides)."""
    def shape(rule):
        return (rule.action, rule.key.proto, rule.key.to_port, rule.key.from_port, rule.key.direction,
                rule.key.interface)
    v4_anywhere = {shape(rule) for rule in v4_rules if rule and rule.key.to_ip == rule.key.from_ip == '0.0.0.0/0'}
    return [rule for rule in v6_rules if rule and rule.key.to_ip == rule.key.from_ip == ANYWHERE
            and shape(rule) in v4_anywhere]


def ipv6_enabled(defaults_text):
    """Whether /etc/default/ufw's text sets IPV6=yes."""
    return re.search(r'^IPV6=yes\s*$', defaults_text, re.MULTILINE) is not None


def with_ipv6_enabled(defaults_text):
    """/etc/default/ufw's text with IPV6=yes, and whether that changed it."""
    if ipv6_enabled(defaults_text):
        return defaults_text, False
    if _IPV6_SETTING.search(defaults_text):
        return _IPV6_SETTING.sub('IPV6=yes', defaults_text, count=1), True
    separator = '' if not defaults_text or defaults_text.endswith('\n') else '\n'
    return defaults_text + separator + 'IPV6=yes\n', True


# ufw's default policy of each direction, as /etc/default/ufw keeps it.
POLICY_KEYS = {'incoming': 'DEFAULT_INPUT_POLICY', 'outgoing': 'DEFAULT_OUTPUT_POLICY', 'routed': 'DEFAULT_FORWARD_POLICY'}


def policy_steps(defaults_text, deny, enabled, enable):
    """The ufw commands (arguments after ``ufw``) that make each direction of ``deny`` drop by
    default and, with ``enable``, turn on a ufw that is not ``enabled`` (last, after the rules)."""
    steps = []
    for direction in deny:
        found = re.search(r'^%s="?([A-Z]+)"?\s*$' % POLICY_KEYS[direction], defaults_text, re.MULTILINE)
        if not found or found.group(1) != 'DROP':
            steps.append(['default', 'deny', direction])
    if enable and not enabled:
        steps.append(['--force', 'enable'])
    return steps


def is_enabled(conf_text):
    """Whether /etc/ufw/ufw.conf says ufw starts at boot (ENABLED=yes), i.e. it is in use."""
    return re.search(r'^ENABLED=yes\s*$', conf_text, re.MULTILINE) is not None


class Ufw:
    """ufw on the target: its files, its command, and the way back when a change fails."""

    def __init__(self, module, defaults_file, conf_file, rules_files):
        self.module = module
        self.binary = module.get_bin_path('ufw')
        self.installed = self.binary is not None
        self.defaults_file = defaults_file
        self.rules_files = rules_files
        self.saved = {path: read_text(path) for path in (defaults_file,) + tuple(rules_files)}
        self.enabled = self.installed and is_enabled(read_text(conf_file))
        self.commands = []

    def in_use(self, only_if):
        """Whether the task goes on: False when ``only_if`` (installed or enabled) does not hold;
        a host without ufw and no ``only_if`` fails the task."""
        if only_if and not (self.enabled if only_if == 'enabled' else self.installed):
            return False
        if not self.installed:
            self.module.fail_json(msg='ufw is not installed on this host; install the ufw package first')
        return True

    def apply(self, steps, defaults=None):
        """Run ``steps`` (the arguments after ``ufw`` of each command); with ``defaults``, the new
        text of /etc/default/ufw, write it first and reload an enabled ufw. In check mode the
        commands are only listed."""
        steps = ([['reload']] if defaults is not None and self.enabled else []) + list(steps)
        if self.module.check_mode:
            self.commands = [' '.join(['ufw'] + step) for step in steps]
            return
        if defaults is not None:
            write_atomically(self.module, self.defaults_file, defaults, mode=None)
        for step in steps:
            self.run(step)

    def rules(self):
        """The IPv6 rules (user6.rules, the first of the rules files)."""
        return parse_rules_file(read_text(self.rules_files[0]))

    def run(self, arguments):
        self.commands.append(' '.join(['ufw'] + arguments))
        rc, out, err = self.module.run_command([self.binary] + arguments)
        if rc != 0:
            self.roll_back('`%s` failed: %s' % (self.commands[-1], (err or out).strip()))

    def roll_back(self, why):
        for path, text in self.saved.items():
            if read_text(path) != text:
                write_atomically(self.module, path, text, mode=None)
        if self.enabled:
            self.module.run_command([self.binary, 'reload'])
        self.module.fail_json(msg='%s. ufw was put back as it was before this task.' % why,
                              commands=self.commands)
