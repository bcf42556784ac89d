# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""What the home resolver's BIND is given for a site plan: its files and its records.

The ``dns_bind`` role (through the ``bind_files`` filter) and the router's prefix follower
both derive them here from the plan and the role's settings, so that a new prefix from the
ISP gives the same files and records whether a converge or the follower writes them.
"""

from __future__ import annotations

from ansible_collections.homelab.ipv6.plugins.module_utils._core.bind_config import (
    RESOLVER_ARPA,
    local_config,
    options_config,
    zone_file,
)
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_queries import host_records, lan_networks, served_networks, site_host, site_zones

# The settings, as the dns_bind role's variables name them without the dns_bind_ prefix;
# server_addresses are the server's own fixed LAN addresses (from its facts).
SETTINGS = {
    'listen_addresses': None,
    'forwarders': [],
    'forward': 'first',
    'dnssec_validation': 'auto',
    'key_file': '/etc/bind/homelab-ddns.key',
    'key_name': 'homelab-ddns',
    'key_algorithm': 'hmac-sha256',
    'zone_dir': '/var/lib/bind',
    'gua_reverse': True,
    'ttl': 3600,
    'server_name': None,
    'server_addresses': [],
    # The device watcher's key (dhcp46's device names): AAAA and PTR records only, never the inventory's.
    'device_key_file': None,
    'device_key_name': 'homelab-devices',
}


def _previous_prefixes(plan):
    """The prefix the ISP delegated before the current one, while a DHCPv6-PD site has one."""
    previous = (plan.get('gua_delegation') or {}).get('previous')
    return [previous] if previous and previous != plan.get('gua') else []


def _fact(settings, domain, zones, device_key):
    fact = {'key': {'name': settings['key_name'], 'algorithm': settings['key_algorithm'], 'file': settings['key_file']},
            'domain': domain, 'zones': zones}
    if device_key:
        # The names in the domain the device key may not touch, for the watcher to leave alone.
        suffix = '.%s.' % domain
        fact['device_key'] = {'name': device_key['name'], 'algorithm': settings['key_algorithm'], 'file': device_key['file'],
                              'protected_names': sorted({name[:-len(suffix)] for name in device_key['protected']
                                                         if name.endswith(suffix)})}
    return fact


def bind_files(plan, settings=None):
    """The resolver's files and records for ``plan``: ``options`` and ``local`` (the text of
    named.conf.options and named.conf.local), ``zones`` (the domain first), ``zone_files`` (each
    zone's first file), ``static_zone_files`` (the files of the zones no update changes, by zone:
    resolver.arpa's, empty), ``records`` (the site's hosts and the server's own name, for nsupdate)
    and ``fact`` (what the resolver offers the roles that update or forward to its zones, kept as
    the local fact homelab_dns_bind by the role and by the prefix follower alike)."""
    settings = dict(SETTINGS, **(settings or {}))
    domain = plan['domain']
    zones = site_zones(plan, settings['gua_reverse'])
    server_fqdn = '%s.%s' % (settings['server_name'], domain)
    listen = settings['listen_addresses']
    if listen is None:
        # On the dns64 LANs the dns64_nat64 role's unbound answers on port 53, over IPv6: their
        # IPv4 (an IPv6-mostly LAN's older devices, sent here by DHCPv4) is named's.
        listen = lan_networks([lan for lan in plan['lans'] if not lan['dns64']])
        listen += [lan['ipv4'] for lan in plan['lans'] if lan['dns64'] and lan['ipv4']]
    # The server's own name: when the site's hosts name it, their planned addresses (which
    # nsupdate keeps); else its fixed LAN addresses, or the single listen addresses.
    own = settings['server_addresses'] or [address for address in settings['listen_addresses'] or []
                                           if '/' not in address]
    site_server = site_host(plan, settings['server_name'])
    if site_server is not None:
        zone_addresses = [address for address in (site_server['ula_address'], site_server['gua_address'],
                                                  site_server['ipv4']) if address]
        server_records = []
    else:
        zone_addresses = own
        server_records = [record for record in (
            {'name': server_fqdn + '.', 'type': 'AAAA', 'values': [a for a in own if ':' in a]},
            {'name': server_fqdn + '.', 'type': 'A', 'values': [a for a in own if ':' not in a]},
        ) if record['values']]
    records = host_records(plan, zones[1:]) + server_records
    device_key = None
    if settings['device_key_file']:
        protected = sorted({record['name'] for record in records} | ({server_fqdn + '.'} if settings['server_name'] else set()))
        device_key = {'file': settings['device_key_file'], 'name': settings['device_key_name'], 'protected': protected}
    return {
        'options': options_config(served_networks(plan['lans'], True), listen, settings['forwarders'],
                                  settings['forward'], settings['dnssec_validation'], _previous_prefixes(plan)),
        'local': local_config(zones, settings['key_file'], settings['key_name'], settings['zone_dir'], device_key),
        'zones': zones,
        'zone_files': {zone: zone_file(zone, domain, server_fqdn, settings['ttl'], zone_addresses,
                                       settings['server_name']) for zone in zones},
        'static_zone_files': {RESOLVER_ARPA: zone_file(RESOLVER_ARPA, domain, server_fqdn, settings['ttl'])},
        'records': records,
        'fact': _fact(settings, domain, zones, device_key),
    }
