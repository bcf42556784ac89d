# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""The services the site's hosts offer to the Internet (``homelab_site.hosts[].inbound``).

The router opens each by the host, not by an address: over IPv6 to the host's interface id on
its LAN, whatever the prefix (a match on the low 64 bits, which a renumbering does not change),
over IPv4 by a port forward from the uplink to the host's reserved address. This module checks
the description and derives the services (the site plan's ``inbound``), and writes them as the
router's firewall takes them: ip6tables rules for ufw's before6.rules, nftables rules for the
router's NAT44 table.
"""

from __future__ import annotations

import ipaddress

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import shown
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_values import SITE_VARIABLE, as_list, as_mapping, fail

PROTOCOLS = ('tcp', 'udp')
# The low 64 bits of an address: ``-d ::10/::ffff:ffff:ffff:ffff`` matches ::10 in every prefix.
INTERFACE_ID_MASK = '::ffff:ffff:ffff:ffff'
ANYWHERE = {6: '::/0', 4: '0.0.0.0/0'}


def _port(value, path):
    """A port (443) or a range ('60000:60100', first below last), as (first, last)."""
    text = str(value) if isinstance(value, (int, str)) and not isinstance(value, bool) else ''
    parts = text.split(':') if text.count(':') <= 1 else []
    if parts and all(part.isdigit() for part in parts):
        first, last = int(parts[0]), int(parts[-1])
        if 1 <= first <= last <= 65535 and (len(parts) == 1 or first < last):
            return first, last
    fail(path, '%s is not a port (1 to 65535) or a range of them (60000:60100)' % shown(value))


def _sources(value, path):
    """The networks a service is open to, by family; every address when ``from`` is not given.
    A family none of the networks is of gets none: the service is not open over it."""
    if value is None:
        return {6: [ANYWHERE[6]], 4: [ANYWHERE[4]]}
    sources = {6: [], 4: []}
    for index, item in enumerate(value if isinstance(value, list) else [value]):
        where = '%s[%d]' % (path, index) if isinstance(value, list) else path
        try:
            network = ipaddress.ip_network(str(item), strict=False)
        except ValueError:
            fail(where, '%s is not an IP address or network' % shown(item))
        sources[network.version].append(str(network))
    return sources


def _service(value, path, host, lan):
    as_mapping(value, path, ('proto', 'port', 'from', 'ipv4'))
    for key in ('proto', 'port'):
        if key not in value:
            fail(path, 'every inbound service needs a %s' % key)
    if value['proto'] not in PROTOCOLS:
        fail(path + '.proto', '%s is not tcp or udp' % shown(value['proto']))
    first, last = _port(value['port'], path + '.port')
    sources = _sources(value.get('from'), path + '.from')
    ipv4 = value.get('ipv4')
    if ipv4 is not None and not isinstance(ipv4, bool):
        fail(path + '.ipv4', '%s is not true or false' % shown(ipv4))
    if ipv4 and host['ipv4'] is None:
        fail(path + '.ipv4', 'true asks for a port forward over IPv4, and %s has no ipv4 (a reserved address) to forward '
             'to; give it one, or leave ipv4 out' % host['name'])
    forward = host['ipv4'] if (ipv4 is None or ipv4) and host['ipv4'] and sources[4] else None
    return {
        'host': host['name'],
        'lan': lan['name'],
        'interface': lan['interface'],
        'iid': host['iid'],
        'proto': value['proto'],
        'port': str(first) if first == last else '%d:%d' % (first, last),
        'ipv6_from': sources[6],
        'ipv4_from': sources[4] if forward else [],
        'ipv4_forward': forward,
        'path': path,
    }


def _bounds(port):
    """The first and last port of a service's ``port`` (443, or a range 60000:60100)."""
    parts = port.split(':')
    return int(parts[0]), int(parts[-1])


def _no_port_twice(services):
    """One port of the router's IPv4 forwards to one host."""
    for index, service in enumerate(services):
        if not service['ipv4_forward']:
            continue
        first, last = _bounds(service['port'])
        for other in services[:index]:
            other_first, other_last = _bounds(other['port'])
            if other['ipv4_forward'] and other['proto'] == service['proto'] and \
                    other_first <= last and first <= other_last:
                fail(service['path'], '%s port %s of the router\'s IPv4 is already forwarded to %s (%s); one port forwards '
                     'to one host' % (service['proto'], service['port'], other['host'], other['path']))


def inbound_services(site, plan):
    """The inbound services of the description ``site``, as its plan ``plan`` numbers its hosts:
    a dict each, in the order of the hosts and their lists. SiteError names the first wrong value."""
    services = []
    lans = {lan['name']: lan for lan in plan['lans']}
    for index, value in enumerate(as_list(site.get('hosts'), SITE_VARIABLE + '.hosts')):
        if not isinstance(value, dict) or value.get('inbound') is None:
            continue
        path = '%s.hosts[%d].inbound' % (SITE_VARIABLE, index)
        host = plan['hosts'][index]
        if host['iid'] is None or host['lan'] is None:
            missing = 'iid' if host['iid'] is None else 'lan'
            fail(path, '%s has no %s: the router opens a service by the host\'s interface id on its LAN, which stays '
                 'when the ISP renumbers; give %s an iid and a lan' % (host['name'], missing, host['name']))
        for number, service in enumerate(as_list(value['inbound'], path)):
            services.append(_service(service, '%s[%d]' % (path, number), host, lans[host['lan']]))
    _no_port_twice(services)
    return [{key: value for key, value in service.items() if key != 'path'} for service in services]


def _served(services, lans):
    names = {lan['name'] for lan in lans}
    return [service for service in services if service['lan'] in names]


def ip6tables_rules(services, uplink):
    """The ip6tables rules (ufw's before6.rules syntax) that let new connections from the
    ``uplink`` reach each service at its host's interface id on its LAN, in any prefix."""
    rules = []
    for service in services:
        for source in service['ipv6_from']:
            rules.append('-A ufw6-before-forward -i %s -o %s -p %s%s -d %s/%s --dport %s -m conntrack --ctstate NEW -j ACCEPT'
                         % (uplink, service['interface'], service['proto'],
                            '' if source == ANYWHERE[6] else ' -s %s' % source,
                            service['iid'], INTERFACE_ID_MASK, service['port']))
    return rules


def _nft_set(items):
    return items[0] if len(items) == 1 else '{ %s }' % ', '.join(items)


def nat44_rules(services, lan_networks):
    """The nftables rules of the router's IPv4 port forwards, for its NAT44 table: ``prerouting``
    sends a new connection to any address of the router that is not on a LAN (its uplink's,
    whatever the ISP gave it) to the host; ``postrouting`` masquerades a LAN client that used
    that address (NAT hairpinning), so the host's answer comes back through the router."""
    rules = {'prerouting': [], 'postrouting': []}
    for service in services:
        if not service['ipv4_forward']:
            continue
        port = service['port'].replace(':', '-')
        sources = [] if service['ipv4_from'] == [ANYWHERE[4]] else service['ipv4_from']
        rules['prerouting'].append(
            'fib daddr type local%s%s %s dport %s dnat to %s'
            % (' ip daddr != %s' % _nft_set(lan_networks) if lan_networks else '',
               ' ip saddr %s' % _nft_set(sources) if sources else '', service['proto'], port, service['ipv4_forward']))
        if lan_networks:
            rules['postrouting'].append('ip saddr %s ip daddr %s %s dport %s ct status dnat masquerade'
                                        % (_nft_set(lan_networks), service['ipv4_forward'], service['proto'], port))
    return rules


def ipv4_route_rules(services):
    """The routed IPv4 of the port forwards, as rules for homelab.ipv6.firewall_rules: to the
    host's address and port, out on its LAN, from the uplink or (hairpinning) from a LAN."""
    return [{'route': True, 'family': 'ipv4', 'interface_out': service['interface'], 'proto': service['proto'],
             'to_ip': service['ipv4_forward'], 'to_port': service['port'],
             'from_ip': service['ipv4_from'],
             'comment': 'inbound %s %s to %s' % (service['proto'], service['port'], service['host'])}
            for service in services if service['ipv4_forward']]


def _clashes(service, proto, port):
    first, last = _bounds(service['port'])
    return service['ipv4_forward'] and service['proto'] == proto and first <= port <= last


def router_inbound(services, lans, uplink, ipv6_uplink=None, ssh_port=0):
    """What the router that serves ``lans`` writes for the inbound services of its LANs: the
    ip6tables rules from ``ipv6_uplink`` (the uplink unless IPv6 comes in elsewhere, such as a 6rd
    tunnel), the NAT44 rules and the routed IPv4 rules; and ``problem``, the sentence saying why it
    cannot ('' when it can): a port forward of the port that SSH to the router itself uses."""
    served = _served(services, lans)
    networks = [lan['ipv4'] for lan in lans if lan['ipv4']]
    problem = ''
    clash = next((service for service in served if ssh_port and _clashes(service, 'tcp', int(ssh_port))), None)
    if clash:
        problem = ('homelab_site.hosts: %s\'s inbound tcp %s forwards port %s of the router\'s IPv4, which '
                   'router_firewall_ssh_port keeps for SSH to the router itself; forward another port, or set ipv4: '
                   'false on that service' % (clash['host'], clash['port'], ssh_port))
    return {
        'services': served,
        'ip6tables': ip6tables_rules(served, ipv6_uplink or uplink) if uplink or ipv6_uplink else [],
        'nat44': nat44_rules(served, networks) if uplink else {'prerouting': [], 'postrouting': []},
        'ipv4_routes': ipv4_route_rules(served) if uplink else [],
        'problem': problem,
    }
