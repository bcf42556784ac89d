# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""BIND's files for the home resolver: the options (ACL, listening, forwarding), the zone
declarations, and a new zone's first file.

One writer for the ``dns_bind`` role (through the ``bind_config`` filter) and the router's
prefix follower, which rewrites them when the ISP delegates another prefix (a new GUA reverse
zone, new LAN prefixes in the ACL): both must write the same bytes.
"""

from __future__ import annotations

import ipaddress

HEADER = ('// Written by homelab.ipv6 (the dns_bind role, and the router\'s prefix follower when the ISP\n'
          '// changes the prefix): edits here are lost at the next run.\n')


def _version(network):
    return ipaddress.ip_network(network, strict=False).version


# A client asks from its link-local address between two DHCPv6 leases; such a source can only
# be a neighbour on one of the router's links.
LINK_LOCAL = 'fe80::/10'
# RFC 9462: names under resolver.arpa are about the resolver itself. Answered here, empty, so
# that a client looking for its resolver's encrypted twin (DDR) keeps the home resolver, its
# names and DNS64, instead of being sent to the forwarders' one.
RESOLVER_ARPA = 'resolver.arpa'


def options_config(lan_networks, listen, forwarders=(), forward='first', dnssec_validation='auto',
                   previous_prefixes=()):
    """named.conf.options: the ``homelab-lans`` ACL of ``lan_networks`` (every form a
    dual-stack socket sees them in), link-local sources and ``previous_prefixes`` (the prefix
    the ISP delegated before the current one, whose addresses the clients keep until their
    next lease), listening on loopback and ``listen`` (networks or addresses), recursion for
    the ACL alone, and the forwarders."""
    lines = [HEADER.rstrip('\n'), '',
             '// The home LANs, IPv6 and IPv4, and IPv4 again as a dual-stack socket sees it',
             '// (::ffff:a.b.c.d), so the ACL holds whichever way a client\'s query arrives.',
             'acl "homelab-lans" {', '    localhost;']
    lines += ['    %s;' % network for network in lan_networks]
    lines += ['    // A client between two DHCPv6 leases asks from its link-local address.', '    %s;' % LINK_LOCAL]
    if previous_prefixes:
        lines += ['    // The ISP\'s previous prefix: the clients keep its addresses until their next lease.']
        lines += ['    %s;' % prefix for prefix in previous_prefixes]
    lines += ['};', '', 'options {', '    directory "/var/cache/bind";', '',
              '    // Loopback and every address of this host in a LAN prefix or subnet, ULA and GUA',
              '    // alike (named follows addresses that come and go); not the uplink.',
              '    listen-on { 127.0.0.1;%s };' % ''.join(' %s;' % n for n in listen if _version(n) == 4),
              '    listen-on-v6 { ::1;%s };' % ''.join(' %s;' % n for n in listen if _version(n) == 6),
              '', '    allow-query { homelab-lans; };', '    allow-query-cache { homelab-lans; };',
              '    allow-recursion { homelab-lans; };', '    allow-transfer { none; };', '    recursion yes;']
    if forwarders:
        lines += ['', '    forward %s;' % forward, '    forwarders {']
        lines += ['        %s;' % forwarder for forwarder in forwarders]
        lines += ['    };']
    lines += ['', '    dnssec-validation %s;' % dnssec_validation, '};']
    return '\n'.join(lines) + '\n'


def _device_rules(zone, domain, device_key):
    """The device watcher's part of a zone's update-policy: AAAA in the domain and PTR in the
    reverse zones, never on a name the inventory's records hold (first match wins in BIND)."""
    rdtype = 'AAAA' if zone == domain else 'PTR'
    suffix = '.' + zone.rstrip('.') + '.'
    held = sorted({name for name in device_key['protected'] if ('.' + name).endswith(suffix) or name == suffix[1:]})
    rules = ['deny %s name %s ANY;' % (device_key['name'], name) for name in [zone.rstrip('.') + '.'] + held]
    return rules + ['grant %s zonesub %s;' % (device_key['name'], rdtype)]


def local_config(zones, key_file, key_name, zone_dir, device_key=None):
    """named.conf.local: the key, and each zone primary, dynamic for the key alone; and
    resolver.arpa, empty (RFC 9462), which named's built-in empty zones leave out when it forwards.
    With ``device_key`` (its ``file``, ``name`` and the names it must not touch, ``protected``),
    the device watcher's key may also change AAAA records of the domain (``zones[0]``) and PTR
    records of the reverse zones, but none of ``protected`` nor a zone's apex."""
    includes = ['include "%s";' % key_file] + (['include "%s";' % device_key['file']] if device_key else [])
    lines = [HEADER.rstrip('\n'), ''] + includes + [
        '',
        '// RFC 9462: questions about this resolver (_dns.resolver.arpa) are answered here, empty,',
        '// so clients keep the home resolver rather than the forwarders\' encrypted one.',
        'zone "%s" {' % RESOLVER_ARPA, '    type primary;', '    file "%s/db.%s";' % (zone_dir, RESOLVER_ARPA),
        '};']
    for zone in zones:
        policy = ['grant %s zonesub ANY;' % key_name]
        if device_key:
            policy += _device_rules(zone, zones[0], device_key)
        lines += ['', 'zone "%s" {' % zone, '    type primary;', '    file "%s/db.%s";' % (zone_dir, zone),
                  '    // Changes come as updates signed with the key, never by editing the file.']
        lines += (['    update-policy { %s };' % policy[0]] if len(policy) == 1
                  else ['    update-policy {'] + ['        %s' % rule for rule in policy] + ['    };'])
        lines += ['    // The same key may read the zone whole: nsupdate reads large changes so.',
                  '    allow-transfer { key %s; };' % key_name, '};']
    return '\n'.join(lines) + '\n'


def zone_file(zone, domain, server_fqdn, ttl, server_addresses=(), server_name=None):
    """A new zone's first file: SOA and NS, and in the home domain the server's own address
    records (named-checkzone wants an address for the NS name). From then on named keeps the
    zone from dynamic updates, with a journal."""
    lines = ['; Zone %s, created by homelab.ipv6.dns_bind. From here on named keeps it up to date' % zone,
             '; from dynamic updates (nsupdate, DHCP), with a journal: change it with nsupdate, not here.',
             '$TTL %s' % ttl,
             '@   IN SOA %s. hostmaster.%s. (' % (server_fqdn, domain),
             '        1        ; serial',
             '        3600     ; refresh',
             '        900      ; retry',
             '        1209600  ; expire',
             '        300 )    ; negative answers',
             '    IN NS %s.' % server_fqdn]
    if zone == domain:
        for address in server_addresses:
            lines.append('%s IN %s %s' % (server_name, 'AAAA' if ':' in address else 'A', address))
    return '\n'.join(lines) + '\n'
