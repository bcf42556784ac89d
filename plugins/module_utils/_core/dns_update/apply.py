# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""The per-zone plan (which zone each RRset is in, read once) and the whole update: what
the nsupdate module and the prefix follower call."""

from __future__ import annotations

import collections

from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.dnspython import dns
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.key_file import dns_name
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.records import Current, planned_change


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
