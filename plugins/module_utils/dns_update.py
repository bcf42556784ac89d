# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
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
import re
import socket

try:
    import dns.exception
    import dns.message
    import dns.name
    import dns.query
    import dns.rcode
    import dns.rdata
    import dns.rdataclass
    import dns.rdatatype
    import dns.rdtypes.ANY.PTR
    import dns.tsig
    import dns.update
except ImportError:
    # The module says so with missing_required_lib; the address core works without it.
    HAS_DNSPYTHON = False
else:
    HAS_DNSPYTHON = True

from ansible_collections.homelab.ipv6.plugins.module_utils.addresses import AddressError, parse_address, shown
from ansible_collections.homelab.ipv6.plugins.module_utils.reverse_dns import ptr_name

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
        return dns.rdata.from_text(dns.rdataclass.IN, rdtype, text, origin=origin, relativize=False)
    except (dns.exception.DNSException, ValueError) as error:
        raise DnsUpdateError("%s is '%s', which is not %s record data (%s)"
                             % (path, text, dns.rdatatype.to_text(rdtype), error)) from None


def _ttl(value, path):
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 2147483647:
        raise DnsUpdateError('%s.ttl is %s; a TTL is a number of seconds from 0 to 2147483647' % (path, shown(value)))
    return value


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
        name = _owner(record.get('name'), origin, path)
        rdtype = _rdtype(record.get('type', 'AAAA'), path)
        state = record.get('state') or 'present'
        if state not in ('present', 'absent'):
            raise DnsUpdateError("%s.state is '%s'; use present or absent" % (path, state))
        ttl = _ttl(record.get('ttl') if record.get('ttl') is not None else default_ttl, path)
        raw = record.get('values')
        if raw is None or raw == []:
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
            for value in sorted(values, key=str):
                add(dns.name.from_text(ptr_name(str(value))), dns.rdatatype.PTR, ttl,
                    frozenset([target]), state, path)
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


def update_message(zone, changes, key=None):
    """One UPDATE for ``zone`` making all ``changes``, each guarded by a prerequisite that
    the RRset is still exactly as it was read (RFC 2136 section 2.4.2 and 2.4.3)."""
    update = dns.update.UpdateMessage(zone, keyring=None)
    if key is not None:
        update.use_tsig(_dnspython_key(key))
    for change in changes:
        if change.before.values:
            update.present(change.name, *sorted(change.before.values, key=str))
        else:
            update.absent(change.name, change.rdtype)
        if change.after.values:
            update.replace(change.name, change.after.ttl, *sorted(change.after.values, key=str))
        else:
            update.delete(change.name, change.rdtype)
    return update


def rrset_lines(name, rdtype, current):
    """Zone-file lines of one RRset, sorted, for diffs and results."""
    type_text = dns.rdatatype.to_text(rdtype)
    return sorted('%s %d IN %s %s' % (name, current.ttl, type_text, value.to_text()) for value in current.values)


def change_summary(zone, change):
    """A Change as plain data: zone, name, type, and the RRset before and after as zone-file lines."""
    return dict(zone=zone.to_text(), name=change.name.to_text(), type=dns.rdatatype.to_text(change.rdtype),
                before=rrset_lines(change.name, change.rdtype, change.before),
                after=rrset_lines(change.name, change.rdtype, change.after))


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


