# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""The UPDATE message of a zone's changes, and the batches they go in so that each fits one
DNS message; the zone-file lines of a change, for diffs and results."""

from __future__ import annotations

from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.dnspython import dns
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.errors import DnsUpdateError
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.key_file import dnspython_key


_TSIG_FUDGE = 300


def update_message(zone, changes, key=None):
    """One UPDATE for ``zone`` making all ``changes``, each guarded by a prerequisite that
    the RRset is still exactly as it was read (RFC 2136 section 2.4.2 and 2.4.3), signed with
    ``key``; dnspython's UpdateMessage, which the exchange sends as it is.

    An RRset that was absent is only added: its prerequisite already says there is nothing
    to delete. (A hand-written wire encoder was five times faster, 2.5 ms against 14 ms for
    200 RRsets; a home's zone does not need it: bench/update_wire.py.)
    """
    update = dns.update.UpdateMessage(zone)
    for change in changes:
        if change.before.values:
            update.present(change.name, *sorted(change.before.values))
        else:
            update.absent(change.name, change.rdtype)
        if change.before.values or not change.after.values:
            update.delete(change.name, change.rdtype)
        for value in sorted(change.after.values):
            update.add(change.name, change.after.ttl, value)
    if key is not None:
        update.use_tsig(dnspython_key(key), fudge=_TSIG_FUDGE)
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
