# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""The site description every role reads: checked once, then expanded into a plan.

The inventory writes each fact once (the ULA, the domain, a LAN's subnet id, a host's
interface id). ``site_plan`` checks it and derives everything the roles need from it: each
LAN's ULA and GUA /64, its router advertisement flags, and each host's addresses. Errors
name the inventory path of the bad value (``homelab_site.lans[1].mode``).
"""

from __future__ import annotations

import ipaddress

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import (
    format_address,
    format_mixed,
    format_network,
    parse_address,
    parse_network,
    shown,
)
from ansible_collections.homelab.ipv6.plugins.module_utils._core.downstream import delegated_length, plan_pools
from ansible_collections.homelab.ipv6.plugins.module_utils._core.eui64 import format_mac, parse_mac
from ansible_collections.homelab.ipv6.plugins.module_utils._core.inbound import inbound_services
from ansible_collections.homelab.ipv6.plugins.module_utils._core.nat64 import WELL_KNOWN_PREFIX, nat64_prefix
from ansible_collections.homelab.ipv6.plugins.module_utils._core.reverse_dns import covering_reverse_zones, lan_reverse_zones
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_values import (
    SITE_VARIABLE,
    address_in,
    as_list,
    as_mapping,
    checked,
    domain_name,
    fail,
    host_name,
    interface_id,
    interface_name,
    plain_name,
    unique_list,
)
from ansible_collections.homelab.ipv6.plugins.module_utils._core.ula import site_ula, subnet

# RFC 4861 section 4.2 flags by LAN addressing mode, which prefixes carry the A flag
# (SLAAC), and where DHCPv6 leases addresses. A DHCPv6 server grants one address per IA_NA
# (RFC 8415 section 6.6; Kea and dhcpd alike) and the clients people run (Windows,
# systemd-networkd, NetworkManager, dhcpcd) ask for one, so a stateful LAN leases in one
# prefix: the GUA, which reaches the Internet, else the ULA.
MODES = {
    # Addresses and options from the RA alone (RDNSS/DNSSL, RFC 8106).
    'slaac': {'managed': False, 'other': False, 'slaac': 'all', 'dhcpv6': None},
    # Addresses only from DHCPv6 (M=1, A=0), with a name each: in the GUA when the site has one.
    'stateful': {'managed': True, 'other': True, 'slaac': 'none', 'dhcpv6': 'gua'},
    # An IPv6-only LAN: SLAAC addresses, options from stateless DHCPv6 (O=1).
    'stateless': {'managed': False, 'other': True, 'slaac': 'all', 'dhcpv6': None},
    # A home server's LAN: the GUA by SLAAC (it follows the ISP on its own), the ULA by DHCPv6 (a stable
    # address with a name, for the home's own traffic).
    'hybrid': {'managed': True, 'other': True, 'slaac': 'gua', 'dhcpv6': 'ula'},
}


DEFAULT_MODE = 'slaac'


GLOBAL_UNICAST = ipaddress.IPv6Network('2000::/3')


# The shortest prefix a site may call its own: an ISP delegates a /48 to a /64 to a home,
# an RIR allocates a /32 to an ISP. Anything shorter would claim other networks' reverse
# zones (2000::/3 is 2.ip6.arpa, for BIND).
_SHORTEST_GUA = 32


# An IPv4 LAN needs a network address, a broadcast address and at least two hosts.
_LONGEST_IPV4_LAN = 30


# homelab_site.gua: dhcpv6-pd says the ISP delegates the prefix (RFC 8415 section 6.3);
# gua_length is the length the router asks for, a hint the ISP may not follow. A /56 is
# what RIPE-690 and most home lines hand out; a /48 is the longest request that makes sense.
PREFIX_DELEGATION = 'dhcpv6-pd'


DEFAULT_DELEGATION_LENGTH = 56


_DELEGATION_LENGTHS = range(48, 65)


def _lan_ipv4(value, path):
    """The LAN's IPv4 subnet and the router's address in it: ``192.168.1.0/24`` gives the router
    the first host, ``192.168.1.254/24`` (an interface address, as ifupdown and networkd write
    one) gives it that address."""
    if isinstance(value, str) and '/' in value:
        try:
            interface = ipaddress.IPv4Interface(value.strip())
        except ValueError:
            interface = None
        if interface is not None and interface.ip != interface.network.network_address:
            network = _lan_ipv4_network(str(interface.network), value, path)
            if interface.ip == network.broadcast_address:
                fail(path, '%s gives the router the broadcast address of %s; write the router\'s own address, '
                     'such as %s/%d' % (shown(value), network, network.network_address + 1, network.prefixlen))
            return network, interface.ip
    network = _lan_ipv4_network(value, value, path)
    return network, network.network_address + 1


def _lan_ipv4_network(text, value, path):
    network = checked(path, parse_network, text, 4)
    special = next((what for what, test in (
        ('a multicast range', network.is_multicast), ('loopback', network.is_loopback),
        ('link-local', network.is_link_local), ('reserved (240.0.0.0/4)', network.is_reserved),
        ('the unspecified network', network.network_address.is_unspecified)) if test), None)
    if special:
        fail(path, '%s is %s, not a LAN subnet; use a private one such as 192.168.1.0/24' % (shown(value), special))
    if network.prefixlen > _LONGEST_IPV4_LAN:
        fail(path, '%s is a /%d, which has no room for hosts; a LAN subnet is at most a /%d, such as 192.168.1.0/24'
             % (shown(value), network.prefixlen, _LONGEST_IPV4_LAN))
    return network


def default_ipv4_pool(network):
    """The host numbers DHCPv4 leases on a LAN whose description names no pool: 100 to 199 in a
    /24 or larger, as home routers do; in a smaller subnet its upper half, without the broadcast
    address (a /26: 32 to 62)."""
    size = network.num_addresses
    if size >= 256:
        return [100, 199]
    return [size // 2, size - 2]


def _lan_ipv4_pool(value, path, network, router):
    """The first and last address DHCPv4 leases on the LAN, from ``lans[].ipv4_pool`` ([first, last]
    host numbers) or :func:`default_ipv4_pool`; the router's address is never in it."""
    hosts = network.num_addresses - 2
    given = value.get('ipv4_pool')
    if given is None:
        first, last = default_ipv4_pool(network)
        if network.network_address + first <= router <= network.network_address + last:
            fail(path + '.ipv4', 'the router\'s address %s is in the DHCPv4 pool the LAN gets by default (hosts %d to '
                 '%d of %s); give the router another address, or set %s.ipv4_pool to [first, last] host numbers '
                 'that leave it out' % (router, first, last, network, path))
        return [str(network.network_address + first), str(network.network_address + last)]
    path += '.ipv4_pool'
    if not isinstance(given, list) or len(given) != 2 or not all(
            isinstance(number, int) and not isinstance(number, bool) for number in given):
        fail(path, '%s is not a pool; write [first, last] host numbers of %s, such as [%d, %d]'
             % (shown(given), network, *default_ipv4_pool(network)))
    first, last = given
    if not 1 <= first <= last <= hosts:
        fail(path, '%s does not fit %s, whose hosts are 1 to %d; write [first, last] with the first not above the last'
             % (shown(given), network, hosts))
    if network.network_address + first <= router <= network.network_address + last:
        fail(path, '%s holds the router\'s address %s (host %d); leave it out of the pool'
             % (shown(given), router, int(router) - int(network.network_address)))
    return [str(network.network_address + first), str(network.network_address + last)]


