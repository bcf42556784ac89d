# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""What the roles ask of a site plan: the LANs a role serves, the zones, a host's entry, the
records of the site's hosts and the router's fixed addresses. Each checks that it was given
a plan (or plan LANs) and names the argument when it was not."""

from __future__ import annotations

import ipaddress

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import format_address, parse_address, parse_network, shown
from ansible_collections.homelab.ipv6.plugins.module_utils._core.reverse_dns import ptr_name
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import checked_plan, plan_lans
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_values import (
    SITE_VARIABLE,
    address_in,
    as_list,
    checked,
    fail,
    interface_id,
    unique_list,
)


def short_name(hostname, path='hostname'):
    """How an inventory host name is matched to a site host's name: its first label, lower-cased."""
    if not isinstance(hostname, str) or not hostname:
        fail(path, 'expected a host name, got %s' % shown(hostname))
    return hostname.split('.')[0].lower()


def site_host(plan, hostname):
    """The plan's host entry of an inventory host, or None.

    The one rule by which every role finds itself in ``homelab_site.hosts``: the entry named
    by the inventory host name's first label in lower case, so that ``gw``, ``GW`` and
    ``gw.home.arpa`` in an inventory are all the site host ``gw``.
    """
    short = short_name(hostname)
    return next((host for host in checked_plan(plan)['hosts'] if host['name'] == short), None)


def inventory_host(name, hostnames):
    """The inventory host (of ``hostnames``) that is the site host ``name``, by the rule of
    :func:`site_host`; None when ``name`` is None or no inventory host is that site host."""
    if name is None:
        return None
    short = short_name(name, 'name')
    for index, hostname in enumerate(as_list(hostnames, 'hostnames')):
        if short_name(hostname, 'hostnames[%d]' % index) == short:
            return hostname
    return None


def router_interface_id(plan, hostname):
    """The fixed interface id a router takes on its LANs and its uplink: the ``iid`` of its
    site host entry (:func:`site_host`), else ``::1``."""
    host = site_host(plan, hostname)
    return host['iid'] if host and host['iid'] else '::1'


def served_lans(plan, names, path, interfaces=None, hostname='this host'):
    """The plan's LANs named in ``names``, in the plan's order: the LANs a role serves.

    ``names`` is the role variable the user set, ``path`` its name for the message. With
    ``interfaces`` (the host's, from its facts), a LAN whose interface the host lacks fails
    too, naming ``hostname``.
    """
    known = [lan['name'] for lan in checked_plan(plan)['lans']]
    for index, name in enumerate(as_list(names, path)):
        if name not in known:
            fail('%s[%d]' % (path, index), '%s is not a LAN of %s.lans (it has %s)'
                 % (shown(name), SITE_VARIABLE, ', '.join(known) or 'none'))
    lans = [lan for lan in plan['lans'] if lan['name'] in names]
    if interfaces is not None:
        present = as_list(interfaces, 'interfaces')
        for lan in lans:
            if lan['interface'] not in present:
                fail('%s.lans[%d].interface' % (SITE_VARIABLE, known.index(lan['name'])),
                     'LAN %s is on %s, which %s does not have (it has %s)'
                     % (lan['name'], lan['interface'], hostname, ', '.join(sorted(present))))
    return lans


def lan_networks(lans, ipv4_mapped=False):
    """Every network of ``lans`` (plan LANs): their /64s, then their IPv4 subnets, then with
    ``ipv4_mapped`` those subnets as a dual-stack socket sees them (``::ffff:a.b.c.d/120``)."""
    lans = plan_lans(lans)
    networks = [prefix for lan in lans for prefix in lan['prefixes']]
    networks += [lan['ipv4'] for lan in lans if lan['ipv4']]
    if ipv4_mapped:
        networks += [lan['ipv4_mapped'] for lan in lans if lan['ipv4_mapped']]
    return networks


def served_networks(lans, ipv4_mapped=False):
    """The networks whose clients the resolvers of ``lans`` (plan LANs) answer: the LANs' own
    (``lan_networks``), then the prefixes they delegate to the routers behind them, whose VMs
    and containers ask the same resolvers."""
    delegated = [pool['prefix'] for lan in plan_lans(lans) for pool in lan.get('pd_pools') or ()]
    return lan_networks(lans, ipv4_mapped) + delegated


def site_zones(plan, gua_reverse=False):
    """The zones of the site, without trailing dots: the domain, then the reverse zones of
    the ULA and the IPv4 subnets, and with ``gua_reverse`` those of the upstream prefix."""
    reverse = checked_plan(plan)['reverse_zones'] + (plan['gua_reverse_zones'] if gua_reverse else [])
    return [plan['domain']] + unique_list([zone.rstrip('.') for zone in reverse])


