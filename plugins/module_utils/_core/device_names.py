# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""Names for the devices nobody typed into the inventory: what the device watcher decides.

A device on a SLAAC LAN shows itself to the router by its link-local address (router
solicitations, neighbour discovery). Its stable address in each LAN prefix is the one with the
same interface id - EUI-64, or the one random id Linux and Windows use for both - which the
watcher asks for by neighbour discovery; a temporary address (RFC 8981) has an id of its own
and is never taken for the stable one, and a device whose stable id differs from its
link-local one (RFC 7217) gets no address this way. Its name is the hostname of its DHCPv4
lease, by MAC. A name the inventory owns, or that two devices claim, is nobody's here.

Everything here is a pure function of what the watcher read (``ip -json`` output, lease
files, its own state) and the time, so that a unit test can replay a home.
"""

from __future__ import annotations

import collections
import ipaddress
import json
import re

from ansible_collections.homelab.ipv6.plugins.module_utils._core.dhcp_leases import isc_leases, kea_leases, live

# One IPv6 neighbour of the router: ``state`` is the kernel's NUD states, such as ['STALE'].
Neighbour = collections.namedtuple('Neighbour', 'address mac interface state')

# Neighbour entries that say nothing is there (a probe that got no answer).
ABSENT_STATES = frozenset(['FAILED', 'INCOMPLETE'])
LINK_LOCAL = ipaddress.IPv6Network('fe80::/64')
_NOT_LABEL = re.compile(r'[^a-z0-9-]+')


def parse_neighbours(text):
    """The neighbours of ``ip -json -6 neighbour show`` that answer, with a MAC."""
    found = []
    for entry in json.loads(text or '[]'):
        state = entry.get('state') or []
        if not entry.get('lladdr') or not entry.get('dev') or ABSENT_STATES.intersection(state):
            continue
        found.append(Neighbour(ipaddress.IPv6Address(entry['dst'].split('%')[0]), entry['lladdr'].lower(),
                               entry['dev'], tuple(state)))
    return found


def lan_prefixes(text, interfaces):
    """Each of ``interfaces``' /64s, from the router's own global addresses in
    ``ip -json -6 address show``: the ULA and the delegated GUA, whatever the ISP gives now."""
    prefixes = {interface: [] for interface in interfaces}
    for link in json.loads(text or '[]'):
        if link.get('ifname') not in prefixes:
            continue
        for address in link.get('addr_info', []):
            if address.get('family') != 'inet6' or address.get('scope') != 'global' or address.get('prefixlen') != 64:
                continue
            network = ipaddress.IPv6Network('%s/64' % address['local'], strict=False)
            if network not in prefixes[link['ifname']]:
                prefixes[link['ifname']].append(network)
    return prefixes


def stable_candidates(neighbours, prefixes):
    """(mac, interface, address) for each device seen by its link-local address on a LAN
    interface: its link-local interface id in each of the interface's prefixes."""
    candidates = []
    for neighbour in neighbours:
        if neighbour.address not in LINK_LOCAL or neighbour.interface not in prefixes:
            continue
        iid = int(neighbour.address) & 0xFFFFFFFFFFFFFFFF
        for prefix in prefixes[neighbour.interface]:
            candidates.append((neighbour.mac, neighbour.interface, prefix.network_address + iid))
    return candidates


def present(candidates, neighbours):
    """The candidates a neighbour entry of the same MAC answers for: {mac: sorted addresses}."""
    answering = {(neighbour.address, neighbour.mac) for neighbour in neighbours}
    found = collections.defaultdict(list)
    for mac, _interface, address in candidates:
        if (address, mac) in answering and address not in found[mac]:
            found[mac].append(address)
    return {mac: sorted(addresses) for mac, addresses in found.items()}


def host_label(hostname):
    """A lease's hostname as one DNS label (its first), or None when nothing is left of it."""
    if not hostname:
        return None
    label = _NOT_LABEL.sub('-', hostname.strip().split('.')[0].lower()).strip('-')[:63].strip('-')
    return label or None


def _names(leases, now, key=lambda address, lease: lease.mac):
    """{key: label} of the live leases with a hostname."""
    names = {}
    for address, lease in sorted(live(leases, now).items()):
        label = host_label(lease.hostname)
        if label and key(address, lease):
            names[key(address, lease)] = label
    return names