def _ipv6_mostly(value, path, ipv4, dns64):
    """Whether the LAN is IPv6-mostly (RFC 8925): its DHCPv4 tells the devices that can do without
    IPv4 to go without, and they reach IPv4 through their CLAT (RFC 6877) and the site's NAT64, so
    the LAN needs the NAT64's DNS64 and the IPv4 subnet its older devices still get."""
    flag = _flag(value, 'ipv6_mostly', path)
    path += '.ipv6_mostly'
    if flag and ipv4 is None:
        fail(path, 'true needs an ipv4 subnet on the LAN, which its older devices still take (a LAN '
             'without IPv4 at all is IPv6-only: dns64: true alone)')
    if flag and not dns64:
        fail(path, 'true needs dns64: true on the LAN (it has %s): the devices that go without IPv4 reach '
             'it through the NAT64 and its DNS64' % shown(dns64))
    return flag


def _flag(value, key, path):
    flag = value.get(key, False)
    if not isinstance(flag, bool):
        fail('%s.%s' % (path, key), '%s is not true or false' % shown(flag))
    return flag


def _reaches(value, path):
    """The names in ``reaches`` as written (checked against the LANs once all are read)."""
    names = as_list(value.get('reaches', []), path + '.reaches')
    for index, name in enumerate(names):
        if not isinstance(name, str):
            fail('%s.reaches[%d]' % (path, index), '%s is not the name of a LAN' % shown(name))
    return unique_list(names)


