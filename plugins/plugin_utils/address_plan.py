# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The address plan as it is: the site plan set beside what the hosts have and what DNS
answers, as a Markdown page and a Graphviz diagram, with every difference flagged.

Input is plain data, so that the report is built and tested without a network:
  plan      the site plan (homelab.ipv6.site_plan)
  hosts     {name: {"groups": [...], "interfaces": {ifname: [address, ...]},
                    "uplink": ifname or "", "iid": the router's interface id,
                    "delegated_6rd": prefix or ""}}; instead of "interfaces" and
            "delegated_6rd", "facts" (the host's gathered ansible_facts) gives both
  dns       {"AAAA <fqdn>": [...], "A <fqdn>": [...], "PTR <address>": [...]}: what the
            site's resolver answered; a question left out was not asked
  gua_reverse  whether the resolver serves the GUA reverse zones (dns_bind_gua_reverse)

A DHCP server's entry may hold "leases6" (the text of kea-leases6.csv), whose delegated prefixes
the report lists.
A router's entry may hold "thread_routes" (what ``ip -j -6 route show proto 98`` prints, parsed):
the routes to Thread networks it learnt from their border routers.
A DHCP server's entry may hold, for the IPv6-mostly LANs, "ipv4_leases" ({"kea": the text of
kea-leases4.csv, "isc": that of dhcpd.leases}) and "neighbours" (what ``ip -j -6 neigh``
prints, parsed): who took an IPv4 lease, and who is on the LAN at all.
"""

from __future__ import annotations

import ipaddress
import time

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import shown
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dhcp_leases import isc_leases, kea_delegations, kea_leases, live
from ansible_collections.homelab.ipv6.plugins.module_utils._core.reverse_dns import ptr_name
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import checked_plan
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_queries import fixed_address, host_records, router_interface_id
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_values import SiteError


SERVER_GROUPS = (
    ('routers', 'router (router + radvd)'),
    ('dns_servers', 'DNS (dns_bind)'),
    ('dhcp_servers', 'DHCPv4 + DHCPv6 (dhcp46)'),
    ('nat64_gateways', 'DNS64 + NAT64 (dns64_nat64)'),
    ('sixrd_hosts', '6rd (sixrd)'),
)
RA_FLAGS = (('managed', 'M'), ('other', 'O'), ('autonomous', 'A'))
# ip neigh states of an entry whose link-layer address is not known (or no longer).
_UNKNOWN_NEIGHBOUR = {'FAILED', 'INCOMPLETE', 'NOARP'}


def ipv6_mostly_devices(plan, hosts, now=None):
    """Per IPv6-mostly LAN, the devices (by MAC) that hold a live IPv4 lease in its subnet, and
    those the DHCP servers see on its interface as IPv6 neighbours without one: once the second
    are all there is, the LAN can let IPv4 go."""
    now = time.time() if now is None else now
    found = []
    for lan in plan['lans']:
        if not lan.get('ipv6_mostly'):
            continue
        subnet = ipaddress.ip_network(lan['ipv4'])
        leased, seen, servers = set(), set(), []
        for name, host in sorted(hosts.items()):
            if 'ipv4_leases' not in host and 'neighbours' not in host:
                continue
            servers.append(name)
            texts = host.get('ipv4_leases') or {}
            for leases in (kea_leases(texts.get('kea')), isc_leases(texts.get('isc'))):
                leased |= {lease.mac for address, lease in live(leases, now).items()
                           if ipaddress.ip_address(address) in subnet}
            seen |= {entry['lladdr'].lower() for entry in host.get('neighbours') or []
                     if entry.get('dev') == lan['interface'] and entry.get('lladdr')
                     and not _UNKNOWN_NEIGHBOUR & set(entry.get('state') or [])}
        found.append({'lan': lan['name'], 'with_ipv4': sorted(leased), 'without_ipv4': sorted(seen - leased),
                      'servers': servers})
    return found


def _global(addresses):
    """The addresses worth reporting: not loopback, not link-local."""
    kept = []
    for address in addresses:
        parsed = ipaddress.ip_address(address.split('%')[0].split('/')[0])
        if not (parsed.is_loopback or parsed.is_link_local):
            kept.append(str(parsed))
    return kept


def _lan_networks(lan):
    networks = [ipaddress.ip_network(prefix) for prefix in lan['prefixes']]
    if lan.get('ipv4'):
        networks.append(ipaddress.ip_network(lan['ipv4']))
    return networks


def _lan_of(plan, address):
    parsed = ipaddress.ip_address(address)
    for lan in plan['lans']:
        if any(parsed.version == net.version and parsed in net for net in _lan_networks(lan)):
            return lan['name']
    return None


def _interface_id(address):
    return int(ipaddress.IPv6Address(address)) & ((1 << 64) - 1)


def _fqdn(plan, name):
    return f"{name}.{plan['domain']}"


def _planned_records(plan, gua_reverse):
    """Per site host: the AAAA and A it should have, and the addresses whose PTR should name
    it, as the dns_bind role writes them (host_records)."""
    zones = plan['reverse_zones'] + (plan.get('gua_reverse_zones', []) if gua_reverse else [])
    records = host_records(plan, zones)
    ptr_names = {record['name'] for record in records if record['type'] == 'PTR'}
    planned = []
    for host in plan['hosts']:
        fqdn = _fqdn(plan, host['name'])
        values = {record['type']: sorted(record['values']) for record in records if record['name'] == fqdn + '.'}
        addresses = values.get('AAAA', []) + values.get('A', [])
        planned.append({'name': host['name'], 'fqdn': fqdn, 'lan': host.get('lan'),
                        'AAAA': values.get('AAAA', []), 'A': values.get('A', []),
                        'PTR': [address for address in addresses if ptr_name(address) in ptr_names]})
    return planned


def check(plan, hosts, dns, gua_reverse=False):
    """Every difference between the plan and what is, one sentence each."""
    mismatches = []
    for name, host in sorted(hosts.items()):
        if 'routers' not in host.get('groups', []):
            continue
        iid = host.get('iid') or router_interface_id(plan, name)
        for lan in plan['lans']:
            if lan['interface'] not in host.get('interfaces', {}):
                continue
            have = _global(host['interfaces'][lan['interface']])
            for prefix in lan['prefixes']:
                wanted = fixed_address(prefix, iid)
                if wanted not in have:
                    mismatches.append(f"{name}: {lan['interface']} lacks {wanted}, its fixed address in "
                                      f"LAN {lan['name']}'s {prefix}")
            for address in have:
                parsed = ipaddress.ip_address(address)
                if (parsed.version == 6 and _interface_id(address) == _interface_id(fixed_address('::/64', iid))
                        and _lan_of(plan, address) is None):
                    mismatches.append(f"{name}: {lan['interface']} still has {address}, with the router's "
                                      f"interface id but in no prefix of the plan (a stale prefix?)")
    for record in _planned_records(plan, gua_reverse):
        # A host of the inventory may answer with more of its own addresses (a DNS server
        # names itself with its LAN addresses); an address nobody has is stale.
        own = _own_addresses(hosts, record['name'])
        for rdtype in ('AAAA', 'A'):
            question = f"{rdtype} {record['fqdn']}"
            if question not in dns:
                continue
            answered = sorted(dns[question])
            if set(record[rdtype]) - set(answered) or set(answered) - set(record[rdtype]) - own:
                mismatches.append(f"DNS: {question} answers {_listed(answered)}; the plan says "
                                  f"{_listed(record[rdtype])}")
        for address in record['PTR']:
            question = f"PTR {address}"
            if question in dns and dns[question] != [record['fqdn'] + '.']:
                mismatches.append(f"DNS: PTR of {address} answers {_listed(dns[question])}; the plan says "
                                  f"{record['fqdn']}.")
    return mismatches


def _own_addresses(hosts, name):
    """The global addresses of the inventory host a planned name belongs to, if any."""
    for inventory_name, host in hosts.items():
        if inventory_name.split('.')[0].lower() == name:
            return {address for addresses in host.get('interfaces', {}).values() for address in _global(addresses)}
    return set()


def _listed(values):
    return ', '.join(values) if values else 'nothing'


def _ra_mode(lan):
    flags = ' '.join(flag for key, flag in RA_FLAGS if lan.get(key))
    if not lan.get('autonomous') and lan.get('slaac_prefixes'):
        flags += ' A on ' + ' '.join(lan['slaac_prefixes'])
    return f"{lan['mode']} ({flags or 'no flags'})"


def _table(title, columns, intro=None):
    """The head of a section of the page: a blank line, its title, the paragraph that says what
    it shows, and the header row of its table with the rule under each column."""
    return (['', f'## {title}', ''] + ([intro, ''] if intro else [])
            + ['| ' + ' | '.join(columns) + ' |', '|' + ' --- |' * len(columns)])


def _cell(values):
    return '<br>'.join(values) if values else '–'


def _when(seconds):
    return time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime(seconds)) if seconds else 'no end (infinite lifetime)'


def _delegation_row(plan):
    """The GUA row of a site whose ISP delegates the prefix: from where, and until when."""
    delegation = plan.get('gua_delegation') or {}
    asked = 'asked for a /%s' % delegation.get('requested_length')
    on = ' on %s' % delegation['interface'] if delegation.get('interface') else ''
    if not plan.get('gua'):
        before = '; the last one was %s' % delegation['previous'] if delegation.get('previous') else ''
        return f"| GUA | – | DHCPv6-PD{on}: no prefix delegated ({asked}{before}); the LANs have their ULA alone |"
    return (f"| GUA | {plan['gua']} | the ISP, by DHCPv6-PD{on} ({asked}); preferred until "
            f"{_when(delegation.get('preferred_until'))}, valid until {_when(delegation.get('valid_until'))} |")


def _prefix_rows(plan, hosts):
    lines = _table('Prefixes', ('Kind', 'Prefix', 'Where it comes from'))[1:]
    delegated = [(name, host['delegated_6rd']) for name, host in sorted(hosts.items()) if host.get('delegated_6rd')]
    if plan.get('gua_source') == 'dhcpv6-pd':
        lines.append(_delegation_row(plan))
    elif plan.get('gua'):
        source = (f"the 6rd delegation of {delegated[0][0]}" if delegated and delegated[0][1] == plan['gua']
                  else 'homelab_site.gua')
        lines.append(f"| GUA | {plan['gua']} | {source} |")
    lines.append(f"| ULA | {plan['ula']} | RFC 4193, generated once (or homelab_site.ula) |")
    for name, prefix in delegated:
        lines.append(f"| 6rd delegated | {prefix} | the 6rd tunnel of {name} |")
    if plan.get('nat64_prefix'):
        lines.append(f"| NAT64 | {plan['nat64_prefix']} | homelab_site.nat64_prefix (RFC 6052) |")
    for name, host in sorted(hosts.items()):
        uplink = host.get('uplink')
        if uplink and uplink in host.get('interfaces', {}):
            lines.append(f"| Uplink of {name} | {_cell(_global(host['interfaces'][uplink]))} | "
                         f"the ISP, on {uplink} |")
    return lines


def _lan_rows(plan, hosts):
    lines = _table('LANs', ('LAN', 'Interface', 'RA mode (flags)', 'ULA', 'GUA', 'IPv4', 'Resolver', 'DNS64'))
    for lan in plan['lans']:
        lines.append(f"| {lan['name']} | {lan['interface']} | {_ra_mode(lan)} | {lan['ula_prefix']} | "
                     f"{lan.get('gua_prefix') or '–'} | {lan.get('ipv4') or '–'} | {_cell(lan['dns_servers'])} | "
                     f"{'yes, IPv6-mostly' if lan.get('ipv6_mostly') else 'yes' if lan.get('dns64') else 'no'} |")
    mostly = ipv6_mostly_devices(plan, hosts)
    if mostly:
        lines += _table('IPv6-mostly LANs', ('LAN', 'Devices with an IPv4 lease', 'Devices without IPv4', 'Counted on'),
                        'DHCPv4 tells the devices that can live without IPv4 to go without (option 108, RFC 8925); '
                        'they reach IPv4 through their CLAT and the NAT64. Once no device takes an IPv4 lease any '
                        'more, the LAN can let IPv4 go.')
        for row in mostly:
            lines.append(f"| {row['lan']} | {len(row['with_ipv4'])} | {len(row['without_ipv4'])} | "
                         f"{', '.join(row['servers']) or 'no DHCP server reached'} |")
    lines += _table('Servers', ('Role', 'Hosts'))
    for group, role in SERVER_GROUPS:
        members = sorted(name for name, host in hosts.items() if group in host.get('groups', []))
        if members:
            lines.append(f"| {role} | {', '.join(members)} |")
    return lines


# Where the device watcher took a device's name from (its state's source).
NAME_SOURCES = {'dhcpv4': 'its DHCPv4 lease', 'mdns': 'its mDNS name'}


def _device_rows(plan, hosts):
    """The devices the device watcher named (dhcp46), from each DHCP server's state."""
    rows = [(entry['name'], mac, entry, server) for server, host in sorted(hosts.items())
            for mac, entry in sorted((host.get('device_names') or {}).items())]
    if not rows:
        return []
    lines = _table('Devices named by the device watcher', ('Name', 'LAN', 'MAC', 'Addresses', 'Name from', 'Last seen', 'Watcher'),
                   'Devices nobody typed into the inventory, on the SLAAC LANs: their stable addresses, named after '
                   'their DHCPv4 lease or their own mDNS name (docs/device-names.md).')
    for name, mac, entry, server in sorted(rows):
        lans = sorted({_lan_of(plan, address) or 'outside the plan' for address in entry['addresses']})
        lines.append(f"| {_fqdn(plan, name)} | {', '.join(lans)} | {mac} | {_cell(entry['addresses'])} | "
                     f"{NAME_SOURCES.get(entry.get('source'), 'its DHCPv4 lease')} | {_when(entry['last_seen'])} | {server} |")
    return lines


