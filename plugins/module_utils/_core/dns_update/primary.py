# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""Talking to the primary: questions pipelined on one TCP connection, a signed zone transfer
for a zone with many RRsets to read, UPDATEs and the one-sentence reading of its refusals."""

from __future__ import annotations

import collections
import random
import socket
import struct

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import AddressError, parse_address, shown
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.dnspython import dns
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.errors import DnsUpdateError
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.key_file import dnspython_key, key_label
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.records import Current
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.wire import TCP_MESSAGE_LIMIT, UDP_MESSAGE_LIMIT, split_changes, update_message


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
        self._tsig_key = None if key is None else dnspython_key(key)
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