def _check_reaches(lans, lans_path):
    names = [lan['name'] for lan in lans]
    for index, lan in enumerate(lans):
        for position, name in enumerate(lan['reaches']):
            if name == lan['name']:
                fail('%s[%d].reaches[%d]' % (lans_path, index, position),
                     '%s is this LAN itself; its devices reach each other without the router' % shown(name))
            if name not in names:
                fail('%s[%d].reaches[%d]' % (lans_path, index, position), '%s is not a LAN of %s (they are %s)'
                     % (shown(name), lans_path, ', '.join(names)))


def _lan_prefixes(subnet_id, path, ula, gua, gua_path, requested):
    """The LAN's ULA /64 and, when the site has a GUA shorter than a /64, its GUA /64."""
    ula_prefix = checked(path + '.subnet_id', subnet, ula, subnet_id)
    subnet_id = (int(ula_prefix.network_address) >> 64) & 0xFFFF
    # A /64 upstream prefix is the uplink's own link; only a shorter delegation has /64s for LANs.
    if gua is not None and gua.prefixlen < 64:
        if subnet_id >> (64 - gua.prefixlen):
            fail(path + '.subnet_id', 'subnet id %d does not fit in the %d subnet bits of %s %s'
                 % (subnet_id, 64 - gua.prefixlen, gua_path, format_network(gua)))
        return ula_prefix, ipaddress.IPv6Network((int(gua.network_address) | (subnet_id << 64), 64))
    if gua is None and requested is not None and subnet_id >> (64 - requested):
        fail(path + '.subnet_id', 'subnet id %d does not fit in the %d subnet bits of the /%d that %s.gua_length '
             'asks the ISP for' % (subnet_id, 64 - requested, requested, SITE_VARIABLE))
    return ula_prefix, None


def _lan_flags(lan, rules):
    """What the LAN's mode makes of its prefixes: the RA flags, the prefixes advertised with the
    A flag, and the one DHCPv6 leases addresses in."""
    prefixes = [prefix for prefix in (lan['ula_prefix'], lan['gua_prefix']) if prefix]
    slaac = {'all': prefixes, 'gua': [lan['gua_prefix']] if lan['gua_prefix'] else [], 'none': []}[rules['slaac']]
    dhcpv6 = {'gua': lan['gua_prefix'] or lan['ula_prefix'], 'ula': lan['ula_prefix'], None: None}[rules['dhcpv6']]
    return {'managed': rules['managed'], 'other': rules['other'], 'prefixes': prefixes, 'slaac_prefixes': slaac,
            'autonomous': slaac == prefixes, 'dhcpv6_prefix': dhcpv6}