def _uplink_ipv4(hosts):
    """The site's routers' IPv4 addresses on their uplinks, which the port forwards answer at
    (a router of another site in the same inventory is not in the group routers)."""
    return [address for _name, host in sorted(hosts.items()) if host.get('uplink') and 'routers' in host.get('groups', [])
            for address in _global(host.get('interfaces', {}).get(host['uplink'], []))
            if ipaddress.ip_address(address).version == 4]


def _inbound_rows(plan, hosts):
    """The services open to the Internet (homelab_site.hosts[].inbound), at today's addresses."""
    services = plan.get('inbound') or []
    if not services:
        return []
    lines = _table('Services open to the Internet', ('Name', 'Service', 'IPv6', 'IPv4', 'Open to'),
                   'The router opens each by its host\'s interface id on its LAN, so it follows a renumbering '
                   '(docs/inbound-services.md).')
    by_name = {host['name']: host for host in plan['hosts']}
    public = _uplink_ipv4(hosts) or ["the router's uplink"]
    for service in services:
        host = by_name[service['host']]
        ipv4 = _cell([f"{address}:{service['port']} → {service['ipv4_forward']}" for address in public]) \
            if service['ipv4_forward'] else '–'
        sources = service['ipv6_from'] + service['ipv4_from']
        opened = 'anywhere' if set(sources) <= {'::/0', '0.0.0.0/0'} else _cell(sources)
        lines.append(f"| {_fqdn(plan, host['name'])} | {service['proto']} {service['port']} | "
                     f"{host['gua_address'] or 'none (no GUA now)'} | {ipv4} | {opened} |")
    return lines