def kea_lease_names(text, now):
    """{mac: label} of Kea's DHCPv4 memfile (kea-leases4.csv)."""
    return _names(kea_leases(text), now)


def isc_lease_names(text, now):
    """{mac: label} of ISC dhcpd's dhcpd.leases."""
    return _names(isc_leases(text), now)


def dhcpv6_lease_names(text, now):
    """{address: label} of Kea's DHCPv6 memfile (kea-leases6.csv): names the DHCP server registered."""
    return _names(kea_leases(text), now, key=lambda address, lease: address)


def claimed_names(lease_names, owned, held):
    """Who may use which name: {mac: name} and the log lines of the refusals.

    ``lease_names`` is each MAC's name from its lease; ``owned`` the names the inventory (and
    the router's own) hold; ``held`` {mac: name} the watcher published before. A name two MACs
    claim stays with the one that held it, else goes to none of them.
    """
    by_name = collections.defaultdict(list)
    for mac, name in lease_names.items():
        by_name[name].append(mac)
    names, log = {}, []
    for name, macs in sorted(by_name.items()):
        if name in owned:
            log.append('%s is taken (a host of the inventory, or a DHCPv6 client): %s gets none' % (name, ', '.join(sorted(macs))))
            continue
        holders = [mac for mac in macs if held.get(mac) == name]
        if len(macs) > 1 and not holders:
            log.append('%s is claimed by %s: none of them gets it' % (name, ', '.join(sorted(macs))))
            continue
        winner = holders[0] if holders else macs[0]
        names[winner] = name
        log += ['%s is %s\'s: %s gets none' % (name, winner, mac) for mac in sorted(macs) if mac != winner]
    return names, log


def _pointer(address):
    return ipaddress.IPv6Address(address).reverse_pointer + '.'


def _served(address, prefixes):
    return prefixes is None or any(ipaddress.IPv6Address(address) in prefix for prefix in prefixes)


def _device_records(before, entry, domain, ttl, prefixes=None):
    """What one device's change asks of the zones: its AAAA RRset and a PTR per address."""
    records = []
    if before and (entry is None or entry['name'] != before['name']):
        records.append(dict(name='%s.%s.' % (before['name'], domain), type='AAAA', state='absent'))
    kept = set(entry['addresses']) if entry else set()
    # A PTR of a prefix the LANs no longer have went with its reverse zone.
    records += [dict(name=_pointer(address), type='PTR', state='absent')
                for address in (before or {}).get('addresses', []) if address not in kept and _served(address, prefixes)]
    if entry:
        fqdn = '%s.%s.' % (entry['name'], domain)
        records.append(dict(name=fqdn, type='AAAA', values=entry['addresses'], ttl=ttl))
        records += [dict(name=_pointer(address), type='PTR', values=[fqdn], ttl=ttl) for address in entry['addresses']]
    return records


def _published(entry):
    return (entry['name'], entry['addresses']) if entry else None


def planned_records(found, names, state, now, settings, refresh=False):
    """The records (as the nsupdate module takes them) and the watcher's new state.

    ``found`` {mac: stable addresses present now}; ``names`` {mac: name} (claimed_names);
    ``state`` {mac: {name, addresses, last_seen}} as the last run left it; ``settings`` has
    the ``domain``, the records' ``ttl``, ``forget_after`` (seconds) and the LANs' ``prefixes``
    now (None: every PTR removal is sent). A device named and
    present publishes its addresses now (an address it no longer has, such as one of the
    prefix before a renumbering, goes at once); one unseen keeps its records until
    ``forget_after`` seconds after it was last seen; one that lost its name loses them at once.
    Only changes ask for records, unless ``refresh`` (every device's records again).
    """
    records, new_state = [], {}
    for mac in sorted(set(state) | set(found)):
        before, name = state.get(mac), names.get(mac)
        addresses = [str(address) for address in found.get(mac, [])]
        entry = None
        if name and addresses:
            source = settings.get('sources', {}).get(mac) or (before or {}).get('source') or 'dhcpv4'
            entry = dict(name=name, addresses=addresses, last_seen=now, source=source)
        elif before and before['name'] == name and now - before['last_seen'] < settings['forget_after']:
            entry = before
        if refresh or _published(entry) != _published(before):
            records += _device_records(before, entry, settings['domain'], settings['ttl'], settings.get('prefixes'))
        if entry:
            new_state[mac] = entry
    return records, new_state
