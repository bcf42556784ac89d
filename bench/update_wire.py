# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The UPDATE message of a home-sized change, written two ways side by side in one run:

    homelab.ipv6   the collection's own wire writer (UpdateWire in _core/dns_update/wire.py)
    dnspython      dns.update.UpdateMessage, the same prerequisites and updates, rendered
                   and signed by dnspython

For each size, the change is what a renumbering sends: every host's AAAA RRset replaced
(prerequisite: the RRset as it was) and a PTR added for it. Both messages are signed with
the same TSIG key. Prints the time of each per message, the ratio dnspython / homelab.ipv6,
and both sizes (dnspython compresses every repeated name, the hand writer only the zone's);
it decides whether the hand writer still earns its place.
No network: the messages are only built.
"""

from __future__ import annotations

import ipaddress
import sys
import time

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.tsig
import dns.update

from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.key_file import make_key
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.records import Change, Current
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.wire import update_message

KEY = make_key('homelab-ddns', 'c2VjcmV0IHNlY3JldCBzZWNyZXQgc2VjcmV0IHNlY3JldA==')
ZONE = dns.name.from_text('home.arpa.')


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


def dnspython_message(zone, made):
    update = dns.update.UpdateMessage(zone)
    for change in made:
        if change.before.values:
            update.present(change.name, dns.rdataset.from_rdata_list(0, list(change.before.values)))
        else:
            update.absent(change.name, change.rdtype)
        if change.before.values or not change.after.values:
            update.delete(change.name, change.rdtype)
        for value in change.after.values:
            update.add(change.name, change.after.ttl, value)
    update.use_tsig(dns.tsig.Key(KEY.name, KEY.secret, KEY.algorithm + '.'))
    return update


def timed(build, rounds):
    started = time.perf_counter()
    for _round in range(rounds):
        wire = build().to_wire(max_size=65535)
    return (time.perf_counter() - started) / rounds, len(wire)


def main():
    import dns.rdataset  # noqa: F401  (dnspython_message uses it)
    print('%8s %16s %16s %10s %14s' % ('records', 'homelab.ipv6 ms', 'dnspython ms', 'ratio', 'bytes (ours/its)'))
    for records in (20, 200, 800):
        made = changes(records)
        rounds = max(3, 2000 // records)
        ours, size = timed(lambda: update_message(ZONE, made, KEY), rounds)
        theirs, their_size = timed(lambda: dnspython_message(ZONE, made), rounds)
        print('%8d %16.2f %16.2f %9.1fx %8d/%d' % (records, ours * 1000, theirs * 1000, theirs / ours, size, their_size))
    return 0


if __name__ == '__main__':
    sys.exit(main())