def _delegating_lan(plan, prefix):
    network = ipaddress.ip_network(prefix)
    return next((lan['name'] for lan in plan['lans'] for pool in lan.get('pd_pools') or []
                 if network.subnet_of(ipaddress.ip_network(pool['prefix']))), 'outside the pools now')


def _delegation_rows(plan, hosts, now=None):
    """The prefixes the DHCP servers delegate now to the routers behind the LANs (lans[].delegate)."""
    now = time.time() if now is None else now
    rows = [(lease, server) for server, host in sorted(hosts.items())
            for lease in kea_delegations(host.get('leases6') or '') if lease['state'] == 0 and lease['expiry'] > now]
    if not rows:
        return []
    lines = _table('Prefixes delegated to the routers behind the LANs', ('Prefix', 'LAN', 'Requester', 'Expires', 'Server'),
                   'Handed out by DHCPv6-PD from each LAN\'s share of the site prefix, and routed to the router that '
                   'asked while the lease lives (docs/prefix-delegation.md).')
    for lease, server in rows:
        requester = lease['mac'] or 'DUID ' + lease['duid']
        lines.append(f"| {lease['prefix']} | {_delegating_lan(plan, lease['prefix'])} | {requester} | "
                     f"{_when(lease['expiry'])} | {server} |")
    return lines


