# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""Jool's stateful NAT64 as data: its ``display --csv`` output read, and the instance a
playbook asks for written as Jool's own JSON file (``jool file handle``).

Pure functions, no Ansible imports: the ``jool`` module runs the commands, this decides.
"""

from __future__ import annotations

import csv
import ipaddress

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import (
    AddressError,
    decimal,
    format_address,
    format_network,
    parse_address,
    parse_network,
    shown,
)
from ansible_collections.homelab.ipv6.plugins.module_utils._core.nat64 import nat64_prefix

PROTOCOLS = ('TCP', 'UDP', 'ICMP')
FRAMEWORKS = ('netfilter', 'iptables')
# Jool's default port range of a pool4 entry (the ports the host's own sockets rarely use).
DEFAULT_PORT_RANGE = '61001-65535'
_INSTANCE_NAME_MAX = 15


class JoolError(AddressError):
    """A value of the requested instance that Jool would refuse, named by its option path."""


def _fail(path, message):
    raise JoolError('%s: %s' % (path, message))


def _rows(text):
    """The rows of a ``--csv`` display as dicts, by the header Jool prints first."""
    return list(csv.DictReader(line for line in text.splitlines() if line.strip()))


def instances(text):
    """``jool instance display --csv``: {name: framework}."""
    return {row['Name']: row['Framework'] for row in _rows(text)}


def _collapsed(rows):
    """Rows (mark, protocol, network, min port, max port) with their networks merged into the
    fewest prefixes, so that a /30 and its four addresses compare equal without listing either."""
    groups = {}
    for mark, protocol, network, low, high in rows:
        groups.setdefault((mark, protocol, low, high), []).append(network)
    return sorted((mark, protocol, format_network(network), low, high)
                  for (mark, protocol, low, high), networks in groups.items()
                  for network in ipaddress.collapse_addresses(networks))


def pool4_rows(text):
    """``jool pool4 display --csv --<protocol>``: (mark, protocol, prefix, min port, max port),
    the addresses Jool lists one by one merged back into prefixes."""
    return _collapsed((int(row['Mark']), row['Protocol'].upper(), ipaddress.IPv4Network(row['Address']),
                       int(row['Min port']), int(row['Max port'])) for row in _rows(text))


def static_bib(text):
    """``jool bib display --csv --numeric --<protocol>``: the static entries, as (protocol,
    IPv6 transport address, IPv4 transport address); dynamic ones come and go with traffic."""
    return sorted((row['Protocol'].upper(), '%s#%s' % (row['IPv6 Address'], row['IPv6 L4-ID']),
                   '%s#%s' % (row['IPv4 Address'], row['IPv4 L4-ID']))
                  for row in _rows(text) if row['Static?'] == '1')


def global_values(text):
    """``jool global display --csv``: {field: value as Jool prints it}."""
    return {row['Field']: row['Value'] for row in _rows(text)}


def sessions(text):
    """``jool session display --csv --numeric --<protocol>``: the sessions, each a dict."""
    return [{
        'protocol': row['Protocol'].upper(),
        'ipv6_remote': '%s#%s' % (row['IPv6 Remote Address'], row['IPv6 Remote L4-ID']),
        'ipv6_local': '%s#%s' % (row['IPv6 Local Address'], row['IPv6 Local L4-ID']),
        'ipv4_local': '%s#%s' % (row['IPv4 Local Address'], row['IPv4 Local L4-ID']),
        'ipv4_remote': '%s#%s' % (row['IPv4 Remote Address'], row['IPv4 Remote L4-ID']),
        'expires_in': row['Expires in'],
        'state': row['State'],
    } for row in _rows(text)]


def global_text(value):
    """A global's value as ``global display --csv`` prints it, to compare with what it shows."""
    if isinstance(value, bool):
        return 'TRUE' if value else 'FALSE'
    if isinstance(value, (list, tuple)):
        return ','.join(str(item) for item in value)
    return str(value)