def _lan(value, index, ula, gua, gua_path, requested=None):
    path = '%s.lans[%d]' % (SITE_VARIABLE, index)
    as_mapping(value, path, ('name', 'interface', 'subnet_id', 'ipv4', 'ipv4_pool', 'mode', 'dns64', 'ipv6_mostly',
                             'mdns', 'thread_routes', 'reaches', 'delegate', 'delegate_ula'))
    for key in ('name', 'interface', 'subnet_id'):
        if key not in value:
            fail(path, 'every LAN needs a %s' % key)
    mode = value.get('mode', DEFAULT_MODE)
    if not isinstance(mode, str) or mode not in MODES:
        fail(path + '.mode', '%s is not a LAN mode; choose one of %s' % (shown(mode), ', '.join(MODES)))
    ula_prefix, gua_prefix = _lan_prefixes(value['subnet_id'], path, ula, gua, gua_path, requested)
    subnet_id = (int(ula_prefix.network_address) >> 64) & 0xFFFF
    ipv4, router, pool = None, None, None
    if value.get('ipv4') is not None:
        ipv4, router = _lan_ipv4(value['ipv4'], path + '.ipv4')
        pool = _lan_ipv4_pool(value, path, ipv4, router)
    elif value.get('ipv4_pool') is not None:
        fail(path + '.ipv4_pool', 'is a DHCPv4 pool, and the LAN has no ipv4 subnet to put it in')
    dns64, mdns, thread_routes, delegate_ula = (_flag(value, key, path)
                                                for key in ('dns64', 'mdns', 'thread_routes', 'delegate_ula'))
    ipv6_mostly = _ipv6_mostly(value, path, ipv4, dns64)
    lan = {
        'name': plain_name(value['name'], path + '.name'),
        'interface': interface_name(value['interface'], path + '.interface'),
        'subnet_id': subnet_id,
        'mode': mode,
        'ula_prefix': format_network(ula_prefix),
        'gua_prefix': format_network(gua_prefix) if gua_prefix else None,
        'ipv4': format_network(ipv4) if ipv4 else None,
        # The router's own address on the LAN, which DHCPv4 hands out as the gateway.
        'ipv4_router': str(router) if router else None,
        'ipv4_pool': pool,
        'dns64': dns64,
        'ipv6_mostly': ipv6_mostly,
        # The router relays mDNS between the LANs that say mdns (docs/smart-home.md).
        'mdns': mdns,
        # The router takes routes to Thread networks (ULA /64s) from this LAN's advertisements.
        'thread_routes': thread_routes,
        # The LANs this LAN's devices may open connections to, through the router's firewall.
        'reaches': _reaches(value, path),
        # The prefix length it hands to the routers on it by DHCPv6-PD (None: none), and whether
        # in the ULA too; its pools (pd_pools) are set once every LAN is read (downstream.py).
        'delegate': delegated_length(value.get('delegate'), path + '.delegate'),
        'delegate_ula': delegate_ula,
        # The same subnet as a dual-stack socket sees IPv4 peers: an ACL of IPv6 prefixes alone would refuse them.
        'ipv4_mapped': ('%s/%d' % (format_mixed(ipaddress.IPv6Address(0xFFFF00000000 | int(ipv4.network_address))),
                                   96 + ipv4.prefixlen)) if ipv4 else None,
    }
    lan.update(_lan_flags(lan, MODES[mode]))
    return lan


def _host_ipv4_usable(host, ipv4, path, lan):
    network = ipaddress.IPv4Network(lan['ipv4']) if ipv4 is not None and lan['ipv4'] else None
    if network is not None and ipv4 in (network.network_address, network.broadcast_address):
        fail(path + '.ipv4', '%s is the %s address of LAN %s (%s); a host takes one between them'
             % (shown(host['ipv4']), 'network' if ipv4 == network.network_address else 'broadcast',
                 lan['name'], lan['ipv4']))


def _host_lan(host, ipv4, path, lans):
    if host.get('lan') is not None:
        for lan in lans:
            if lan['name'] == host['lan']:
                if ipv4 is not None and lan['ipv4'] and ipv4 not in ipaddress.IPv4Network(lan['ipv4']):
                    fail(path + '.ipv4', '%s is outside LAN %s (%s)' % (shown(host['ipv4']), lan['name'], lan['ipv4']))
                return lan
        fail(path + '.lan', '%s is not the name of a LAN in %s.lans' % (shown(host['lan']), SITE_VARIABLE))
    if ipv4 is not None:
        for lan in lans:
            if lan['ipv4'] and ipv4 in ipaddress.IPv4Network(lan['ipv4']):
                return lan
        fail(path + '.ipv4', '%s is in none of the LANs\' ipv4 subnets; add lan: to say where the host is'
             % shown(host['ipv4']))
    if len(lans) == 1:
        return lans[0]
    return None


