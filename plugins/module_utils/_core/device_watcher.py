# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""The device watcher: a service on the DHCP server that names the devices of its SLAAC LANs.

Every ``interval`` seconds it reads the LANs' prefixes from the host's own addresses (so a
renumbering moves the names with the rest of the network), the IPv6 neighbours, and the
DHCPv4 leases; asks each device seen by its link-local address for its stable address in
each prefix (a datagram to the discard port makes the kernel ask by neighbour discovery; the
next round reads the answer); and sends the records device_names plans as updates signed
with its own key, which BIND lets change AAAA and PTR records alone.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import subprocess
import sys
import time

from ansible_collections.homelab.ipv6.plugins.module_utils._core.device_names import (
    claimed_names,
    dhcpv6_lease_names,
    isc_lease_names,
    kea_lease_names,
    lan_prefixes,
    parse_neighbours,
    planned_records,
    present,
    stable_candidates,
)
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.apply import apply_records
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.dnspython import dns
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.errors import DnsUpdateError
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.key_file import parse_key_file
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.primary import Primary
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.records import wanted_records
from ansible_collections.homelab.ipv6.plugins.module_utils._core.files import fact_text
from ansible_collections.homelab.ipv6.plugins.module_utils._core.mdns_names import ask_name, mdns_label

CONFIG = '/etc/homelab-ipv6/device-names.json'
# The defaults of the settings the role writes there (see the dhcp46 role's argument spec).
DEFAULTS = dict(interval=10, ttl=120, forget_after=86400, refresh_every=30, retry_every=6, server='::1', port=53, owned=[],
                mdns_interfaces=[], mdns_every=60, state='/var/lib/homelab-ipv6/device-names.json')
LEASE_READERS = dict(kea=kea_lease_names, isc=isc_lease_names)
DISCARD_PORT = 9
ULA = ipaddress.IPv6Network('fc00::/7')
# Kept among what a round said, when it could not send its records.
FAILED = 'the records were not sent'
# Kept among what a round said while PTRs wait for their reverse zone: after a boot or a renumbering the
# resolver may take the new prefix's zone after the watcher's first round, so every retry_every rounds
# until then all the records are sent again (not only the changes).
WAITING = 'PTRs wait for their reverse zone'


def _read(path, default=''):
    try:
        with open(path, encoding='utf-8') as handle:
            return handle.read()
    except FileNotFoundError:
        return default


def _command(argv):
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout


def probe(addresses):
    """One datagram to each address's discard port: the kernel resolves the neighbour first."""
    with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as sender:
        for address in addresses:
            try:
                sender.sendto(b'', (str(address), DISCARD_PORT))
            except OSError:
                # No route (a prefix that just left): nothing to ask.
                continue


class MdnsAsker:
    """Asks a device for its mDNS name at most every ``every`` seconds: a device with no
    responder costs one unanswered datagram a minute, not one a round."""

    def __init__(self, every, ask=ask_name):
        self.every, self.ask, self.asked = every, ask, {}

    def __call__(self, mac, addresses, interface, now):
        when, label = self.asked.get(mac, (None, None))
        if when is None or now - when >= self.every:
            label = None
            # avahi answers a unicast question at the one address it speaks from: each address in
            # turn, the ULA first (the kind a home's responders prefer), until one answers.
            for address in sorted(addresses, key=lambda address: (address not in ULA, address.is_link_local, address)):
                label = mdns_label(self.ask(address, address, interface, sources=addresses))
                if label:
                    break
            self.asked[mac] = (now, label)
        return label


def _mdns_names(config, found, neighbours, unnamed, ask, now):
    """{mac: label} of the present devices in ``unnamed`` on an mDNS LAN that answered: each is
    asked at a stable address it has just answered for from its own MAC, and may reply from any
    of its addresses (avahi replies from the one it speaks from)."""
    names = {}
    for neighbour in neighbours:
        if (neighbour.mac in unnamed and neighbour.mac in found and neighbour.address.is_link_local
                and neighbour.interface in config['mdns_interfaces'] and neighbour.mac not in names):
            label = ask(neighbour.mac, found[neighbour.mac] + [neighbour.address], neighbour.interface, now)
            if label:
                names[neighbour.mac] = label
    return names


def _confirmed(config, names, held, sources, lookup):
    """The names of ``names`` that may be published: those held already, a lease's name once the
    DHCP server registered it (its A answers: an AAAA first would make the DHCP server's
    conflict check, RFC 4703, refuse its own client's name), an mDNS name while nobody has it."""
    kept = {}
    for mac, name in names.items():
        fqdn = '%s.%s.' % (name, config['domain'])
        if held.get(mac) == name:
            kept[mac] = name
        elif sources.get(mac) == 'mdns':
            if not lookup(fqdn, 'A') and not lookup(fqdn, 'AAAA'):
                kept[mac] = name
        elif lookup(fqdn, 'A'):
            kept[mac] = name
    return kept


