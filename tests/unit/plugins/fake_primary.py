# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An authoritative DNS server in memory, for the tests of nsupdate and its core."""

from __future__ import annotations

import contextlib
import select
import socket
import struct
import threading

import dns.flags
import dns.message
import dns.name
import dns.opcode
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import dns.tsig

from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.key_file import make_key

SECRET = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I='
# What `tsig-keygen -a hmac-sha256 homelab-ddns` writes (BIND 9.18), with another secret.
KEY_FILE = 'key "homelab-ddns" {\n\talgorithm hmac-sha256;\n\tsecret "%s";\n};\n' % SECRET
KEY = make_key('homelab-ddns', SECRET)
ZONE = dns.name.from_text('home.arpa.')
REVERSE_ZONE = dns.name.from_text('0.0.0.0.0.0.0.0.d.c.b.a.d.f.ip6.arpa.')


def name(text):
    return dns.name.from_text(text)


def question_zone_mismatch(zone, response):
    """Whether a transfer is asked for a name that is not the apex of its zone."""
    return response.question[0].name != zone


class FakePrimary:
    """An authoritative server in memory, spoken to as dns.query.udp would be, or over TCP on
    loopback with serving().

    Messages go through wire format with the server's keyring, so TSIG is really checked.
    Answers are authoritative, with the zone's NS in the authority section of a positive
    one, as BIND gives them to a question without recursion desired; with
    ``minimal_responses`` there is none, as with BIND's ``minimal-responses yes``. Zone
    transfers are refused unless ``transfers`` is set. With ``hang_up``, a connection is
    closed once its questions are answered, as BIND closes one that stays idle.
    """

    def __init__(self, secret=SECRET, zones=(ZONE, REVERSE_ZONE), rcode=None, error=None):
        self.keyring = {name('homelab-ddns.'): dns.tsig.Key('homelab-ddns.', secret, 'hmac-sha256.')}
        self.zones = zones
        self.records = {}
        self.rcode = rcode
        self.error = error
        self.updates = []
        self.questions = []
        self.connections = 0
        self.minimal_responses = False
        self.transfers = False
        self.hang_up = False

    def add(self, owner, rdtype, ttl, *values):
        rrset = dns.rrset.from_text(owner, ttl, 'IN', rdtype, *values)
        self.records[(name(owner), dns.rdatatype.from_text(rdtype))] = rrset

    def zone_of(self, owner):
        return next((zone for zone in self.zones if owner.is_subdomain(zone)), None)

    def __call__(self, message, where, timeout=None, port=53):
        assert where == '2001:db8::53'
        if self.error is not None:
            raise self.error
        return self.answer(dns.message.from_wire(message.to_wire(), keyring=self.keyring))

    def answer(self, request):
        response = dns.message.make_response(request)
        if self.rcode is not None:
            response.set_rcode(self.rcode)
            return response
        if request.opcode() == dns.opcode.UPDATE:
            return self.update(request, response)
        question = request.question[0]
        self.questions.append((question.name, question.rdtype))
        zone = self.zone_of(question.name)
        if zone is None:
            response.set_rcode(dns.rcode.REFUSED)
            return response
        response.flags |= dns.flags.AA
        if question.rdtype == dns.rdatatype.AXFR:
            return self.transfer(zone, response)
        rrset = self.records.get((question.name, question.rdtype))
        if question.rdtype == dns.rdatatype.SOA and question.name == zone:
            response.answer.append(dns.rrset.from_text(zone, 3600, 'IN', 'SOA', 'ns. root. 1 2 3 4 5'))
        elif rrset is not None:
            response.answer.append(rrset)
            if not self.minimal_responses:
                response.authority.append(dns.rrset.from_text(zone, 3600, 'IN', 'NS', 'ns.'))
        else:
            response.authority.append(dns.rrset.from_text(zone, 3600, 'IN', 'SOA', 'ns. root. 1 2 3 4 5'))
        return response

    def transfer(self, zone, response):
        """A zone transfer in one message, for a key the zone allows (``transfers``)."""
        if not self.transfers or question_zone_mismatch(zone, response):
            response.set_rcode(dns.rcode.REFUSED)
            return response
        soa = dns.rrset.from_text(zone, 3600, 'IN', 'SOA', 'ns. root. 1 2 3 4 5')
        response.answer.append(soa)
        response.answer.append(dns.rrset.from_text(zone, 3600, 'IN', 'NS', 'ns.'))
        for (owner, _rdtype), rrset in sorted(self.records.items()):
            if self.zone_of(owner) == zone:
                response.answer.append(rrset)
        response.answer.append(soa)
        return response

    @contextlib.contextmanager
    def serving(self):
        """This server on a TCP port of 127.0.0.1 (its number in ``self.port``), answering the
        questions that are waiting together in reverse order, as a pipelining server may."""
        listener = socket.create_server(('127.0.0.1', 0))
        self.port = listener.getsockname()[1]
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        try:
            yield self
        finally:
            listener.close()

    def _accept(self, listener):
        while True:
            try:
                connection, _peer = listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._converse, args=(connection,), daemon=True).start()

    def _converse(self, connection):
        with connection:
            received, waiting = b'', []
            while True:
                if select.select([connection], [], [], 0.01 if waiting else None)[0]:
                    data = connection.recv(65536)
                    if not data:
                        return
                    received += data
                    while len(received) >= 2 and len(received) >= 2 + struct.unpack('!H', received[:2])[0]:
                        end = 2 + struct.unpack('!H', received[:2])[0]
                        request = dns.message.from_wire(received[2:end], keyring=self.keyring)
                        waiting.append(self.answer(request))
                        received = received[end:]
                    continue
                for response in reversed(waiting):
                    wire = response.to_wire()
                    connection.sendall(struct.pack('!H', len(wire)) + wire)
                waiting = []
                if self.hang_up:
                    return

    def update(self, request, response):
        self.updates.append(request)
        wanted = {}
        for rr in request.prerequisite:
            wanted.setdefault((rr.name, rr.rdtype), []).append(rr)
        for key, rrsets in wanted.items():
            now = self.records.get(key)
            if rrsets[0].deleting == dns.rdataclass.NONE:
                if now is not None:
                    response.set_rcode(dns.rcode.YXRRSET)
                    return response
            elif now is None or set(now) != {rd for rrset in rrsets for rd in rrset}:
                response.set_rcode(dns.rcode.NXRRSET)
                return response
        for rr in request.update:
            key = (rr.name, rr.rdtype)
            if rr.deleting == dns.rdataclass.ANY:
                self.records.pop(key, None)
            else:
                self.records.setdefault(key, dns.rrset.RRset(rr.name, dns.rdataclass.IN, rr.rdtype))
                self.records[key].update(rr)
        return response