def _thread_rows(plan, hosts):
    """The routes to Thread networks the routers learnt (homelab_site.lans[].thread_routes)."""
    rows = [(route, name) for name, host in sorted(hosts.items()) for route in host.get('thread_routes') or []]
    if not rows:
        return []
    lines = _table('Routes to Thread networks', ('Prefix', 'LAN', 'Border router', 'Expires in', 'Router'),
                   'Learnt from the Route Information Options of the border routers\' advertisements: ULA /64s '
                   'only (docs/smart-home.md).')
    lans = {lan['interface']: lan['name'] for lan in plan['lans']}
    for route, router in sorted(rows, key=lambda row: (row[0].get('dst', ''), row[1])):
        expires = route.get('expires')
        lines.append(f"| {route.get('dst', '?')} | {lans.get(route.get('dev'), route.get('dev', '?'))} | "
                     f"{route.get('gateway', '?')} on {route.get('dev', '?')} | "
                     f"{'never (no end)' if expires is None else '%d s' % expires} | {router} |")
    return lines


def _name_rows(plan, hosts, dns, gua_reverse, mismatches):
    lines = _table('Names in the plan', ('Name', 'LAN', 'AAAA', 'A', 'DNS answers'))
    for record in _planned_records(plan, gua_reverse):
        asked = [q for q in (f"AAAA {record['fqdn']}", f"A {record['fqdn']}") if q in dns]
        wrong = [m for m in mismatches if record['fqdn'] in m or any(a in m for a in record['PTR'])]
        state = 'not asked' if not asked else ('**differs**' if wrong else 'as planned, with PTR')
        lines.append(f"| {record['fqdn']} | {record['lan'] or '–'} | {_cell(record['AAAA'])} | "
                     f"{_cell(record['A'])} | {state} |")
    lines += _table('Hosts as found', ('Host', 'Interface', 'LAN', 'Addresses', 'Names (PTR)'))
    for name, host in sorted(hosts.items()):
        for interface, addresses in sorted(host.get('interfaces', {}).items()):
            found = _global(addresses)
            if not found:
                continue
            lans = sorted({_lan_of(plan, a) or ('uplink' if interface == host.get('uplink') else 'outside the plan')
                           for a in found})
            names = sorted({n for a in found for n in dns.get(f"PTR {a}", [])})
            lines.append(f"| {name} | {interface} | {', '.join(lans)} | {_cell(found)} | {_cell(names)} |")
    return lines


