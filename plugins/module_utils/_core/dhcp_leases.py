# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""The DHCP servers' lease files, as the address-plan report and the device watcher read them:
Kea's memfile (kea-leases4.csv, kea-leases6.csv) and ISC dhcpd's dhcpd.leases. Both servers
append an entry at every change, so the last entry of an address is its lease."""

from __future__ import annotations

import calendar
import collections
import csv
import io
import re
import time

# One lease: ``state`` is 0 while it is live (Kea's default state, ISC's "binding state
# active"); ``expiry`` in epoch seconds (infinite for ISC's "ends never").
Lease = collections.namedtuple('Lease', 'mac expiry state hostname')

_ISC_LEASE = re.compile(r'^lease\s+(\S+)\s*\{(.*?)^\}', re.MULTILINE | re.DOTALL)
_ISC_ENDS = re.compile(r'^\s*ends\s+(?:epoch\s+(\d+)|\d\s+(\d+/\d+/\d+ \d+:\d+:\d+)|(never));', re.MULTILINE)


def kea_leases(text):
    """address -> Lease of a Kea memfile, DHCPv4 or DHCPv6 (whose hwaddr may be empty)."""
    leases = {}
    for row in csv.DictReader(io.StringIO(text or '')):
        try:
            leases[row['address']] = Lease((row.get('hwaddr') or '').lower(), int(row['expire']),
                                           int(row.get('state') or 0), row.get('hostname') or '')
        except (KeyError, TypeError, ValueError):
            continue
    return leases


# Kea's memfile lease_type of a delegated prefix (0 is an address, 1 a temporary one).
_KEA_PREFIX = '2'


def kea_delegations(text):
    """The prefixes of a Kea kea-leases6.csv, the last entry of each: [{prefix, duid, mac,
    expiry, state}], in the order of the file."""
    found = {}
    for row in csv.DictReader(io.StringIO(text or '')):
        try:
            if row['lease_type'] != _KEA_PREFIX:
                continue
            prefix = '%s/%d' % (row['address'], int(row['prefix_len']))
            found.pop(prefix, None)
            found[prefix] = {'prefix': prefix, 'duid': row.get('duid') or '', 'mac': (row.get('hwaddr') or '').lower(),
                             'expiry': int(row['expire']), 'state': int(row.get('state') or 0)}
        except (KeyError, TypeError, ValueError):
            continue
    return list(found.values())


def _isc_expiry(found):
    if found[1]:
        return int(found[1])
    if found[2]:
        return calendar.timegm(time.strptime(found[2], '%Y/%m/%d %H:%M:%S'))
    return float('inf')


def isc_leases(text):
    """address -> Lease of ISC dhcpd's dhcpd.leases."""
    leases = {}
    for address, body in _ISC_LEASE.findall(text or ''):
        mac = re.search(r'^\s*hardware ethernet\s+([0-9A-Fa-f:]+);', body, re.MULTILINE)
        ends = _ISC_ENDS.search(body)
        state = re.search(r'^\s*binding state\s+(\w+);', body, re.MULTILINE)
        hostname = re.search(r'^\s*client-hostname\s+"([^"]*)";', body, re.MULTILINE)
        if not mac or not ends:
            continue
        leases[address] = Lease(mac[1].lower(), _isc_expiry(ends), 0 if state and state[1] == 'active' else 1,
                                hostname[1] if hostname else '')
    return leases


def live(leases, now):
    """The leases of ``leases`` neither expired nor given back at ``now``."""
    return {address: lease for address, lease in leases.items() if lease.state == 0 and lease.expiry > now}
