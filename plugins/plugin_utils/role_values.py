# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The roles' own variables, checked in each role's first tasks, before anything on the host
changes: the values a module would only refuse after packages were installed, and those no
module sees at all (a template would drop them or write them as they are).

Each check names the variable and quotes the value as the user wrote it.
"""

from __future__ import annotations

import difflib
import ipaddress

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import (
    AddressError,
    decimal,
    parse_address,
    shown,
)
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.errors import DnsUpdateError
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.records import wanted_records
from ansible_collections.homelab.ipv6.plugins.module_utils._jool import port_range
from ansible_collections.homelab.ipv6.plugins.module_utils._core.nat64 import nat64_prefix as checked_nat64_prefix
from ansible_collections.homelab.ipv6.plugins.module_utils._core.radvd import timer_problems
from ansible_collections.homelab.ipv6.plugins.module_utils._ufw import RuleError, rule_from_params
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_values import SiteError, domain_name, host_name, interface_id, interface_name

# The options of the ufw6 module's rules (its RULE_OPTIONS), which router_firewall_rules takes.
UFW_RULE_KEYS = ('rule', 'action', 'direction', 'interface', 'proto', 'from_ip', 'from_port', 'to_ip', 'to_port',
                 'comment', 'state')
# RFC 7335: the IPv4 service continuity prefix, the addresses a CLAT gives its host.
CLAT_IPV4_RANGE = ipaddress.IPv4Network('192.0.0.0/29')
# RFC 2181 section 8: TTLs and lifetimes are 31-bit.
LONGEST_SECONDS = 2147483647


def _fail(path, message):
    raise SiteError('%s: %s' % (path, message))


def _items(value, path):
    if value is None:
        return []
    if not isinstance(value, list):
        _fail(path, '%s is not a list; write it as [...] or as YAML lines starting with -' % shown(value))
    return value


def port(value, path, allow_zero=False):
    number = decimal(value)
    lowest = 0 if allow_zero else 1
    if number is None or not lowest <= number <= 65535:
        _fail(path, '%s is not a port; give a number from %d to 65535%s'
              % (shown(value), lowest, ' (0 for none)' if allow_zero else ''))
    return number


def seconds(value, path, minimum=0):
    number = decimal(value)
    if number is None or not minimum <= number <= LONGEST_SECONDS:
        _fail(path, '%s is not a number of seconds from %d to %d' % (shown(value), minimum, LONGEST_SECONDS))
    return number


def domain_names(value, path):
    return [domain_name(name, '%s[%d]' % (path, index)) for index, name in enumerate(_items(value, path))]


def unicast_ipv6(value, path):
    addresses = []
    for index, item in enumerate(_items(value, path)):
        where = '%s[%d]' % (path, index)
        try:
            address = parse_address(item, 6)
        except AddressError as error:
            _fail(where, str(error))
        if address.is_multicast or address.is_unspecified:
            _fail(where, '%s is not a unicast IPv6 address' % shown(item))
        addresses.append(str(address))
    return addresses


def ip_addresses(value, path, what='server'):
    """Addresses, not names: DHCP options such as NTP servers carry addresses only."""
    addresses = []
    for index, item in enumerate(_items(value, path)):
        try:
            address = parse_address(item)
        except AddressError:
            _fail('%s[%d]' % (path, index), '%s is not an IP address; DHCP hands out %ss by address only, '
                  'so give the IPv4 or IPv6 address' % (shown(item), what))
        addresses.append(str(address))
    return addresses


def dns_records(value, path, zone):
    """Records as the nsupdate module takes them, names relative to ``zone``."""
    try:
        wanted_records(_items(value, path), zone=zone)
    except (AddressError, DnsUpdateError) as error:
        # The core names the records as it takes them, records[N]; the user wrote them under path.
        text = str(error)
        raise SiteError(path + text[len('records'):] if text.startswith('records') else '%s: %s' % (path, text)) from None
    return value


def ufw_rules(value, path):
    for index, rule in enumerate(_items(value, path)):
        where = '%s[%d]' % (path, index)
        if not isinstance(rule, dict):
            _fail(where, '%s is not a rule; a rule is a mapping such as {proto: tcp, to_port: 80}' % shown(rule))
        unknown = sorted(set(rule) - set(UFW_RULE_KEYS))
        if unknown:
            _fail(where, 'unknown key%s %s; a rule has %s'
                  % ('s' if len(unknown) > 1 else '', ', '.join(unknown), ', '.join(UFW_RULE_KEYS)))
        if rule.get('state', 'present') not in ('present', 'absent'):
            _fail(where + '.state', '%s is not present or absent' % shown(rule['state']))
        params = dict(rule)
        params.setdefault('rule', params.pop('action', None))
        try:
            rule_from_params(params, where)
        except RuleError as error:
            raise SiteError(str(error)) from None
    return value


def jool_port_range(value, path):
    port_range(value, path)
    return value


def nat64_prefix(value, path):
    """A NAT64 prefix of one of RFC 6052's lengths, as RFC 5952 text."""
    try:
        return str(checked_nat64_prefix(value))
    except AddressError as error:
        raise SiteError('%s: %s' % (path, error)) from None