class Primary:
    """The primary server of the zones: reads RRsets and sends updates, over TCP by default.

    ``transport`` is ``dns.query.tcp`` or ``dns.query.udp`` or a stand-in with their signature.
    """

    def __init__(self, server, port=53, key=None, protocol='tcp', timeout=10.0, transport=None):
        if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
            raise DnsUpdateError('port is %s; a DNS server listens on a port from 1 to 65535 (53 by default)'
                                 % shown(port))
        self.server = server
        self.port = port
        self.key = key
        self.timeout = timeout
        self.transport = transport or (dns.query.tcp if protocol == 'tcp' else dns.query.udp)
        self._address = None

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
        return 'server %s%s, zone %s, key %s' % (
            self.server, '' if self.port == 53 else ' port %d' % self.port,
            zone.to_text().rstrip('.') or '.', key_label(self.key))

    def exchange(self, message, zone, doing):
        if self.key is not None:
            message.use_tsig(_dnspython_key(self.key))
        try:
            response = self.transport(message, self.address, timeout=self.timeout, port=self.port)
        except dns.exception.Timeout:
            raise DnsUpdateError('%s did not answer within %g seconds while %s (%s)'
                                 % (self.server, self.timeout, doing, self._where(zone))) from None
        except dns.tsig.PeerBadKey:
            raise DnsUpdateError('%s does not know the key (BADKEY) while %s (%s): the key name or algorithm '
                                 'differs from the server\'s' % (self.server, doing, self._where(zone))) from None
        except (dns.tsig.PeerBadSignature, dns.tsig.BadSignature):
            raise DnsUpdateError('%s rejected the signature (BADSIG) while %s (%s): the secret differs from '
                                 'the server\'s' % (self.server, doing, self._where(zone))) from None
        except dns.tsig.PeerBadTime:
            raise DnsUpdateError('%s rejected the signature time (BADTIME) while %s (%s): the clocks differ by '
                                 'more than five minutes' % (self.server, doing, self._where(zone))) from None
        except dns.tsig.PeerError as error:
            raise DnsUpdateError('%s rejected the key (%s) while %s (%s)'
                                 % (self.server, error, doing, self._where(zone))) from None
        except (OSError, EOFError, dns.exception.DNSException) as error:
            raise DnsUpdateError('%s could not be asked while %s (%s): %s'
                                 % (self.server, doing, self._where(zone), error or type(error).__name__)) from None
        return response

    def _fail(self, response, zone, doing):
        rcode = response.rcode()
        reason = _SERVER_REFUSALS.get(dns.rcode.to_text(rcode), 'answered %s' % dns.rcode.to_text(rcode))
        raise DnsUpdateError('%s %s while %s (%s)' % (self.server, reason, doing, self._where(zone)))

    def find_zone(self, name):
        """The zone holding ``name`` on this server, from the SOA of its answer."""
        query = dns.message.make_query(name, dns.rdatatype.SOA)
        response = self.exchange(query, name, 'looking up the zone of %s' % name)
        if response.rcode() not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
            self._fail(response, name, 'looking up the zone of %s' % name)
        for section in (response.answer, response.authority):
            for rrset in section:
                if rrset.rdtype == dns.rdatatype.SOA and name.is_subdomain(rrset.name):
                    return rrset.name
        raise DnsUpdateError('server %s holds no zone for %s (its answer has no SOA): give zone, or ask '
                             'the primary of the zone' % (self.server, name.to_text()))

    def read(self, name, rdtype, zone):
        """The RRset as the primary has it now."""
        doing = 'reading %s %s' % (name, dns.rdatatype.to_text(rdtype))
        response = self.exchange(dns.message.make_query(name, rdtype), zone, doing)
        if response.rcode() not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
            self._fail(response, zone, doing)
        for rrset in response.answer:
            if rrset.name == name and rrset.rdtype == rdtype:
                return Current(rrset.ttl, frozenset(rrset))
        return Current(None, frozenset())

    def send(self, zone, changes):
        doing = 'sending the update'
        response = self.exchange(update_message(zone, changes), zone, doing)
        if response.rcode() != dns.rcode.NOERROR:
            self._fail(response, zone, doing)


def plan(primary, wanted, zone=None):
    """Changes per zone: an ordered dict of zone name -> [Change], reading each RRset once.

    Without ``zone``, each owner's zone comes from an SOA lookup at the primary (PTRs live
    in reverse zones of their own, so even with ``zone`` those are looked up).
    """
    origin = dns_name(zone, 'zone') if zone else None
    zones = {}
    changes = collections.OrderedDict()
    for rrset in wanted:
        if origin is not None and rrset.name.is_subdomain(origin) and rrset.rdtype != dns.rdatatype.PTR:
            rrset_zone = origin
        else:
            parent = rrset.name
            if parent not in zones:
                zones[parent] = primary.find_zone(parent)
            rrset_zone = zones[parent]
        change = planned_change(rrset, primary.read(rrset.name, rrset.rdtype, rrset_zone))
        changes.setdefault(rrset_zone, [])
        if change is not None:
            changes[rrset_zone].append(change)
    return changes