def look(config, state, now, read=_command, refresh=False, ask=None, lookup=None):
    """One round: the records to send, the new state, the log lines, and the addresses to ask.
    ``ask`` (an MdnsAsker) asks the devices with no DHCPv4 name for their mDNS name; ``lookup``
    (name, type) -> the values the resolver has, which a new name is checked against."""
    prefixes = lan_prefixes(read(['ip', '-json', '-6', 'address', 'show']), config['interfaces'])
    neighbours = parse_neighbours(read(['ip', '-json', '-6', 'neighbour', 'show']))
    candidates = stable_candidates(neighbours, prefixes)
    found = present(candidates, neighbours)
    held = {mac: entry['name'] for mac, entry in state.items()}
    leases = LEASE_READERS[config['leases']['format']](_read(config['leases']['path']), now)
    unnamed = set(found) - set(leases) - set(held)
    mdns = _mdns_names(config, found, neighbours, unnamed, ask, now) if ask and config['mdns_interfaces'] else {}
    # A DHCPv6 client's name is its own (the DHCP server registered it): none of these takes it.
    owned = set(config['owned']) | set(dhcpv6_lease_names(_read(config['leases'].get('path6', '')), now).values())
    # The devices of the watched LANs alone: a lease of another LAN is no business of this round.
    here = set(found) | set(held)
    claims = {mac: name for mac, name in dict(held, **mdns, **leases).items() if mac in here}
    names, log = claimed_names(claims, owned, held)
    sources = dict({mac: 'mdns' for mac in mdns}, **{mac: 'dhcpv4' for mac in leases})
    if lookup is not None:
        names = _confirmed(config, names, held, sources, lookup)
    settings = dict(config, prefixes=[prefix for lan in prefixes.values() for prefix in lan], sources=sources)
    records, new_state = planned_records(found, names, state, now, settings, refresh)
    return records, new_state, log, [address for _mac, _interface, address in candidates]


def _question(name, rdtype):
    """A question for what the server holds itself: no recursion."""
    question = dns.message.make_query(name, rdtype)
    question.flags &= ~dns.flags.RD
    return question


def _holds(primary, name):
    """Whether the server holds the zone of ``name`` itself (an authoritative answer, asked
    without recursion): a resolver that leaves a reverse zone to the ISP has no PTR to write."""
    owner = dns.name.from_text(name)
    answer = primary.exchange(_question(owner, dns.rdatatype.SOA), owner, 'asking whether the server holds the zone of %s' % name)
    return bool(answer.flags & dns.flags.AA) and answer.rcode() in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN)


def send(config, records):
    """The records as updates signed with the watcher's key (a PTR only where the server holds
    its reverse zone): the number of RRsets changed, and of PTRs left out for their zone."""
    if not records:
        return 0, 0
    key = parse_key_file(_read(config['key_file']), config['key_name'], source='the key file %s' % config['key_file'])
    with Primary(config['server'], port=config['port'], key=key) as primary:
        held = [record for record in records if record['type'] != 'PTR' or _holds(primary, record['name'])]
        changes = apply_records(primary, wanted_records(held, default_ttl=config['ttl']))
    return sum(len(zone_changes) for zone_changes in changes.values()), len(records) - len(held)


def resolver_lookup(config):
    """(name, type) -> the values the resolver answers, asked without recursion ([] for none)."""
    def lookup(name, rdtype):
        try:
            answer = dns.query.udp(_question(name, rdtype), config['server'], port=config['port'], timeout=2)
        except (dns.exception.DNSException, OSError):
            return []
        return [rdata.to_text() for rrset in answer.answer for rdata in rrset]
    return lookup


def _log(line):
    sys.stderr.write('homelab-ipv6-device-names: %s\n' % line)
    sys.stderr.flush()


def _save(path, state):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = path + '.new'
    with open(temporary, 'w', encoding='utf-8') as handle:
        handle.write(fact_text(state))
    os.replace(temporary, path)


def run_round(config, state, number, now, said, ask=None, world=None):
    """Look, send, and say what changed (a refusal once, not every round; a round that gets
    through after one that failed); the state to keep (the old one when sending failed) and
    what this round said. Every ``refresh_every`` rounds it sends every device's records, not
    only the changes, and every ``retry_every`` while PTRs wait for their zone. ``world``
    replaces what the round reads, sends and asks with (``read``, ``send``, ``probe``, ``log``),
    for a test."""
    world = dict(dict(read=_command, send=send, probe=probe, log=_log, lookup=resolver_lookup(config)), **(world or {}))
    refresh = number % config['refresh_every'] == 0 or (WAITING in said and number % config['retry_every'] == 0)
    records, new_state, log, asking = look(config, state, now, read=world['read'], refresh=refresh, ask=ask,
                                           lookup=world['lookup'])
    for line in log:
        if line not in said:
            world['log'](line)
    # What the next round must know beyond the log: that this one failed, that PTRs still wait
    # (a round that sent only changes cannot tell whether they still do).
    carried = {WAITING} & said if not refresh else set()
    try:
        changed, waiting = world['send'](config, records)
    except (DnsUpdateError, OSError) as error:
        world['log']('the records were not sent (%s); the next round tries again' % (error,))
        new_state, carried = state, {FAILED} | ({WAITING} & said)
    else:
        if waiting:
            carried.add(WAITING)
        if FAILED in said:
            # The round before failed: say that this one got through, changes or none.
            world['log']('the records are up to date again')
        if changed:
            devices = sorted({record['name'] for record in records if record['type'] == 'AAAA'})
            world['log']('%d RRset%s changed, among the records of %s' % (changed, '' if changed == 1 else 's', ', '.join(devices)))
    world['probe'](asking)
    return new_state, set(log) | carried


def main():
    """The service's entry point (its unit runs it with the collection's core package)."""
    config = dict(DEFAULTS, **json.loads(_read(CONFIG, '{}')))
    state = json.loads(_read(config['state'], '{}'))
    number, said, ask = 0, set(), MdnsAsker(config['mdns_every'])
    while True:
        new_state, said = run_round(config, state, number, time.time(), said, ask)
        if new_state != state:
            _save(config['state'], new_state)
            state = new_state
        number += 1
        time.sleep(config['interval'])