def clat_ipv4(value, path):
    """An address of RFC 7335's 192.0.0.0/29, where a CLAT puts its host's IPv4."""
    try:
        address = parse_address(value, 4)
    except AddressError as error:
        raise SiteError('%s: %s' % (path, error)) from None
    if address not in CLAT_IPV4_RANGE:
        _fail(path, '%s is outside %s, the range RFC 7335 sets aside for a CLAT\'s IPv4, such as 192.0.0.1'
              % (shown(value), CLAT_IPV4_RANGE))
    return str(address)


def ipv4_address(value, path):
    """One IPv4 address, not a name: DHCPv4 hands out its router by address."""
    try:
        return str(parse_address(value, 4))
    except AddressError:
        _fail(path, '%s is not an IPv4 address; DHCPv4 hands out the router by address, such as 192.168.1.1'
              % shown(value))


def ip_address(value, path, allow_empty=False):
    """One IP address, or with ``allow_empty`` '' for none."""
    if allow_empty and value in ('', None):
        return ''
    try:
        return str(parse_address(value))
    except AddressError:
        _fail(path, '%s is not an IP address%s' % (shown(value), " (or '' for none)" if allow_empty else ''))


def radvd_timers(value, path):
    """The advertisement timers of the radvd role, checked by its writer: one sentence per wrong
    one (``value`` maps each role variable to its value)."""
    if not isinstance(value, dict):
        _fail(path, 'expected a mapping of the radvd timers, got %s' % shown(value))
    problems = timer_problems(value)
    if problems:
        raise SiteError(' '.join(problems))
    return value


def fixed_interface_id(value, path):
    """A fixed interface id such as ``::1``, in the form ``ip token`` prints it."""
    return str(ipaddress.IPv6Address(interface_id(value, path)))


CHECKS = {
    'interface_id': fixed_interface_id,
    'interface_name': interface_name,
    'domain_name': domain_name,
    'host_name': host_name,
    'ipv4_address': ipv4_address,
    'ip_address': ip_address,
    'port': port,
    'seconds': seconds,
    'domain_names': domain_names,
    'unicast_ipv6': unicast_ipv6,
    'ip_addresses': ip_addresses,
    'dns_records': dns_records,
    'ufw_rules': ufw_rules,
    'jool_port_range': jool_port_range,
    'nat64_prefix': nat64_prefix,
    'clat_ipv4': clat_ipv4,
    'radvd_timers': radvd_timers,
}


def role_value(value, kind, path, **options):
    """``value`` checked as a ``kind`` (a key of CHECKS); SiteError names ``path``."""
    if kind not in CHECKS:
        raise ValueError('no check of kind %r' % (kind,))
    return CHECKS[kind](value, path, **options)


def role_problems(checks):
    """The sentences of the checks that fail, one each: ``checks`` is a list of mappings with
    ``value``, ``kind`` and ``path`` (as :func:`role_value` takes them) and the kind's options;
    ``optional: true`` skips a value left unset (null or '').
    A role asserts that there are none, so ansible-core says each sentence once."""
    problems = []
    for index, check in enumerate(_items(checks, 'checks')):
        if not isinstance(check, dict) or 'kind' not in check or 'path' not in check:
            _fail('checks[%d]' % index, 'expected a mapping with value, kind and path, got %s' % shown(check))
        options = {key: value for key, value in check.items() if key not in ('value', 'kind', 'path', 'optional')}
        if check.get('optional') and check.get('value') in (None, ''):
            # An optional variable left unset (null or '') has nothing to check.
            continue
        try:
            role_value(check.get('value'), check['kind'], check['path'], **options)
        except AddressError as error:
            problems.append(str(error))
    return problems


def unknown_variables(names, prefix, known):
    """The variables of ``names`` that start with ``prefix`` (a role's own, such as ``radvd_``)
    and that the role does not declare in ``known``, each with the declared name it is
    closest to (or None): a misspelt variable is silently ignored otherwise."""
    declared = list(known)
    found = []
    for name in sorted(set(names)):
        if isinstance(name, str) and name.startswith(prefix) and name not in declared:
            close = difflib.get_close_matches(name, declared, n=1, cutoff=0.75)
            found.append((name, close[0] if close else None))
    return found


def unknown_variable_warning(name, close, role):
    """The warning about one variable :func:`unknown_variables` found, as a sentence."""
    return '%s is set, but the %s role has no such variable, so it does nothing%s' % (
        name, role, '; did you mean %s?' % close if close else '')


def unknown_variable_warnings(names, prefix, known, role):
    """The warnings :func:`unknown_variables` gives, as sentences."""
    return [unknown_variable_warning(name, close, role) for name, close in unknown_variables(names, prefix, known)]