def _host(value, index, lans):
    path = '%s.hosts[%d]' % (SITE_VARIABLE, index)
    as_mapping(value, path, ('name', 'mac', 'ipv4', 'iid', 'lan', 'inbound'))
    if 'name' not in value:
        fail(path, 'every host needs a name')
    ipv4 = None
    if value.get('ipv4') is not None:
        ipv4 = checked(path + '.ipv4', parse_address, value['ipv4'], 4)
    lan = _host_lan(value, ipv4, path, lans)
    if lan is not None:
        _host_ipv4_usable(value, ipv4, path, lan)
    identifier = None
    if value.get('iid') is not None:
        identifier = interface_id(value['iid'], path + '.iid')
    host = {
        'name': host_name(value['name'], path + '.name'),
        'mac': format_mac(checked(path + '.mac', parse_mac, value['mac'])) if value.get('mac') else None,
        'ipv4': format_address(ipv4) if ipv4 is not None else None,
        'iid': str(ipaddress.IPv6Address(identifier)) if identifier is not None else None,
        'lan': lan['name'] if lan else None,
        'ula_address': None,
        'gua_address': None,
        'dhcpv6_address': None,
    }
    if identifier is not None and lan is not None:
        host['ula_address'] = address_in(lan['ula_prefix'], identifier)
        host['gua_address'] = address_in(lan['gua_prefix'], identifier)
        # What a DHCPv6 reservation hands the host (by its mac) on a LAN that leases addresses.
        host['dhcpv6_address'] = address_in(lan['dhcpv6_prefix'], identifier)
    return host


def _unique(items, key, path):
    seen = {}
    for index, item in enumerate(items):
        value = item[key]
        if value is None:
            continue
        if value in seen:
            fail('%s[%d].%s' % (path, index, key), '%s is already used by %s[%d]'
                 % (shown(value), path, seen[value]))
        seen[value] = index


def _unique_per_lan(hosts, key, path):
    """Two hosts with the same interface id on one LAN would get the same addresses."""
    seen = {}
    for index, host in enumerate(hosts):
        if host[key] is None or host['lan'] is None:
            continue
        other = seen.setdefault((host['lan'], host[key]), index)
        if other != index:
            fail('%s[%d].%s' % (path, index, key), '%s is already used on LAN %s by %s[%d] (%s); each host on a '
                 'LAN needs its own' % (shown(host[key]), host['lan'], path, other, hosts[other]['name']))


def _site_gua(path, value):
    gua = checked(path, parse_network, value, 6)
    if gua.prefixlen > 64:
        fail(path, '%s is longer than a /64; a LAN needs a /64 for SLAAC' % shown(value))
    if not gua.subnet_of(GLOBAL_UNICAST):
        fail(path, '%s is not a global unicast prefix (inside 2000::/3)' % shown(value))
    if gua.prefixlen < _SHORTEST_GUA:
        fail(path, '%s is a /%d; an ISP delegates a /48 to a /64 to a home, and no site holds more than a /%d'
             % (shown(value), gua.prefixlen, _SHORTEST_GUA))
    return gua


def _delegation_length(value):
    path = SITE_VARIABLE + '.gua_length'
    if isinstance(value, bool) or not isinstance(value, int) or value not in _DELEGATION_LENGTHS:
        fail(path, '%s is not a prefix length to ask the ISP for; use a number from %d to %d, such as %d'
             % (shown(value), _DELEGATION_LENGTHS[0], _DELEGATION_LENGTHS[-1], DEFAULT_DELEGATION_LENGTH))
    return value


def _delegation(value, requested):
    """The delegation the router's DHCPv6-PD client keeps (its local fact), as the plan shows it."""
    path = 'the prefix delegated by DHCPv6-PD'
    value = value or {}
    if not isinstance(value, dict):
        fail(path, 'expected the homelab_prefix_delegation local fact (a mapping), got %s' % shown(value))
    prefix = value.get('prefix') or None
    if prefix is not None:
        prefix = _site_gua(path, prefix)
    return prefix, {
        'requested_length': requested,
        'prefix': format_network(prefix) if prefix else None,
        'interface': value.get('interface'),
        'preferred_until': value.get('preferred_until'),
        'valid_until': value.get('valid_until'),
        'preferred_lifetime': value.get('preferred_lifetime'),
        'valid_lifetime': value.get('valid_lifetime'),
        # The prefix of the lease before it, kept when the ISP changed it or the lease ended.
        'previous': value.get('previous'),
    }


