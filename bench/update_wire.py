# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The UPDATE message of a home-sized change, written two ways side by side in one run:

    hand writer    the wire encoder the collection had (kept here, as the measure): the
                   message written with struct, names compressed to the zone's
    dnspython      dns.update.UpdateMessage, as update_message in _core/dns_update/wire.py
                   builds it now, rendered and signed by dnspython

For each size, the change is what a renumbering sends: every host's AAAA RRset replaced
(prerequisite: the RRset as it was) and a PTR added for it. Both messages are signed with
the same TSIG key. Prints the time of each per message, the ratio dnspython / hand writer,
and both sizes (dnspython compresses every repeated name, the hand writer only the zone's);
it decides whether the hand writer still earns its place.
No network: the messages are only built.
"""

from __future__ import annotations

import ipaddress
import struct
import sys
import time

import dns.flags
import dns.name
import dns.opcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.TSIG
import dns.tsig
import dns.update

from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.key_file import make_key
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.records import Change, Current
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.key_file import dnspython_key
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.wire import update_message

KEY = make_key('homelab-ddns', 'c2VjcmV0IHNlY3JldCBzZWNyZXQgc2VjcmV0IHNlY3JldA==')
ZONE = dns.name.from_text('home.arpa.')


_UPDATE_FLAGS = 5 << 11  # opcode UPDATE (RFC 2136 section 1.3), in the header's flags
_CLASS_IN, _CLASS_NONE, _CLASS_ANY = 1, 254, 255
_TYPE_SOA, _TYPE_TSIG = 6, 250
_TSIG_FUDGE = 300


def _wire_labels(labels):
    return b''.join(struct.pack('!B', len(label)) + label for label in labels)


class UpdateWire:
    """An UPDATE written straight to wire format (RFC 2136 section 2.2 to 2.5), a name in the
    zone as its own labels and a pointer to the zone's name: the hand writer the collection had."""

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


def hand_message(zone, made, key):
    update = UpdateWire(zone, made)
    update.use_tsig(dnspython_key(key))
    return update


def changes(records):
    """``records`` RRsets changed: half AAAA replaced, half PTRs added."""
    made = []
    for index in range(records // 2):
        name = dns.name.from_text('host%d.home.arpa.' % index)
        old = dns.rdata.from_text('IN', 'AAAA', str(ipaddress.IPv6Address('2001:db8:5500:1::') + index))
        new = dns.rdata.from_text('IN', 'AAAA', str(ipaddress.IPv6Address('2001:db8:5501:1::') + index))
        made.append(Change(name, dns.rdatatype.AAAA, Current(3600, frozenset([old])), Current(3600, frozenset([new]))))
        made.append(Change(dns.name.from_text('x%d.home.arpa.' % index), dns.rdatatype.PTR, Current(None, frozenset()),
                           Current(3600, frozenset([dns.rdata.from_text('IN', 'PTR', 'host%d.home.arpa.' % index)]))))
    return made


def timed(build, rounds):
    started = time.perf_counter()
    for _round in range(rounds):
        wire = build().to_wire()
    return (time.perf_counter() - started) / rounds, len(wire)


def main():
    print('%8s %16s %16s %10s %14s' % ('records', 'hand writer ms', 'dnspython ms', 'ratio', 'bytes (hand/its)'))
    for records in (20, 200, 800):
        made = changes(records)
        rounds = max(3, 2000 // records)
        ours, size = timed(lambda: hand_message(ZONE, made, KEY), rounds)
        theirs, their_size = timed(lambda: update_message(ZONE, made, KEY), rounds)
        print('%8d %16.2f %16.2f %9.1fx %8d/%d' % (records, ours * 1000, theirs * 1000, theirs / ours, size, their_size))
    return 0


if __name__ == '__main__':
    sys.exit(main())