def markdown(plan, hosts, dns, gua_reverse=False, mismatches=None):
    mismatches = check(plan, hosts, dns, gua_reverse) if mismatches is None else mismatches
    lines = [f"# Address plan of {plan['domain']}", '',
             'Built from the inventory (homelab_site) and the facts gathered from the hosts: it shows '
             'what is, and flags where that differs from the plan.', '']
    lines += _prefix_rows(plan, hosts) + _lan_rows(plan, hosts) + _name_rows(plan, hosts, dns, gua_reverse, mismatches)
    lines += (_device_rows(plan, hosts) + _inbound_rows(plan, hosts) + _delegation_rows(plan, hosts)
              + _thread_rows(plan, hosts))
    lines += ['', '## Mismatches', '']
    if mismatches:
        lines += [f"- {m}" for m in mismatches]
    else:
        lines.append('None: every fixed address is on its interface and every name answers as planned.')
    return '\n'.join(lines) + '\n'


def _quoted(text):
    return '"' + text.replace('\\', '\\\\').replace('"', '\\"') + '"'


def _label(*lines):
    return _quoted('\n'.join(lines)).replace('\n', '\\n')


def dot(plan, hosts, mismatches=()):
    """A Graphviz graph: the uplink, the routers, the LANs with their prefixes, every host on them."""
    flagged = {name for name in hosts if any(m.startswith(f"{name}:") for m in mismatches)}
    out = ['graph address_plan {', '  rankdir=LR;',
           '  node [shape=box, fontname="monospace", fontsize=10];',
           '  edge [fontname="monospace", fontsize=9];',
           f"  label={_quoted('Address plan of ' + plan['domain'])};"]
    prefixes = [f"ULA {plan['ula']}"] + ([f"GUA {plan['gua']}"] if plan.get('gua') else [])
    prefixes += [f"NAT64 {plan['nat64_prefix']}"] if plan.get('nat64_prefix') else []
    out.append(f"  site [shape=note, label={_label(plan['domain'], *prefixes)}];")
    for lan in plan['lans']:
        label = [f"LAN {lan['name']}: {_ra_mode(lan)}", *lan['prefixes']]
        label += [lan['ipv4']] if lan.get('ipv4') else []
        label += ['DNS64'] if lan.get('dns64') else []
        out.append(f"  {_quoted('lan:' + lan['name'])} [shape=folder, label={_label(*label)}];")
    uplinks = []
    for name, host in sorted(hosts.items()):
        roles = [group.rstrip('s').replace('_', ' ') for group in dict(SERVER_GROUPS) if group in host.get('groups', [])]
        color = ', color=red, fontcolor=red' if name in flagged else ''
        shape = 'box3d' if roles else 'box'
        out.append(f"  {_quoted('host:' + name)} [shape={shape}, label={_label(name, *roles)}{color}];")
        for interface, addresses in sorted(host.get('interfaces', {}).items()):
            found = _global(addresses)
            if interface == host.get('uplink'):
                uplinks.append((name, interface, found))
                continue
            on = sorted({_lan_of(plan, a) for a in found} - {None})
            if 'routers' in host.get('groups', []):
                on = sorted(set(on) | {lan['name'] for lan in plan['lans'] if lan['interface'] == interface})
            if found and not on:
                # In no LAN: on the ISP's side of the routers (the Internet, as far as the plan knows).
                uplinks.append((name, interface, found))
            for lan in on:
                ours = [a for a in found if _lan_of(plan, a) == lan]
                out.append(f"  {_quoted('host:' + name)} -- {_quoted('lan:' + lan)} "
                           f"[label={_label(interface, *ours)}];")
    if uplinks:
        out.append('  uplink [shape=ellipse, label="ISP / outside the LANs"];')
        for name, interface, found in uplinks:
            out.append(f"  uplink -- {_quoted('host:' + name)} [label={_label(interface, *found)}];")
    out.append('}')
    return '\n'.join(out) + '\n'