def _site_ula(site, ula):
    if site.get('ula') is not None:
        return checked(SITE_VARIABLE + '.ula', site_ula, site['ula'])
    if ula is not None:
        return checked('the generated ULA', site_ula, ula)
    fail(SITE_VARIABLE + '.ula', 'no ULA /48 given and none generated yet')


def _upstream(site, gua, delegation):
    """The site's GUA prefix and where it comes from: (gua, its path for messages, the length
    asked of the ISP, the delegation kept, the source), each None when the site has none."""
    if site.get('gua_length') is not None and site.get('gua') != PREFIX_DELEGATION:
        fail(SITE_VARIABLE + '.gua_length', 'is the length to ask the ISP for, and only goes with gua: %s (gua is %s)'
             % (PREFIX_DELEGATION, shown(site.get('gua'))))
    if site.get('gua') == PREFIX_DELEGATION:
        requested = _delegation_length(site.get('gua_length', DEFAULT_DELEGATION_LENGTH))
        gua, gua_delegation = _delegation(delegation, requested)
        return gua, 'the prefix delegated by DHCPv6-PD', requested, gua_delegation, PREFIX_DELEGATION
    gua_path = SITE_VARIABLE + '.gua'
    if site.get('gua') is not None:
        # A word where a prefix goes is a misspelt dhcpv6-pd more often than a bad prefix.
        if isinstance(site['gua'], str) and ':' not in site['gua'] and not site['gua'][:1].isdigit():
            fail(gua_path, '%s is neither a prefix (such as 2001:db8:5601::/56) nor %s (the ISP delegates it)'
                 % (shown(site['gua']), PREFIX_DELEGATION))
        return _site_gua(gua_path, site['gua']), gua_path, None, None, gua_path
    if gua is not None:
        return _site_gua('the 6rd delegated prefix', gua), 'the 6rd delegated prefix', None, None, '6rd'
    return None, gua_path, None, None, None


def _planned_lans(site, site_prefix, gua, gua_path, requested):
    lans_path = SITE_VARIABLE + '.lans'
    lans = [_lan(lan, index, site_prefix, gua, gua_path, requested)
            for index, lan in enumerate(as_list(site.get('lans'), lans_path))]
    for key in ('name', 'interface', 'subnet_id'):
        _unique(lans, key, lans_path)
    for index, lan in enumerate(lans):
        for other in lans[:index]:
            if lan['ipv4'] and other['ipv4'] and \
                    ipaddress.IPv4Network(lan['ipv4']).overlaps(ipaddress.IPv4Network(other['ipv4'])):
                fail('%s[%d].ipv4' % (lans_path, index), '%s overlaps %s of LAN %s'
                     % (lan['ipv4'], other['ipv4'], other['name']))
    _check_reaches(lans, lans_path)
    plan_pools(lans, site_prefix, gua, requested, lans_path)
    return lans


def _planned_hosts(site, lans):
    hosts_path = SITE_VARIABLE + '.hosts'
    hosts = [_host(host, index, lans) for index, host in enumerate(as_list(site.get('hosts'), hosts_path))]
    for key in ('name', 'mac', 'ipv4'):
        _unique(hosts, key, hosts_path)
    _unique_per_lan(hosts, 'iid', hosts_path)
    return hosts


