# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""The records a user asks for, checked (names, types, values, TTLs), and the change that
brings one RRset from what the primary holds to what is wanted."""

from __future__ import annotations

import collections

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import decimal, shown
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.dnspython import dns
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.errors import DnsUpdateError
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.key_file import dns_name
from ansible_collections.homelab.ipv6.plugins.module_utils._core.reverse_dns import ptr_name


DEFAULT_TTL = 3600


# One RRset as wanted: ``values`` is a frozenset of rdata (for state=absent, the values to
# remove, or None for the whole RRset).
Wanted = collections.namedtuple('Wanted', 'name rdtype ttl values state')


# One RRset as it is on the primary (``ttl`` None and ``values`` empty when it does not exist).
Current = collections.namedtuple('Current', 'ttl values')


# What one UPDATE changes in one RRset: ``before`` and ``after`` are Current values.
Change = collections.namedtuple('Change', 'name rdtype before after')


def _owner(value, zone, path):
    if not isinstance(value, str) or not value.strip():
        raise DnsUpdateError('%s.name is %s; give a name relative to the zone, @ for the zone itself, '
                             'or an absolute name ending with a dot' % (path, shown(value)))
    value = value.strip()
    if value.endswith('.'):
        return dns_name(value, path + '.name')
    if zone is None:
        raise DnsUpdateError("%s.name is '%s', relative, but no zone is given: set zone, or end the name "
                             "with a dot" % (path, value))
    if value == '@':
        return zone
    return dns_name(value, path + '.name', zone)


def _rdtype(value, path):
    try:
        rdtype = dns.rdatatype.from_text(str(value).upper())
    except dns.rdatatype.UnknownRdatatype:
        raise DnsUpdateError("%s.type is '%s', which is not a DNS record type" % (path, value)) from None
    if rdtype in (dns.rdatatype.SOA, dns.rdatatype.ANY) or dns.rdatatype.is_metatype(rdtype):
        raise DnsUpdateError("%s.type is '%s'; this module does not change %s records"
                             % (path, value, dns.rdatatype.to_text(rdtype)))
    return rdtype


def _rdata(rdtype, value, origin, path):
    text = str(value)
    try:
        if rdtype == dns.rdatatype.AAAA:
            # What from_text does for an address, without its tokenizer: a third of the time.
            return dns.rdtypes.IN.AAAA.AAAA(dns.rdataclass.IN, rdtype, text.strip())
        if rdtype == dns.rdatatype.A:
            return dns.rdtypes.IN.A.A(dns.rdataclass.IN, rdtype, text.strip())
        return dns.rdata.from_text(dns.rdataclass.IN, rdtype, text, origin=origin, relativize=False)
    except (dns.exception.DNSException, ValueError) as error:
        raise DnsUpdateError("%s is '%s', which is not %s record data (%s)"
                             % (path, text, dns.rdatatype.to_text(rdtype), error)) from None


def _ttl(value, path):
    seconds = decimal(value)
    if seconds is None or not 0 <= seconds <= 2147483647:
        raise DnsUpdateError('%s.ttl is %s; a TTL is a number of seconds from 0 to 2147483647' % (path, shown(value)))
    return seconds


# What a record of the nsupdate module (and of dns_bind_records) may have.
RECORD_KEYS = ('name', 'type', 'values', 'ttl', 'state')


def wanted_records(records, zone=None, ptr=False, default_ttl=DEFAULT_TTL):
    """The RRsets ``records`` ask for, each a Wanted, merged by owner and type.

    ``ptr`` adds, for every A and AAAA value, the PTR RRset of the value's reverse name
    pointing at the owner (or its removal for state=absent).
    """
    origin = dns_name(zone, 'zone') if zone else None
    merged = collections.OrderedDict()

    def add(name, rdtype, ttl, values, state, path):
        key = (name, rdtype)
        if key in merged:
            other = merged[key]
            if other.state != state or (values is None) != (other.values is None):
                raise DnsUpdateError('%s asks for %s %s to be %s, but an earlier record asks for it to be %s'
                                     % (path, name, dns.rdatatype.to_text(rdtype), state, other.state))
            values = other.values | values if values is not None else None
            ttl = min(ttl, other.ttl)
        merged[key] = Wanted(name, rdtype, ttl, values, state)

    if not isinstance(records, list):
        raise DnsUpdateError('records is %s; it is a list of {name, type, values, ttl, state}' % shown(records))
    for index, record in enumerate(records):
        path = 'records[%d]' % index
        if not isinstance(record, dict):
            raise DnsUpdateError('%s is %s; a record is a mapping with name, type and values' % (path, shown(record)))
        unknown = sorted(str(key) for key in set(record) - set(RECORD_KEYS))
        if unknown:
            raise DnsUpdateError('%s has the unknown key%s %s; a record has %s, such as '
                                 '{name: www, type: A, values: [192.0.2.10]}'
                                 % (path, 's' if len(unknown) > 1 else '', ', '.join(unknown), ', '.join(RECORD_KEYS)))
        name = _owner(record.get('name'), origin, path)
        rdtype = _rdtype(record.get('type', 'AAAA'), path)
        state = record.get('state') or 'present'
        if state not in ('present', 'absent'):
            raise DnsUpdateError("%s.state is '%s'; use present or absent" % (path, state))
        ttl = _ttl(record.get('ttl') if record.get('ttl') is not None else default_ttl, path)
        raw = record.get('values')
        if raw is None or raw == []:
            if state == 'present' and 'type' not in record:
                raise DnsUpdateError('%s has neither a type nor values; a record is written as {name: www, type: A, '
                                     'values: [192.0.2.10]} (the type is AAAA when left out)' % path)
            if state == 'present':
                raise DnsUpdateError('%s has no values; a record that should be present needs at least one' % path)
            values = None
        else:
            raw = raw if isinstance(raw, list) else [raw]
            values = frozenset(_rdata(rdtype, value, origin or dns.name.root, '%s.values[%d]' % (path, number))
                               for number, value in enumerate(raw))
        add(name, rdtype, ttl, values, state, path)
        if ptr and rdtype in (dns.rdatatype.A, dns.rdatatype.AAAA):
            if values is None:
                raise DnsUpdateError('%s removes every %s of %s, but ptr needs the addresses to find their '
                                     'PTR records: list the values' % (path, dns.rdatatype.to_text(rdtype), name))
            target = dns.rdtypes.ANY.PTR.PTR(dns.rdataclass.IN, dns.rdatatype.PTR, name)
            for value in sorted(values, key=lambda value: value.address):
                # ptr_name writes plain labels: a Name from them, without from_text's parser.
                owner = dns.name.Name(label.encode('ascii') for label in ptr_name(value.address).split('.'))
                add(owner, dns.rdatatype.PTR, ttl, frozenset([target]), state, path)
    return list(merged.values())


def planned_change(wanted, current):
    """The Change that brings one RRset from ``current`` to ``wanted``, or None."""
    if wanted.state == 'present':
        if current.values == wanted.values and current.ttl == wanted.ttl:
            return None
        after = Current(wanted.ttl, wanted.values)
    else:
        remaining = frozenset() if wanted.values is None else current.values - wanted.values
        if remaining == current.values:
            return None
        after = Current(current.ttl if remaining else None, remaining)
    return Change(wanted.name, wanted.rdtype, current, after)
