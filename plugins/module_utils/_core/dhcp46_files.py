# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""The DHCPv6 servers' files for a site plan: Kea's kea-dhcp6.conf and kea-dhcp-ddns.conf, or
ISC dhcpd's dhcpd6.conf, and the dynamic DNS settings the DHCPv4 files share with them.

The ``dhcp46`` role (through the ``dhcp46_files`` filter) and the router's prefix follower both
write them from here, so that when the ISP delegates another prefix a stateful LAN's pool, its
reservations and the reverse zone its leases are registered in move with the same bytes the
next converge writes. The DHCPv4 files name no IPv6 prefix and stay the role's templates.
"""

from __future__ import annotations

import ipaddress
import json

from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_queries import fixed_address, site_zones

KEA_HEADER = ('// Written by homelab.ipv6 (the dhcp46 role, and the router\'s prefix follower when the ISP\n'
              '// changes the prefix): edits here are lost at the next run.\n')
ISC_HEADER = KEA_HEADER.replace('//', '#')

# The settings, as the dhcp46 role's variables name them without the dhcp46_ prefix, and:
# kea_conflict_modes (Kea 2.5 or later), dns_server (where the updates go, the resolver's
# fixed ULA address), key_name and isc_key_file (the TSIG key's name, and where dhcpd reads
# it), reverse_zones (the reverse zones the resolver serves, from dns_bind's local fact).
SETTINGS = {
    'ipv6_pool': ['::1:1', '::1:1000'],
    'lease_time': 3600,
    'ntp_servers': [],
    'ddns': True,
    'generated_prefix': 'dhcp',
    'kea_conflict_modes': True,
    'dns_server': None,
    'key_name': 'homelab-ddns',
    'isc_key_file': '/etc/dhcp/homelab-ddns.key',
    'reverse_zones': [],
    # DHCPv4: the RFC 8925 wait of the IPv6-mostly LANs, the router handed out (None: each LAN's
    # router address from the plan), and the resolver's IPv4 on each LAN: None for none (the
    # resolver is another host), 'router' (it is the router, at the plan's address), or a
    # mapping of each LAN interface to the address the server has there.
    'ipv6_only_wait': 1800,
    'ipv4_router': None,
    'ipv4_dns': None,
    # Kea's hooks directory and the script its run_script hook runs when a LAN delegates
    # prefixes: it routes each delegated prefix to the router that holds it (None: no routes).
    'kea_hooks_dir': None,
    'pd_route_script': None,
}
KEA_DHCP6_LEASES = '/var/lib/kea/kea-leases6.csv'
KEA_DHCP4_LEASES = '/var/lib/kea/kea-leases4.csv'


def _settings(settings):
    return dict(SETTINGS, **(settings or {}))


def dhcpv6_lans(lans):
    """The LANs DHCPv6 answers on: those whose RAs send clients to it (M or O flag), and those
    that delegate prefixes to the routers on them (which ask whatever the flags say)."""
    return [lan for lan in lans if lan['other'] or lan.get('pd_pools')]


def _ntp_servers(settings, version):
    return [server for server in settings['ntp_servers'] if ipaddress.ip_address(server).version == version]


def _pool(lan, settings):
    first, last = settings['ipv6_pool']
    return fixed_address(lan['dhcpv6_prefix'], first, 'dhcp46_ipv6_pool'), \
        fixed_address(lan['dhcpv6_prefix'], last, 'dhcp46_ipv6_pool')


def _reservations(plan, lan):
    """The site hosts of a stateful LAN with a MAC, each its fixed address in the leased prefix."""
    if not lan['managed']:
        return []
    return [host for host in plan['hosts'] if host['lan'] == lan['name'] and host['mac'] and host['dhcpv6_address']]


def kea_ddns_client(plan, settings):
    """What kea-dhcp4 and kea-dhcp6 both say about dynamic DNS, as JSON members in order."""
    settings = _settings(settings)
    ddns = bool(settings['ddns'])
    members = [
        ('dhcp-ddns', {'enable-updates': ddns}),
        ('ddns-send-updates', ddns),
        ('ddns-qualifying-suffix', plan['domain'] + '.'),
        # Clients are registered whatever they ask for, and those that send no name get one.
        ('ddns-override-client-update', True),
        ('ddns-override-no-update', True),
        ('ddns-replace-client-name', 'when-not-present'),
        ('ddns-generated-prefix', settings['generated_prefix']),
        ('ddns-update-on-renew', True),
        ('hostname-char-set', '[^A-Za-z0-9.-]'),
        ('hostname-char-replacement', '-'),
    ]
    if settings['kea_conflict_modes']:
        # The A and the AAAA of one client carry different DHCIDs (DHCPv4 and DHCPv6 identify
        # the client differently): checking the DHCID per record type lets both live.
        members.append(('ddns-conflict-resolution-mode', 'check-exists-with-dhcid'))
    else:
        # Kea before 2.5 checks DHCIDs across record types (RFC 4703), so a client's A and AAAA
        # would refuse each other; each family then replaces only its own records.
        members.append(('ddns-use-conflict-resolution', False))
    return members


def _kea_route_hook(lans, settings):
    """Kea's members that route each delegated prefix to the requesting router while its lease
    lives: the run_script hook runs the script as leases are committed, released, declined or
    expire (reclaimed within seconds, so an ended lease's route goes soon); nothing without pools."""
    if not (any(lan.get('pd_pools') for lan in lans) and settings['pd_route_script'] and settings['kea_hooks_dir']):
        return {}
    return {
        'hooks-libraries': [{'library': settings['kea_hooks_dir'].rstrip('/') + '/libdhcp_run_script.so',
                             'parameters': {'name': settings['pd_route_script'], 'sync': False}}],
        'expired-leases-processing': {'reclaim-timer-wait-time': 5, 'hold-reclaimed-time': 0},
    }


def kea_dhcp6_config(plan, lans, settings):
    """The text of kea-dhcp6.conf."""
    settings = _settings(settings)
    lans = dhcpv6_lans(lans)
    lease_time = int(settings['lease_time'])
    subnets = []
    for index, lan in enumerate(lans, start=1):
        subnet = {
            'id': index,
            # The prefix the LAN leases addresses in (the site plan's dhcpv6_prefix: the GUA of a
            # stateful LAN, when the site has one); a stateless LAN's ULA only answers options.
            'subnet': lan['dhcpv6_prefix'] or lan['ula_prefix'],
            'interface': lan['interface'],
        }
        if lan['managed']:
            subnet['pools'] = [{'pool': '%s - %s' % _pool(lan, settings)}]
        if lan.get('pd_pools'):
            # The LAN's share of the site prefix for the routers behind it (downstream.py).
            subnet['pd-pools'] = [{'prefix': str(ipaddress.IPv6Network(pool['prefix']).network_address),
                                   'prefix-len': ipaddress.IPv6Network(pool['prefix']).prefixlen,
                                   'delegated-len': pool['delegated_length']} for pool in lan['pd_pools']]
            if not lan['managed']:
                # Kea names a client after its address; a LAN that leases none has no name to
                # give, and Kea (2.6.3 in the lab) dropped a request for a prefix alone there
                # with "empty FQDN used to create DHCID" unless the LAN sent no updates.
                subnet['ddns-send-updates'] = False
        options = []
        if lan['dns_servers']:
            options.append({'name': 'dns-servers', 'data': ', '.join(lan['dns_servers'])})
        if _ntp_servers(settings, 6):
            options.append({'name': 'sntp-servers', 'data': ', '.join(_ntp_servers(settings, 6))})
        options.append({'name': 'domain-search', 'data': plan['domain']})
        subnet['option-data'] = options
        subnet['reservations'] = [{'hw-address': host['mac'], 'ip-addresses': [host['dhcpv6_address']],
                                   'hostname': host['name']} for host in _reservations(plan, lan)]
        subnets.append(subnet)
    config = {
        'interfaces-config': {
            'interfaces': [lan['interface'] for lan in lans],
            # At boot the LAN's link-local address is still tentative (DAD) when Kea starts: it
            # cannot bind, and without retries it would stay up never answering a Solicit.
            'service-sockets-max-retries': 60,
            'service-sockets-retry-wait-time': 1000,
        },
        'lease-database': {'type': 'memfile', 'persist': True, 'name': KEA_DHCP6_LEASES},
        'preferred-lifetime': lease_time * 3 // 4,
        'valid-lifetime': lease_time,
        # T1 and T2 at half and 0.8 of the preferred lifetime, as RFC 8415 suggests: a renumbered
        # LAN's clients renew into the new prefix at T1.
        'calculate-tee-times': True,
        't1-percent': 0.5,
        't2-percent': 0.8,
        # A reservation by MAC matches when Kea can learn the client's MAC: from a DUID-LL or
        # DUID-LLT (dhclient's and dhcpcd's default; systemd-networkd's with DUIDType=link-layer).
        'host-reservation-identifiers': ['hw-address', 'duid'],
    }
    config.update(kea_ddns_client(plan, settings))
    config.update(_kea_route_hook(lans, settings))
    config['subnet6'] = subnets
    return KEA_HEADER + json.dumps({'Dhcp6': config}, indent=2) + '\n'


def ipv4_lans(lans):
    """The LANs DHCPv4 answers on: those with an IPv4 subnet."""
    return [lan for lan in lans if lan['ipv4']]


def _ipv4_reservations(plan, lan):
    return [host for host in plan['hosts'] if host['lan'] == lan['name'] and host['mac'] and host['ipv4']]


def _ipv4_options(lan, settings):
    """A LAN's DHCPv4 options, in order, as (name, value): the router, the resolver, IPv6-mostly's
    wait (RFC 8925, sent to the devices that ask for it, which then go without IPv4), NTP."""
    options = [('routers', settings['ipv4_router'] or lan['ipv4_router'])]
    dns = settings['ipv4_dns']
    resolver = lan['ipv4_router'] if dns == 'router' else (dns or {}).get(lan['interface'])
    if resolver:
        options.append(('domain-name-servers', resolver))
    if lan.get('ipv6_mostly'):
        options.append(('v6-only-preferred', str(int(settings['ipv6_only_wait']))))
    if _ntp_servers(settings, 4):
        options.append(('ntp-servers', ', '.join(_ntp_servers(settings, 4))))
    return options


def kea_dhcp4_config(plan, lans, settings):
    """The text of kea-dhcp4.conf."""
    settings = _settings(settings)
    subnets = []
    for index, lan in enumerate(ipv4_lans(lans), start=1):
        options = [{'name': name, 'data': value} for name, value in _ipv4_options(lan, settings)]
        options += [{'name': 'domain-name', 'data': plan['domain']}, {'name': 'domain-search', 'data': plan['domain']}]
        subnets.append({
            'id': index,
            'subnet': lan['ipv4'],
            'interface': lan['interface'],
            'pools': [{'pool': ' - '.join(lan['ipv4_pool'])}],
            'option-data': options,
            'reservations': [{'hw-address': host['mac'], 'ip-address': host['ipv4'], 'hostname': host['name']}
                             for host in _ipv4_reservations(plan, lan)],
        })
    config = {
        'interfaces-config': {
            'interfaces': [lan['interface'] for lan in ipv4_lans(lans)],
            # At boot a LAN interface may come up after Kea: it tries again instead of staying
            # up without a socket there.
            'service-sockets-max-retries': 60,
            'service-sockets-retry-wait-time': 1000,
        },
        'lease-database': {'type': 'memfile', 'persist': True, 'name': KEA_DHCP4_LEASES},
        'valid-lifetime': int(settings['lease_time']),
        'host-reservation-identifiers': ['hw-address'],
    }
    config.update(kea_ddns_client(plan, settings))
    config['subnet4'] = subnets
    return KEA_HEADER + json.dumps({'Dhcp4': config}, indent=2) + '\n'


def dhcpd_config(plan, lans, settings):
    """The text of dhcpd.conf (DHCPv4)."""
    settings = _settings(settings)
    lease_time = int(settings['lease_time'])
    lines = [ISC_HEADER.rstrip('\n'),
             'authoritative;',
             'default-lease-time %d;' % lease_time,
             'max-lease-time %d;' % (lease_time * 2),
             'option domain-name "%s";' % plan['domain'],
             'option domain-search "%s";' % plan['domain'],
             isc_ddns(plan, settings, 4).rstrip('\n')]
    for lan in ipv4_lans(lans):
        network = ipaddress.IPv4Network(lan['ipv4'])
        lines += ['', '# LAN %s' % lan['name'],
                  'subnet %s netmask %s {' % (network.network_address, network.netmask),
                  '    range %s;' % ' '.join(lan['ipv4_pool'])]
        lines += ['    option %s %s;' % option for option in _ipv4_options(lan, settings)]
        lines.append('}')
        for host in _ipv4_reservations(plan, lan):
            lines += ['host %s {' % host['name'],
                      '    hardware ethernet %s;' % host['mac'],
                      '    fixed-address %s;' % host['ipv4'],
                      '    ddns-hostname "%s";' % host['name'],
                      '}']
    return '\n'.join(lines) + '\n'


def ddns_reverse_zones(plan):
    """The reverse zones Kea's D2 knows: every reverse zone of the site, the GUA's too. D2 drops
    a whole update, forward too, when no reverse domain matches the address (a stateful LAN's
    GUA lease when the resolver does not serve the GUA's reverse zone); the resolver refuses a
    PTR in a zone it does not serve, and the AAAA, sent first, stays."""
    return site_zones(plan, True)[1:]


def kea_ddns_config(plan, settings, key):
    """The text of kea-dhcp-ddns.conf, which holds ``key`` (name, algorithm, secret)."""
    settings = _settings(settings)
    name = key['name'].rstrip('.')
    servers = [{'ip-address': settings['dns_server']}]
    config = {'DhcpDdns': {
        'ip-address': '127.0.0.1',
        'port': 53001,
        'tsig-keys': [{'name': name, 'algorithm': key['algorithm'].upper(), 'secret': key['secret']}],
        'forward-ddns': {'ddns-domains': [{'name': plan['domain'] + '.', 'key-name': name, 'dns-servers': servers}]},
        'reverse-ddns': {'ddns-domains': [{'name': zone + '.', 'key-name': name, 'dns-servers': servers}
                                          for zone in ddns_reverse_zones(plan)]},
    }}
    return KEA_HEADER + json.dumps(config, indent=2) + '\n'


def isc_ddns(plan, settings, family):
    """The dynamic DNS lines of dhcpd.conf (``family`` 4) or dhcpd6.conf (6)."""
    settings = _settings(settings)
    if not settings['ddns']:
        return 'ddns-update-style none;\n'
    domain = plan['domain']
    mac = 'substring(hardware, 1, 6)' if family == 4 else 'suffix(option dhcp6.client-id, 6)'
    name_option = 'host-name' if family == 4 else 'fqdn.hostname'
    mac_text = ''.join(', "-", suffix(concat("0", binary-to-ascii(16, 8, "", substring(%s, %d, 1))), 2)' % (mac, byte)
                       for byte in range(6))
    # Each family registers the names of its own reverse tree.
    reverse_tree = '.in-addr.arpa' if family == 4 else '.ip6.arpa'
    zones = [domain] + [zone for zone in settings['reverse_zones'] if zone != domain and zone.endswith(reverse_tree)]
    server = settings['dns_server']
    lines = [
        '# Dynamic DNS for every client, forward and reverse, signed with the dns_bind key.',
        'ddns-updates on;',
        'ddns-update-style standard;',
        '# The A (DHCPv4) and the AAAA (DHCPv6) of one client carry different DHCIDs, and dhcpd\'s',
        '# conflict detection makes the second family refuse the name the first one took (seen in',
        '# the lab: "an entry that is either static or owned by another client exists"). As in',
        '# Mixed mode: each family replaces only its own record type.',
        'ddns-dual-stack-mixed-mode true;',
        'update-conflict-detection false;',
        'update-optimization false;',
        'update-static-leases on;',
        'ignore client-updates;',
        'ddns-domainname "%s.";' % domain,
        'ddns-rev-domainname "%s.";' % reverse_tree.lstrip('.'),
        '# A client that sends no name is <prefix>-<its MAC>, the MAC %s.'
        % ('from its hardware address' if family == 4 else 'as the last six bytes of its DUID (DUID-LL or DUID-LLT)'),
        'ddns-hostname = pick-first-value(option %s, concat("%s"%s));'
        % (name_option, settings['generated_prefix'], mac_text),
        'include "%s";' % settings['isc_key_file'],
    ]
    primary = 'primary6' if ':' in server else 'primary'
    lines += ['zone %s. { %s %s; key "%s"; }' % (zone, primary, server, settings['key_name']) for zone in zones]
    return '\n'.join(lines) + '\n'


def dhcpd6_config(plan, lans, settings):
    """The text of dhcpd6.conf."""
    settings = _settings(settings)
    lease_time = int(settings['lease_time'])
    lines = [ISC_HEADER.rstrip('\n'),
             'authoritative;',
             'default-lease-time %d;' % lease_time,
             'preferred-lifetime %d;' % (lease_time * 3 // 4),
             'option dhcp6.domain-search "%s";' % plan['domain'],
             isc_ddns(plan, settings, 6).rstrip('\n')]
    for lan in dhcpv6_lans(lans):
        lines += ['', '# LAN %s (%s)' % (lan['name'], lan['mode']),
                  'subnet6 %s {' % (lan['dhcpv6_prefix'] or lan['ula_prefix'])]
        if lan['managed']:
            lines.append('    range6 %s %s;' % _pool(lan, settings))
        if lan['dns_servers']:
            lines.append('    option dhcp6.name-servers %s;' % ', '.join(lan['dns_servers']))
        if _ntp_servers(settings, 6):
            lines.append('    option dhcp6.sntp-servers %s;' % ', '.join(_ntp_servers(settings, 6)))
        lines.append('}')
        for host in _reservations(plan, lan):
            lines += ['# Matched by the MAC that dhcpd finds in a DUID-LL or DUID-LLT.',
                      'host %s {' % host['name'],
                      '    hardware ethernet %s;' % host['mac'],
                      '    fixed-address6 %s;' % host['dhcpv6_address'],
                      '    ddns-hostname "%s";' % host['name'],
                      '}']
    return '\n'.join(lines) + '\n'


def dhcp46_files(plan, lans, settings=None, key=None):
    """The DHCP servers' files for ``lans`` (the plan LANs this host serves): ``kea_dhcp4``,
    ``kea_dhcp6``, ``dhcpd`` and ``dhcpd6`` (the text of kea-dhcp4.conf, kea-dhcp6.conf,
    dhcpd.conf and dhcpd6.conf), and with ``key`` ``kea_ddns`` (kea-dhcp-ddns.conf)."""
    settings = _settings(settings)
    files = {
        'kea_dhcp4': kea_dhcp4_config(plan, lans, settings),
        'kea_dhcp6': kea_dhcp6_config(plan, lans, settings),
        'dhcpd': dhcpd_config(plan, lans, settings),
        'dhcpd6': dhcpd6_config(plan, lans, settings),
    }
    if key is not None:
        files['kea_ddns'] = kea_ddns_config(plan, settings, key)
    return files
