# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""RFC 2136 dynamic updates signed with TSIG (RFC 8945), with dnspython.

The ``nsupdate`` module is a front door onto this: it reads the RRsets a list of records
touches from the primary, plans the changes, and sends one UPDATE per zone whose
prerequisites are the RRsets as they were read, so a change made in between by someone
else (a DHCP server's update, a hand-typed ``nsupdate``) is never overwritten. No Ansible
imports; the secret of a key never goes into a message this module writes.
"""

from __future__ import annotations

import base64
import binascii
import collections
import random
import re
import socket
import struct
import time

try:
    import dns.exception
    import dns.flags
    import dns.message
    import dns.name
    import dns.opcode
    import dns.query
    import dns.rcode
    import dns.rdata
    import dns.rdataclass
    import dns.rdatatype
    import dns.rdtypes.ANY.PTR
    import dns.rdtypes.ANY.TSIG
    import dns.rdtypes.IN.A
    import dns.rdtypes.IN.AAAA
    import dns.tsig
except ImportError:
    # The module says so with missing_required_lib; the address core works without it.
    HAS_DNSPYTHON = False
else:
    HAS_DNSPYTHON = True

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import AddressError, decimal, parse_address, shown
from ansible_collections.homelab.ipv6.plugins.module_utils._core.reverse_dns import ptr_name

DEFAULT_ALGORITHM = 'hmac-sha256'
ALGORITHMS = ('hmac-md5', 'hmac-sha1', 'hmac-sha224', 'hmac-sha256', 'hmac-sha384', 'hmac-sha512')
DEFAULT_TTL = 3600


class DnsUpdateError(Exception):
    """A record, key or server answer that stops the update; the message is one sentence."""


TsigKey = collections.namedtuple('TsigKey', 'name algorithm secret')

# One RRset as wanted: ``values`` is a frozenset of rdata (for state=absent, the values to
# remove, or None for the whole RRset).
Wanted = collections.namedtuple('Wanted', 'name rdtype ttl values state')

# One RRset as it is on the primary (``ttl`` None and ``values`` empty when it does not exist).
Current = collections.namedtuple('Current', 'ttl values')

# What one UPDATE changes in one RRset: ``before`` and ``after`` are Current values.
Change = collections.namedtuple('Change', 'name rdtype before after')


# --- keys -------------------------------------------------------------------------------

# The tokens of BIND's configuration grammar, as isc_lex reads named.conf and key files: a
# quoted string is read whole first, so a // or # inside a secret is text, not a comment.
_CONFIG_TOKEN = re.compile(r"""
      "(?P<string>(?:[^"\\]|\\.)*)"
    | (?P<comment>//[^\n]*|\#[^\n]*|/\*.*?\*/)
    | (?P<punctuation>[{};])
    | (?P<word>(?:[^\s"{};#/]|/(?![/*]))+)
    | (?P<space>\s+)
    | (?P<other>.)
""", re.S | re.X)
# The labels of names people give hosts, services (_ldap._tcp) and wildcards. dnspython would
# take anything, escaping it: 'my nas' would go to the server as my\032nas.
_NAME_LABEL = re.compile(r'[A-Za-z0-9_-]{1,63}|\*')


def _algorithm(value, what):
    algorithm = str(value).lower().rstrip('.')
    if algorithm not in ALGORITHMS:
        raise DnsUpdateError("%s is '%s'; use one of %s" % (what, value, ', '.join(ALGORITHMS)))
    return algorithm


def _secret(value, what):
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError, TypeError):
        # The value itself stays out of the message: it may be a secret with a typo.
        raise DnsUpdateError('%s is not base64 text (what tsig-keygen writes after "secret")' % what) from None
    return value


def dns_name(value, what, origin=None):
    """``value`` as a dnspython name, relative to ``origin`` unless it ends with a dot;
    ``what`` names the value in the message."""
    if not isinstance(value, str) or not value.strip():
        raise DnsUpdateError('%s is %s, which is not a DNS name' % (what, shown(value)))
    text = value.strip()
    labels = (text[:-1] if text.endswith('.') and text != '.' else text).split('.')
    if text != '.':
        for label in labels:
            if not label:
                raise DnsUpdateError('%s is %s, which has an empty label (two dots in a row, or a leading dot)'
                                     % (what, shown(value)))
            if len(label) > 63:
                raise DnsUpdateError('%s is %s, which has a label of %d characters; DNS allows 63'
                                     % (what, shown(value), len(label)))
            if not _NAME_LABEL.fullmatch(label):
                raise DnsUpdateError('%s is %s; a DNS name here has labels of letters, digits, - and _'
                                     % (what, shown(value)))
    try:
        return dns.name.from_text(text, origin if origin is not None else dns.name.root)
    except dns.exception.DNSException as error:
        raise DnsUpdateError('%s is %s, which is not a DNS name (%s)' % (what, shown(value), error)) from None


def make_key(name, secret, algorithm=DEFAULT_ALGORITHM):
    """A TsigKey from its parts; ``name`` is a key name, such as ``homelab-ddns``."""
    if not name:
        raise DnsUpdateError('key_name is empty; the key name is the one in the server\'s key "..." statement')
    return TsigKey(dns_name(name, 'key_name').to_text(), _algorithm(algorithm, 'key_algorithm'),
                   _secret(secret, 'key_secret of key %s' % name))


def _config_tokens(text, source):
    """The words, strings and punctuation of a BIND configuration text, each with its line."""
    tokens = []
    line = 1
    for match in _CONFIG_TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == 'other':
            what = 'a quoted string' if match.group() == '"' else 'a /* comment'
            raise DnsUpdateError('%s is not a BIND key file: %s on line %d is never closed' % (source, what, line))
        if kind in ('word', 'string', 'punctuation'):
            tokens.append((kind, match.group(kind), line))
        line += match.group().count('\n')
    return tokens


def _config_statements(tokens, source, position=0, closing=None):
    """The statements of a token list, each a (words, block, line) with block a list of
    statements or None, up to the ``}`` that ends a block (``closing`` is its opening line)."""
    statements = []
    words = []
    while position < len(tokens):
        kind, value, line = tokens[position]
        position += 1
        if kind != 'punctuation':
            words.append((value, line))
        elif value == '}':
            if closing is None:
                raise DnsUpdateError('%s is not a BIND key file: the } on line %d closes no {' % (source, line))
            if words:
                raise DnsUpdateError('%s is not a BIND key file: a ; is missing before the } on line %d'
                                     % (source, line))
            return statements, position
        elif value == ';':
            if words:
                statements.append(([word for word, _line in words], None, words[0][1]))
            words = []
        else:
            block, position = _config_statements(tokens, source, position, closing=line)
            if position >= len(tokens) or tokens[position][1] != ';':
                raise DnsUpdateError('%s is not a BIND key file: a ; is missing after the block that starts on '
                                     'line %d' % (source, line))
            position += 1
            statements.append(([word for word, _line in words], block, words[0][1] if words else line))
            words = []
    if closing is not None:
        raise DnsUpdateError('%s is not a BIND key file: the { on line %d is never closed' % (source, closing))
    if words:
        raise DnsUpdateError('%s is not a BIND key file: a ; is missing at its end' % source)
    return statements, position


def parse_key_file(text, name=None, source='the key file'):
    """The key in a BIND key file (``key "name" { algorithm ...; secret "..."; };``).

    The file is read as BIND reads it: quoted strings first, then comments (``//``, ``#``,
    ``/* */``), so a secret holding ``//`` stays whole. It may hold several keys and other
    statements (``rndc-confgen -a`` writes one key, ``tsig-keygen`` one); ``name`` picks one
    key, and is needed when there are several.
    """
    statements, _position = _config_statements(_config_tokens(text, source), source)
    keys = []
    for words, block, line in statements:
        if not words or words[0] != 'key' or block is None:
            continue
        if len(words) != 2:
            raise DnsUpdateError('%s is not a BIND key file: the key statement on line %d needs one name, '
                                 'as in key "homelab-ddns" { ... };' % (source, line))
        key_name = words[1].rstrip('.')
        fields = {}
        for field_words, _block, _line in block:
            if len(field_words) == 2 and field_words[0] in ('algorithm', 'secret'):
                fields[field_words[0]] = field_words[1]
        if 'secret' not in fields:
            raise DnsUpdateError('key %s in %s has no secret' % (key_name, source))
        algorithm = _algorithm(fields.get('algorithm', DEFAULT_ALGORITHM),
                               'the algorithm of key %s in %s' % (key_name, source))
        keys.append(TsigKey(dns_name(key_name, 'a key name in %s' % source).to_text(), algorithm,
                            _secret(fields['secret'], 'the secret of key %s in %s' % (key_name, source))))
    if not keys:
        raise DnsUpdateError('%s has no key "name" { algorithm ...; secret "..."; }; statement' % source)
    if name is not None:
        wanted = dns_name(name, 'key_name').to_text()
        keys = [key for key in keys if key.name == wanted]
        if not keys:
            raise DnsUpdateError('%s has no key named %s' % (source, name))
    if len(keys) > 1:
        raise DnsUpdateError('%s holds keys %s; key_name says which one to use'
                             % (source, ', '.join(key.name.rstrip('.') for key in keys)))
    return keys[0]


def _dnspython_key(key):
    return dns.tsig.Key(key.name, key.secret, key.algorithm + '.')


def key_label(key):
    """How messages name a key: its name without the trailing dot, never its secret."""
    return key.name.rstrip('.') if key else 'no key'


# --- records ----------------------------------------------------------------------------

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


# --- planning ---------------------------------------------------------------------------

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


_UPDATE_FLAGS = 5 << 11  # opcode UPDATE (RFC 2136 section 1.3), in the header's flags
_CLASS_IN, _CLASS_NONE, _CLASS_ANY = 1, 254, 255
_TYPE_SOA, _TYPE_TSIG = 6, 250
_TSIG_FUDGE = 300


def _wire_labels(labels):
    return b''.join(struct.pack('!B', len(label)) + label for label in labels)


class UpdateWire:
    """An UPDATE written straight to wire format (RFC 2136 section 2.2 to 2.5): dnspython's
    renderer takes seconds for thousands of RRsets, this a fraction of that. A name in the
    zone is its own labels and a pointer to the zone's name at the start of the message,
    the compression the size bound (_name_size) counts on. Signs and answers to the same
    calls as a dns.message.Message, as the exchange uses them."""

    def __init__(self, zone, changes):
        self.zone = zone
        self.changes = changes
        self.id = 0
        self.flags = _UPDATE_FLAGS
        self.keyring = None
        self.mac = b''

    def use_tsig(self, key):
        self.keyring = key

    def _owner(self, name):
        if name.is_subdomain(self.zone):
            return _wire_labels(name.relativize(self.zone).labels) + b'\xc0\x0c'
        return _wire_labels(name.labels)

    def to_wire(self):
        prerequisites, updates = [], []
        for change in self.changes:
            owner = self._owner(change.name)
            before = sorted(value.to_wire() for value in change.before.values)
            after = sorted(value.to_wire() for value in change.after.values)
            if before:
                prerequisites.extend(owner + struct.pack('!HHIH', change.rdtype, _CLASS_IN, 0, len(data)) + data
                                     for data in before)
            else:
                prerequisites.append(owner + struct.pack('!HHIH', change.rdtype, _CLASS_NONE, 0, 0))
            if before or not after:
                updates.append(owner + struct.pack('!HHIH', change.rdtype, _CLASS_ANY, 0, 0))
            updates.extend(owner + struct.pack('!HHIH', change.rdtype, _CLASS_IN, change.after.ttl, len(data)) + data
                           for data in after)
        wire = b''.join([struct.pack('!HHHHHH', self.id, self.flags, 1, len(prerequisites), len(updates), 0),
                         _wire_labels(self.zone.labels), struct.pack('!HH', _TYPE_SOA, _CLASS_IN)]
                        + prerequisites + updates)
        if self.keyring is None:
            return wire
        key = self.keyring
        template = dns.rdtypes.ANY.TSIG.TSIG(dns.rdataclass.ANY, dns.rdatatype.TSIG, key.algorithm, 0, _TSIG_FUDGE,
                                             b'', self.id, 0, b'')
        signed, _context = dns.tsig.sign(wire, key, template, int(time.time()), b'')
        self.mac = signed.mac
        data = signed.to_wire()
        return b''.join([wire[:10], struct.pack('!H', 1), wire[12:], _wire_labels(key.name.labels),
                         struct.pack('!HHIH', _TYPE_TSIG, _CLASS_ANY, 0, len(data)), data])

    def is_response(self, other):
        return bool(other.flags & dns.flags.QR) and other.id == self.id and \
            dns.opcode.from_flags(other.flags) == dns.opcode.UPDATE


def update_message(zone, changes, key=None):
    """One UPDATE for ``zone`` making all ``changes``, each guarded by a prerequisite that
    the RRset is still exactly as it was read (RFC 2136 section 2.4.2 and 2.4.3).

    An RRset that was absent is only added: its prerequisite already says there is nothing
    to delete.
    """
    update = UpdateWire(zone, changes)
    if key is not None:
        update.use_tsig(_dnspython_key(key))
    return update


# The largest DNS message TCP carries (RFC 1035 section 4.2.2), and the largest UDP
# datagram that crosses the Internet unfragmented (DNS flag day 2020).
TCP_MESSAGE_LIMIT = 65535
UDP_MESSAGE_LIMIT = 1232
# Header, and the fixed part of a resource record: type, class, TTL and data length.
_HEADER_SIZE = 12
_RR_FIXED_SIZE = 10


def _name_size(name, zone=None):
    """The most bytes ``name`` takes in an UPDATE for ``zone``: the zone section holds the
    zone's name, so a name inside it is at worst its own labels and a pointer."""
    if zone is not None and name.is_subdomain(zone):
        return sum(len(label) + 1 for label in name.relativize(zone).labels) + 2
    return sum(len(label) + 1 for label in name.labels)


def _tsig_size(key):
    """The most bytes the TSIG record of ``key`` takes: its names, times, a MAC of up to 64
    bytes (hmac-sha512), the original id, an error and other data of up to 6 bytes."""
    if key is None:
        return 0
    key_name = dns.name.from_text(key.name)
    algorithm = dns.name.from_text(key.algorithm + '.')
    return _name_size(key_name) + _RR_FIXED_SIZE + _name_size(algorithm) + 6 + 2 + 2 + 64 + 2 + 2 + 2 + 6


def _change_size(change, zone):
    """The most bytes ``change`` takes in an UPDATE (update_message writes it so)."""
    owner = _name_size(change.name, zone) + _RR_FIXED_SIZE
    size = 0
    for values in (change.before.values, change.after.values):
        size += sum(owner + len(value.to_wire()) for value in values)
    if not change.before.values:
        size += owner
    if change.before.values or not change.after.values:
        size += owner
    return size


def split_changes(zone, changes, key=None, limit=TCP_MESSAGE_LIMIT):
    """``changes`` in batches, in order, each of which fits one UPDATE of at most ``limit``
    bytes with its TSIG record. Every change keeps its own prerequisites, so each UPDATE
    still refuses an RRset someone else changed since it was read."""
    base = _HEADER_SIZE + _name_size(zone) + 4 + _tsig_size(key)
    batches = []
    size = limit
    for change in changes:
        cost = _change_size(change, zone)
        if base + cost > limit:
            raise DnsUpdateError('%s %s has %d values, more than one DNS message of %d bytes carries'
                                 % (change.name, dns.rdatatype.to_text(change.rdtype),
                                    max(len(change.before.values), len(change.after.values)), limit))
        if size + cost > limit:
            batches.append([])
            size = base
        batches[-1].append(change)
        size += cost
    return batches


def rrset_lines(name, rdtype, current, name_text=None):
    """Zone-file lines of one RRset, sorted, for diffs and results."""
    type_text = dns.rdatatype.to_text(rdtype)
    name_text = name_text or name.to_text()
    return sorted('%s %d IN %s %s' % (name_text, current.ttl, type_text, value.to_text()) for value in current.values)


def change_summary(zone, change, zone_text=None):
    """A Change as plain data: zone, name, type, and the RRset before and after as zone-file lines."""
    name_text = change.name.to_text()
    return dict(zone=zone_text or zone.to_text(), name=name_text, type=dns.rdatatype.to_text(change.rdtype),
                before=rrset_lines(change.name, change.rdtype, change.before, name_text),
                after=rrset_lines(change.name, change.rdtype, change.after, name_text))


# --- talking to the primary -------------------------------------------------------------

_SERVER_REFUSALS = {
    'REFUSED': 'refused it (REFUSED): the zone\'s update-policy or allow-update does not allow this key',
    'NOTAUTH': 'is not authoritative for the zone, or did not accept the key (NOTAUTH)',
    'NOTZONE': 'says a name is not in the zone (NOTZONE)',
    'YXRRSET': 'found an RRset changed since it was read (YXRRSET): someone else updated it; run again',
    'NXRRSET': 'found an RRset changed since it was read (NXRRSET): someone else updated it; run again',
    'YXDOMAIN': 'found a name changed since it was read (YXDOMAIN); run again',
    'SERVFAIL': 'failed (SERVFAIL); its log says why',
    'FORMERR': 'could not read the message (FORMERR)',
    'NOTIMP': 'does not implement dynamic updates (NOTIMP)',
}


class _ClosedWhileIdle(Exception):
    """The connection was closed before any of a batch of questions was answered."""


class Primary:
    """The primary server of the zones: reads RRsets and sends updates.

    Over TCP (the default) everything goes over one connection, and reads are pipelined on
    it (RFC 7766 section 6.2.1.1): up to ``window`` questions are in flight, answered in any
    order. ``transport``, ``dns.query.udp`` or a stand-in with its signature, asks one
    message at a time instead. Use it as a context manager, or call close().
    """

    window = 100

    def __init__(self, server, port=53, key=None, protocol='tcp', timeout=10.0, transport=None):
        if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
            raise DnsUpdateError('port is %s; a DNS server listens on a port from 1 to 65535 (53 by default)'
                                 % shown(port))
        self.server = server
        self.port = port
        self.key = key
        # Made once: every question of a pipelined batch is signed with it.
        self._tsig_key = None if key is None else _dnspython_key(key)
        self.timeout = timeout
        self.transport = transport or (dns.query.udp if protocol == 'udp' else None)
        self.message_limit = UDP_MESSAGE_LIMIT if protocol == 'udp' else TCP_MESSAGE_LIMIT
        self._address = None
        self._socket = None
        self._reader = None
        self._next_id = random.randrange(65536)

    def __enter__(self):
        return self

    def __exit__(self, *_exception):
        self.close()

    def close(self):
        if self._socket is not None:
            self._reader.close()
            self._socket.close()
            self._socket = self._reader = None

    @property
    def address(self):
        if self._address is None:
            try:
                self._address = str(parse_address(self.server))
            except AddressError:
                try:
                    infos = socket.getaddrinfo(self.server, self.port, proto=socket.IPPROTO_TCP)
                except (socket.gaierror, UnicodeError) as error:
                    raise DnsUpdateError('server %s is neither an IP address nor a name that resolves (%s)'
                                         % (self.server, error)) from None
                self._address = infos[0][4][0]
        return self._address

    def _where(self, zone):
        return 'server %s%s, %skey %s' % (
            self.server, '' if self.port == 53 else ' port %d' % self.port,
            '' if zone is None else 'zone %s, ' % (zone.to_text().rstrip('.') or '.'), key_label(self.key))

    def _failure(self, error, zone, doing):
        """The DnsUpdateError for an exception raised while asking the server."""
        where = self._where(zone)
        if isinstance(error, DnsUpdateError):
            return error
        if isinstance(error, (dns.exception.Timeout, TimeoutError)):
            return DnsUpdateError('%s did not answer within %g seconds while %s (%s)'
                                  % (self.server, self.timeout, doing, where))
        if isinstance(error, dns.tsig.PeerBadKey):
            return DnsUpdateError('%s does not know the key (BADKEY) while %s (%s): the key name or algorithm '
                                  'differs from the server\'s' % (self.server, doing, where))
        if isinstance(error, (dns.tsig.PeerBadSignature, dns.tsig.BadSignature)):
            return DnsUpdateError('%s rejected the signature (BADSIG) while %s (%s): the secret differs from '
                                  'the server\'s' % (self.server, doing, where))
        if isinstance(error, dns.tsig.PeerBadTime):
            return DnsUpdateError('%s rejected the signature time (BADTIME) while %s (%s): the clocks differ by '
                                  'more than five minutes' % (self.server, doing, where))
        if isinstance(error, dns.tsig.PeerError):
            return DnsUpdateError('%s rejected the key (%s) while %s (%s)' % (self.server, error, doing, where))
        if isinstance(error, EOFError):
            reason = 'it closed the connection'
        elif isinstance(error, OSError) and error.strerror:
            reason = error.strerror
        else:
            reason = str(error) or 'its answer could not be read'
        return DnsUpdateError('%s could not be asked while %s (%s): %s' % (self.server, doing, where, reason))

    def exchange(self, message, zone, doing):
        """The answer to one message; ``zone`` and ``doing`` say in a failure what it was for."""
        return self.exchange_all([(message, zone, doing)])[0]

    def exchange_all(self, questions):
        """The answers to ``questions``, a list of (message, zone, doing), in their order."""
        for message, _zone, _doing in questions:
            message.id = self._next_id
            self._next_id = (self._next_id + 1) % 65536
            if self.key is not None:
                message.use_tsig(self._tsig_key)
        if self.transport is not None:
            return [self._asked_alone(message, zone, doing) for message, zone, doing in questions]
        return self._pipelined(questions)

    def _asked_alone(self, message, zone, doing):
        try:
            return self.transport(message, self.address, timeout=self.timeout, port=self.port)
        except (OSError, EOFError, dns.exception.DNSException) as error:
            raise self._failure(error, zone, doing) from None

    def _connection(self):
        if self._socket is None:
            self._socket = socket.create_connection((self.address, self.port), timeout=self.timeout)
            self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._reader = self._socket.makefile('rb')
        return self._socket

    def _read_message(self):
        length = self._reader.read(2)
        if len(length) < 2:
            raise EOFError()
        size = struct.unpack('!H', length)[0]
        wire = self._reader.read(size)
        if len(wire) < max(size, 2):
            raise EOFError()
        return wire

    def _pipelined(self, questions):
        if not questions:
            return []
        reused = self._socket is not None
        try:
            return self._pipelined_once(questions)
        except _ClosedWhileIdle as closed:
            if not reused:
                raise self._failure(*closed.args) from None
        # The server closed the connection while it was idle (BIND does after 30 s): none of
        # these questions was answered, so they go again on a new one.
        try:
            return self._pipelined_once(questions)
        except _ClosedWhileIdle as closed:
            raise self._failure(*closed.args) from None

    def _pipelined_once(self, questions):
        answers = [None] * len(questions)
        in_flight = collections.OrderedDict()
        sent = 0
        try:
            connection = self._connection()
            while sent < len(questions) or in_flight:
                while sent < len(questions) and len(in_flight) < self.window:
                    message = questions[sent][0]
                    wire = message.to_wire()
                    connection.sendall(struct.pack('!H', len(wire)) + wire)
                    in_flight[message.id] = sent
                    sent += 1
                wire = self._read_message()
                number = in_flight.pop(struct.unpack('!H', wire[:2])[0], None)
                if number is None:
                    raise DnsUpdateError('%s answered a question it was not asked (%s)'
                                         % (self.server, self._where(None)))
                request = questions[number][0]
                answer = dns.message.from_wire(wire, keyring=request.keyring, request_mac=request.mac)
                if not request.is_response(answer):
                    raise dns.query.BadResponse()
                answers[number] = answer
        except (OSError, EOFError, dns.exception.DNSException, DnsUpdateError) as error:
            self.close()
            # The oldest question still waiting for its answer, or the one being sent.
            _message, zone, doing = questions[next(iter(in_flight.values()), min(sent, len(questions) - 1))]
            if isinstance(error, (EOFError, ConnectionResetError, BrokenPipeError)) and \
                    all(answer is None for answer in answers):
                raise _ClosedWhileIdle(error, zone, doing) from None
            raise self._failure(error, zone, doing) from None
        return answers

    def _fail(self, response, zone, doing):
        rcode = response.rcode()
        reason = _SERVER_REFUSALS.get(dns.rcode.to_text(rcode), 'answered %s' % dns.rcode.to_text(rcode))
        raise DnsUpdateError('%s %s while %s (%s)' % (self.server, reason, doing, self._where(zone)))

    def _checked(self, response, zone, doing):
        if response.rcode() not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
            self._fail(response, zone, doing)
        return response

    def find_zone(self, name):
        """The zone holding ``name`` on this server, from the SOA of its answer."""
        doing = 'looking up the zone of %s' % name
        response = self._checked(self.exchange(dns.message.make_query(name, dns.rdatatype.SOA), name, doing),
                                 name, doing)
        zone = _zone_of_answer(response, name, authoritative=False)
        if zone is None:
            raise DnsUpdateError('server %s holds no zone for %s (its answer has no SOA): give zone, or ask '
                                 'the primary of the zone' % (self.server, name.to_text()))
        return zone

    def transfer(self, zone, most):
        """The RRsets of ``zone`` by a zone transfer signed with the key, as a dict of
        (name, rdtype) -> Current, and the names where it delegates to another zone; None
        when the server refuses to transfer it, or it holds more than ``most`` records."""
        contents, delegations, count = {}, set(), 0
        transfer = dns.query.xfr(self.address, zone, port=self.port, keyring=self._tsig_key, timeout=self.timeout,
                                 relativize=False, lifetime=None)
        try:
            for message in transfer:
                for rrset in message.answer:
                    count += len(rrset)
                    if count > most:
                        return None
                    if rrset.rdtype == dns.rdatatype.NS and rrset.name != zone:
                        delegations.add(rrset.name)
                    ttl, values = contents.get((rrset.name, rrset.rdtype), (rrset.ttl, frozenset()))
                    contents[(rrset.name, rrset.rdtype)] = Current(min(ttl, rrset.ttl), values | frozenset(rrset))
        except dns.query.TransferError:
            return None
        except (OSError, EOFError, dns.exception.DNSException) as error:
            raise self._failure(error, zone, 'transferring the zone') from None
        finally:
            transfer.close()
        return contents, delegations

    def read_all(self, rrsets):
        """Each of ``rrsets``, (name, rdtype, zone or None), as the primary has it now: a
        (Current, zone) pair, where the zone is the one the answer names, or else the given one.

        The questions go without recursion desired, as to an authoritative server: its answer
        then names the zone, by the SOA of a negative answer or the NS of a positive one.
        """
        questions = []
        for name, rdtype, zone in rrsets:
            query = dns.message.make_query(name, rdtype)
            query.flags &= ~dns.flags.RD
            questions.append((query, zone, 'reading %s %s' % (name, dns.rdatatype.to_text(rdtype))))
        found = []
        for (name, rdtype, zone), question, response in zip(rrsets, questions, self.exchange_all(questions)):
            self._checked(response, zone, question[2])
            current = Current(None, frozenset())
            for rrset in response.answer:
                if rrset.name == name and rrset.rdtype == rdtype:
                    current = Current(rrset.ttl, frozenset(rrset))
            found.append((current, _zone_of_answer(response, name) or zone))
        return found

    def read(self, name, rdtype, zone):
        """One RRset as the primary has it now."""
        return self.read_all([(name, rdtype, zone)])[0][0]

    def send(self, zone, changes):
        """UPDATEs making ``changes`` in ``zone``, as few as fit the messages, one after another."""
        batches = split_changes(zone, changes, self.key, self.message_limit)
        for number, batch in enumerate(batches, 1):
            if len(batches) == 1:
                doing = 'sending the update'
            else:
                doing = 'sending update %d of %d to the zone%s' % (
                    number, len(batches), '' if number == 1 else ' (the %d before it were applied)' % (number - 1))
            response = self.exchange(update_message(zone, batch), zone, doing)
            if response.rcode() != dns.rcode.NOERROR:
                self._fail(response, zone, doing)


def _zone_of_answer(response, name, authoritative=True):
    """The zone an answer about ``name`` comes from: the owner of the SOA it holds (in the
    answer for the apex, in the authority section for a negative answer), or of the NS an
    authoritative answer puts in its authority section. None when it names none."""
    for section in (response.answer, response.authority):
        for rrset in section:
            if rrset.rdtype == dns.rdatatype.SOA and name.is_subdomain(rrset.name):
                return rrset.name
    if authoritative and response.flags & dns.flags.AA:
        for rrset in response.authority:
            if rrset.rdtype == dns.rdatatype.NS and name.is_subdomain(rrset.name):
                return rrset.name
    return None


# A zone transfer reads a zone some twenty times faster per record than questions do: it
# is tried for a zone where this many RRsets are to be read, and given up when the zone
# turns out to hold more than TRANSFER_RATIO records for each of them.
TRANSFER_FROM = 32
TRANSFER_RATIO = 16


def _inside(name, names):
    return any(name.is_subdomain(other) for other in names)


def plan(primary, wanted, zone=None):
    """Changes per zone: an ordered dict of zone name -> [Change], reading each RRset once.

    With ``zone``, names inside it are in it. PTRs, and names without ``zone``, are in the
    deepest zone of the server known to hold names before them, else the one an SOA
    question finds. A zone with many RRsets to read is read by a zone transfer, where the
    key may transfer it; the rest by questions pipelined on one connection, whose answers
    also name the zone, which corrects the guess for a zone below a known one.
    """
    origin = dns_name(zone, 'zone') if zone else None
    known = [origin] if origin is not None else []
    zones = []
    for rrset in wanted:
        if origin is not None and rrset.name.is_subdomain(origin) and rrset.rdtype != dns.rdatatype.PTR:
            zones.append(origin)
            continue
        holding = [candidate for candidate in known if rrset.name.is_subdomain(candidate)]
        if not holding:
            holding = [primary.find_zone(rrset.name)]
            known.append(holding[0])
        zones.append(max(holding, key=len))

    currents = [None] * len(wanted)
    by_zone = collections.OrderedDict()
    for number, rrset_zone in enumerate(zones):
        by_zone.setdefault(rrset_zone, []).append(number)
    for rrset_zone, numbers in by_zone.items():
        if len(numbers) < TRANSFER_FROM:
            continue
        transferred = primary.transfer(rrset_zone, most=TRANSFER_RATIO * len(numbers))
        if transferred is None:
            continue
        contents, delegations = transferred
        for number in numbers:
            if not _inside(wanted[number].name, delegations):
                currents[number] = contents.get((wanted[number].name, wanted[number].rdtype),
                                                Current(None, frozenset()))

    asked = [number for number, current in enumerate(currents) if current is None]
    found = primary.read_all([(wanted[number].name, wanted[number].rdtype, zones[number]) for number in asked])
    for number, (current, answer_zone) in zip(asked, found):
        currents[number] = current
        if answer_zone is not None and not (origin is not None and zones[number] == origin):
            zones[number] = answer_zone

    changes = collections.OrderedDict()
    for rrset, current, rrset_zone in zip(wanted, currents, zones):
        change = planned_change(rrset, current)
        changes.setdefault(rrset_zone, [])
        if change is not None:
            changes[rrset_zone].append(change)
    return changes


def apply_records(primary, wanted, zone=None, check_mode=False):
    """Read what ``wanted`` (wanted_records) changes on ``primary`` and, unless ``check_mode``,
    send it, zone by zone; the changes by zone. The nsupdate module and the router's prefix
    follower both write records so."""
    changes = plan(primary, wanted, zone=zone)
    if not check_mode:
        for changed_zone, zone_changes in changes.items():
            if zone_changes:
                primary.send(changed_zone, zone_changes)
    return changes