def interfaces_from_facts(facts):
    """Interface name -> every address Ansible's network facts list for it."""
    found = {}
    for name in facts.get('interfaces', []):
        data = facts.get(name.replace('-', '_').replace(':', '_').replace('.', '_'), {})
        addresses = []
        if isinstance(data.get('ipv4'), dict) and data['ipv4'].get('address'):
            addresses.append(data['ipv4']['address'])
        addresses += [entry['address'] for entry in data.get('ipv4_secondaries', [])]
        addresses += [entry['address'] for entry in data.get('ipv6', [])]
        found[name] = addresses
    return found


def _with_defaults(plan, name, host):
    """A host's entry with its interfaces from its facts and a router's interface id from
    its entry in the plan (as the router role takes it) when not given."""
    host = dict(host)
    facts = host.pop('facts', None) or {}
    host.setdefault('interfaces', interfaces_from_facts(facts))
    host.setdefault('delegated_6rd', facts.get('ansible_local', {}).get('homelab_sixrd', {}).get('delegated_prefix', ''))
    if not host.get('iid'):
        host['iid'] = router_interface_id(plan, name)
    return host


def questions(plan, hosts):
    """What to ask the site's resolver for the report, in the keys of ``dns``: the AAAA and A
    of every planned name, then the PTR of every planned address and of every address found
    on the hosts (each once, in that order)."""
    hosts = {name: _with_defaults(plan, name, host) for name, host in hosts.items()}
    asked = [f"{rdtype} {_fqdn(plan, host['name'])}" for host in plan['hosts'] for rdtype in ('AAAA', 'A')]
    planned = [address for host in plan['hosts']
               for address in (host['ula_address'], host['gua_address'], host['ipv4']) if address]
    found = [address for _name, host in sorted(hosts.items())
             for _interface, addresses in sorted(host['interfaces'].items()) for address in _global(addresses)]
    return asked + [f"PTR {address}" for address in dict.fromkeys(planned + found)]


def _checked_inputs(plan, hosts, dns):
    """The report's inputs, or a sentence saying which one is not what the report reads."""
    checked_plan(plan)
    for name, value, what in (('hosts', hosts, 'the facts of each host, by inventory name (address_plan_host)'),
                              ('dns', dns, 'the answers of the resolver, by question')):
        if not isinstance(value, dict):
            raise SiteError('%s: expected %s, got %s' % (name, what, shown(value)))


def report(plan, hosts, dns, gua_reverse=False):
    _checked_inputs(plan, hosts, dns)
    hosts = {name: _with_defaults(plan, name, host) for name, host in hosts.items()}
    mismatches = check(plan, hosts, dns, gua_reverse)
    return {
        'mismatches': mismatches,
        'markdown': markdown(plan, hosts, dns, gua_reverse, mismatches),
        'dot': dot(plan, hosts, mismatches),
    }