def lan_addresses(plan, addresses):
    """The ``addresses`` that are in one of the plan's LANs (ULA or GUA prefix, IPv4 subnet).

    Sorted, IPv4 first, as RFC 5952 text; a server listens on these and not on its uplink.
    """
    networks = [ipaddress.ip_network(network) for network in lan_networks(checked_plan(plan)['lans'])]
    found = set()
    for index, value in enumerate(as_list(addresses, 'addresses')):
        address = checked('addresses[%d]' % index, parse_address, value)
        if any(address in network for network in networks):
            found.add(address)
    return [format_address(address) for address in sorted(found, key=lambda a: (a.version, int(a)))]


def host_records(plan, reverse_zones=None):
    """DNS records of the plan's hosts, for the nsupdate module: AAAA (ULA and GUA) and A of
    each host's fixed addresses under the domain, and the PTR of every address whose reverse
    name is in one of ``reverse_zones`` (the reverse zones the server holds). Names absolute.
    """
    zones = ['.' + zone.rstrip('.').lower() + '.' for zone in as_list(reverse_zones or [], 'reverse_zones')]
    records = []
    for host in checked_plan(plan)['hosts']:
        owner = '%s.%s.' % (host['name'], plan['domain'])
        for rdtype, addresses in (('AAAA', [host['ula_address'], host['gua_address']]), ('A', [host['ipv4']])):
            addresses = [address for address in addresses if address]
            if not addresses:
                continue
            records.append({'name': owner, 'type': rdtype, 'values': addresses})
            for address in addresses:
                reverse = ptr_name(address)
                if any(reverse.endswith(zone) for zone in zones):
                    records.append({'name': reverse, 'type': 'PTR', 'values': [owner]})
    return records


def fixed_address(prefix, identifier, path='iid'):
    """The address with the fixed interface id ``identifier`` (``::100``) in a /64 ``prefix``."""
    network = checked('prefix', parse_network, prefix, 6)
    if network.prefixlen != 64:
        fail('prefix', '%s is a /%d; fixed interface ids go into a /64' % (shown(prefix), network.prefixlen))
    return address_in(network, interface_id(identifier, path))


ROUTER_ADDRESSES_HEADER = ('# The fixed addresses of the router on its LANs, one "interface address/length" a line: written\n'
                           '# by homelab.ipv6 (the router role, and its prefix follower when the ISP changes the prefix).\n')


def router_addresses(lans, identifier):
    """The text of the router's wanted-addresses file: for each of ``lans`` (plan LANs), the
    router's IPv4 address on it (``eth1 192.168.1.1/24``) and its fixed ``identifier`` (its
    token, such as ``::1``) in every prefix (``eth1 fd..::1/64``), a line each. The router role
    and its prefix follower both write it, and the address script reads it."""
    lines = []
    for lan in plan_lans(lans):
        if lan.get('ipv4_router'):
            lines.append('%s %s/%s' % (lan['interface'], lan['ipv4_router'], lan['ipv4'].split('/')[1]))
        lines += ['%s %s/64' % (lan['interface'], fixed_address(prefix, identifier, 'router_interface_id'))
                  for prefix in lan['prefixes']]
    return ROUTER_ADDRESSES_HEADER + ''.join(line + '\n' for line in lines)


def slaac_token(plan, hostname):
    """What the inventory host ``hostname`` forms by SLAAC with its plan's interface id, or None
    when its site host entry (:func:`site_host`) has no ``iid`` or no LAN.

    The host sets the ``iid`` as its token (RFC 7217's stable addresses and EUI-64 step aside for
    it), so that in each prefix its LAN advertises with the A flag it holds the address the plan
    publishes in DNS. ``networks`` are the LAN's prefixes and IPv4 subnet, by which the host's
    interface on that LAN is found; ``addresses`` those the host forms (none on a ``stateful``
    LAN, the GUA alone on a ``hybrid`` one, whose ULA address comes from DHCPv6).
    """
    host = site_host(plan, hostname)
    if host is None or host['iid'] is None or host['lan'] is None:
        return None
    lan = next(lan for lan in plan['lans'] if lan['name'] == host['lan'])
    identifier = interface_id(host['iid'], 'iid')
    return {
        'name': host['name'],
        'token': host['iid'],
        'lan': lan['name'],
        'networks': lan_networks([lan]),
        'addresses': [address_in(prefix, identifier) for prefix in lan['slaac_prefixes']],
    }