def _dns_server(site, hosts, lans):
    """The resolver's host name (or None); each LAN's ``dns_servers``: its fixed id in the LAN's
    ULA, where the router role puts it."""
    for lan in lans:
        lan['dns_servers'] = []
    if site.get('dns_server') is None:
        return None
    server = next((host for host in hosts if host['name'] == site['dns_server']), None)
    if server is None:
        fail(SITE_VARIABLE + '.dns_server', '%s is not the name of a host in %s.hosts'
             % (shown(site['dns_server']), SITE_VARIABLE))
    if server['iid'] is None:
        fail(SITE_VARIABLE + '.dns_server', 'host %s has no iid; the resolver needs a fixed address on '
             'each LAN, such as iid: "::100"' % shown(server['name']))
    for lan in lans:
        lan['dns_servers'] = [address_in(lan['ula_prefix'], int(ipaddress.IPv6Address(server['iid'])))]
    return server['name']


def site_plan(site, ula=None, gua=None, delegation=None):
    """Check the site description and return its plan (docs/site-description.md describes it).

    ``ula`` is the site's generated /48 (the ``ula_prefix`` module's fact) for a site
    description without ``ula``; a ``ula`` in the description wins. ``gua`` likewise is a
    prefix the site learnt (the 6rd delegated prefix the ``sixrd`` role keeps) for a site
    description without ``gua``. ``delegation`` is what the router's DHCPv6-PD client keeps
    (the ``homelab_prefix_delegation`` local fact) for a site with ``gua: dhcpv6-pd``; with
    no prefix delegated (yet, or any more), the LANs have their ULA alone.
    """
    as_mapping(site, SITE_VARIABLE, ('domain', 'ula', 'gua', 'gua_length', 'dns_server', 'nat64_prefix', 'lans',
                                     'hosts'))
    if 'domain' not in site:
        fail(SITE_VARIABLE, 'the site needs a domain, such as home.arpa (RFC 8375)')
    site_prefix = _site_ula(site, ula)
    gua, gua_path, requested, gua_delegation, gua_source = _upstream(site, gua, delegation)
    lans = _planned_lans(site, site_prefix, gua, gua_path, requested)
    hosts = _planned_hosts(site, lans)
    prefix64 = WELL_KNOWN_PREFIX if site.get('nat64_prefix') is None else site['nat64_prefix']
    prefix64 = checked(SITE_VARIABLE + '.nat64_prefix', nat64_prefix, prefix64)
    plan = {
        'domain': domain_name(site['domain']),
        'nat64_prefix': format_network(prefix64),
        'ula': format_network(site_prefix),
        'gua': format_network(gua) if gua else None,
        # Where the GUA comes from: homelab_site.gua, 6rd or dhcpv6-pd (None: the site has none).
        'gua_source': gua_source,
        'gua_delegation': gua_delegation,
        'dns_server': _dns_server(site, hosts, lans),
        'lans': lans,
        'hosts': hosts,
        # The zones that hold the PTRs of the site: the ULA's, each LAN's IPv4 subnet's (a LAN
        # smaller than a /24 in its /24's), and (only for an ISP that delegates it) the upstream prefix's.
        'reverse_zones': unique_list(covering_reverse_zones(site_prefix)
                                     + [zone for lan in lans if lan['ipv4'] for zone in lan_reverse_zones(lan['ipv4'])]),
        'gua_reverse_zones': covering_reverse_zones(gua) if gua else [],
    }
    # The services the hosts offer to the Internet, which the router opens by interface id.
    plan['inbound'] = inbound_services(site, plan)
    return plan


_PLAN_KEYS = ('domain', 'ula', 'gua', 'lans', 'hosts', 'reverse_zones', 'gua_reverse_zones')


def checked_plan(value):
    """``value`` if it is a site plan (what site_plan returns), else a message saying what to pass."""
    if not isinstance(value, dict) or not all(key in value for key in _PLAN_KEYS):
        text = shown(value)
        fail('plan', 'expected the site plan (the site_plan fact, or homelab_site | homelab.ipv6.site_plan), got %s'
             % (text if len(text) <= 60 else text[:57] + '...'))
    return value


def plan_lans(value, path='lans'):
    lans = as_list(value, path)
    for index, lan in enumerate(lans):
        if not isinstance(lan, dict) or 'prefixes' not in lan or 'ipv4' not in lan:
            fail('%s[%d]' % (path, index), 'expected a LAN of the site plan (site_plan.lans), got %s' % shown(lan))
    return lans