def instance_name(value):
    if not isinstance(value, str) or not 0 < len(value) <= _INSTANCE_NAME_MAX or not value.isprintable() \
            or ' ' in value:
        _fail('instance', '%s is not an instance name of 1 to %d printable characters without spaces'
              % (shown(value), _INSTANCE_NAME_MAX))
    return value


def _protocol(value, path):
    if not isinstance(value, str) or value.upper() not in PROTOCOLS:
        _fail(path, '%s is not one of %s' % (shown(value), ', '.join(PROTOCOLS)))
    return value.upper()


def port_range(value, path):
    """A pool4 port range such as ``61001-65535`` (or one port) as (low, high); ``path`` names it."""
    text = str(value) if decimal(value) is not None else value
    if not isinstance(text, str):
        _fail(path, '%s is not a port range such as 61001-65535' % shown(value))
    low, _dash, high = text.partition('-')
    low, high = decimal(low), decimal(high or low)
    if low is None or high is None:
        _fail(path, '%s is not a port range such as 61001-65535' % shown(value))
    if not 0 <= low <= high <= 65535:
        _fail(path, '%s is not a port range from 0 to 65535 with its lower end first' % shown(value))
    return low, high


def _transport(value, version, path):
    """A transport address ``address#port`` in canonical text."""
    if not isinstance(value, str) or '#' not in value:
        example = '2001:db8::8#80' if version == 6 else '192.0.2.10#61080'
        _fail(path, '%s is not a transport address such as %s' % (shown(value), example))
    address, _hash, port = value.rpartition('#')
    try:
        parsed = parse_address(address.strip('[]'), version=version)
    except AddressError as error:
        _fail(path, str(error))
    if decimal(port) is None or int(port) > 65535:
        _fail(path, '%s has no port from 0 to 65535 after its #' % shown(value))
    return '%s#%d' % (format_address(parsed) if version == 6 else str(parsed), int(port))


def pool4_entries(entries):
    """The requested pool4 as (mark, protocol, prefix, min port, max port), in :func:`pool4_rows`'
    form; an entry without protocol stands for all three."""
    rows = []
    for index, entry in enumerate(entries or []):
        path = 'pool4[%d]' % index
        if not isinstance(entry, dict) or 'prefix' not in entry:
            _fail(path, 'every entry needs a prefix (an IPv4 address or prefix)')
        unknown = sorted(set(entry) - {'prefix', 'protocol', 'port_range', 'mark'})
        if unknown:
            _fail(path, 'unknown key %s; known keys are mark, port_range, prefix, protocol' % ', '.join(unknown))
        prefix = entry['prefix']
        try:
            if isinstance(prefix, str) and '/' not in prefix:
                network = ipaddress.IPv4Network(parse_address(prefix, version=4))
            else:
                network = parse_network(prefix, version=4)
        except AddressError as error:
            _fail(path + '.prefix', str(error))
        if network.network_address.is_unspecified or network.is_multicast or network.is_loopback:
            _fail(path + '.prefix', '%s is not an address range NAT64 can send from; give the uplink address(es), '
                  'such as 192.0.2.10' % shown(prefix))
        mark = entry.get('mark', 0)
        if isinstance(mark, bool) or not isinstance(mark, int) or not 0 <= mark < 1 << 32:
            _fail(path + '.mark', '%s is not an integer from 0 to 4294967295' % shown(mark))
        low, high = port_range(entry.get('port_range') or DEFAULT_PORT_RANGE, path + '.port_range')
        protocols = [_protocol(entry['protocol'], path + '.protocol')] if entry.get('protocol') else PROTOCOLS
        rows.extend((mark, protocol, network, low, high) for protocol in protocols)
    return _collapsed(rows)


