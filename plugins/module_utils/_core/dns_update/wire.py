# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""An UPDATE written straight to wire format, and the batches a zone's changes go in so
that each fits one DNS message; the zone-file lines of a change, for diffs and results."""

from __future__ import annotations

import struct
import time

from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.dnspython import dns
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.errors import DnsUpdateError
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.key_file import dnspython_key


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
        update.use_tsig(dnspython_key(key))
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