def bib_entries(entries, pool4=None):
    """The requested static BIB entries as (protocol, IPv6 transport, IPv4 transport); with the
    pool4 rows given, an IPv4 transport address outside them is refused, as Jool would."""
    result = set()
    for index, entry in enumerate(entries or []):
        path = 'bib[%d]' % index
        if not isinstance(entry, dict) or not {'protocol', 'ipv6', 'ipv4'} <= set(entry):
            _fail(path, 'every entry needs protocol, ipv6 (such as 2001:db8::8#80) and ipv4 (such as 192.0.2.10#61080)')
        protocol = _protocol(entry['protocol'], path + '.protocol')
        ipv4 = _transport(entry['ipv4'], 4, path + '.ipv4')
        address, _hash, port = ipv4.rpartition('#')
        if pool4 is not None and not any(row[1] == protocol and ipaddress.IPv4Address(address) in ipaddress.IPv4Network(row[2])
                                         and row[3] <= int(port) <= row[4] for row in pool4):
            _fail(path + '.ipv4', '%s is in no %s entry of pool4; Jool maps only to its pool4' % (ipv4, protocol))
        result.add((protocol, _transport(entry['ipv6'], 6, path + '.ipv6'), ipv4))
    return sorted(result)


def wanted_instance(name, framework, pool6, pool4=None, bib=None, global_settings=None):
    """Check the requested instance and return it normalised: the form :func:`current_instance`
    reads back from Jool, so the two compare equal when nothing needs to change."""
    if framework not in FRAMEWORKS:
        _fail('framework', '%s is not one of %s' % (shown(framework), ', '.join(FRAMEWORKS)))
    try:
        prefix = nat64_prefix(pool6)
    except AddressError as error:
        _fail('pool6', str(error))
    settings = {}
    for key, value in sorted((global_settings or {}).items()):
        if key == 'pool6':
            _fail('global.pool6', 'give the prefix as the pool6 option, not as a global')
        settings[key] = global_text(value)
    settings['pool6'] = str(prefix)
    rows = pool4_entries(pool4)
    return {
        'instance': instance_name(name),
        'framework': framework,
        'global': settings,
        'pool4': rows,
        'bib': bib_entries(bib, rows),
    }


def current_instance(name, framework, global_display, pool4_displays, bib_displays, wanted_globals):
    """The instance as Jool shows it, in :func:`wanted_instance`'s form; only the globals the
    playbook sets (and pool6) are compared."""
    values = global_values(global_display)
    return {
        'instance': name,
        'framework': framework,
        'global': {key: values.get(key) for key in wanted_globals},
        'pool4': sorted(row for text in pool4_displays for row in pool4_rows(text)),
        'bib': sorted(entry for text in bib_displays for entry in static_bib(text)),
    }


def config_file(instance):
    """Jool's JSON configuration of a normalised instance, for ``jool file handle`` and for
    Debian's ``jool.service``, which loads ``/etc/jool/jool.conf`` at boot."""
    settings = {}
    for key, value in instance['global'].items():
        settings[key] = _json_value(value)
    return {
        'comment': 'Written by homelab.ipv6.jool; changes here are replaced on the next run.',
        'instance': instance['instance'],
        'framework': instance['framework'],
        'global': settings,
        'pool4': [{'mark': mark, 'protocol': protocol, 'prefix': prefix, 'port range': '%d-%d' % (low, high)}
                  for mark, protocol, prefix, low, high in instance['pool4']],
        'bib': [{'protocol': protocol, 'ipv6 address': ipv6, 'ipv4 address': ipv4}
                for protocol, ipv6, ipv4 in instance['bib']],
    }


def _json_value(text):
    """A global back in the JSON type Jool's file parser expects."""
    if text in ('TRUE', 'FALSE'):
        return text == 'TRUE'
    try:
        return int(text)
    except (TypeError, ValueError):
        return text


def bib_changes(current, wanted):
    """The static BIB entries to remove and to add, each (protocol, IPv6, IPv4)."""
    return sorted(set(current) - set(wanted)), sorted(set(wanted) - set(current))
