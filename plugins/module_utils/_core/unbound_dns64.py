# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""unbound's DNS64 configuration for the IPv6-only LANs of the site plan.

One writer for both the ``dns64_nat64`` role (through the ``unbound_dns64_config`` filter) and
the router's prefix follower: the file names the LANs' GUA /64s (who may ask) and the GUA
reverse zone (asked of the home resolver), which move when the ISP delegates another prefix.
The two must write the same bytes, or the next converge would undo the follower.
"""

from __future__ import annotations

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import format_address
from ansible_collections.homelab.ipv6.plugins.module_utils._core.nat64 import embed_ipv4
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_queries import served_networks

HEADER = ('# Written by homelab.ipv6 (the dns64_nat64 role, and the router\'s prefix follower when the ISP\n'
          '# changes the prefix): edits here are lost at the next run.\n')

# RFC 7050's well-known name, whose only addresses are these (RFC 8880 section 2).
IPV4ONLY_NAME = 'ipv4only.arpa'
IPV4ONLY_ADDRESSES = ('192.0.0.170', '192.0.0.171')

# The settings, as the dns64_nat64 role's variables name them without the dns64_nat64_ prefix.
SETTINGS = {
    'backend': 'jool',
    'dnssec': True,
    'synthall': False,
    'home_server': '',
    'forwarders': [],
}


def _yes(flag):
    return 'yes' if flag else 'no'


def unbound_dns64_config(lans, nat64_prefix, home_zones, settings=None):
    """The text of unbound's DNS64 file for ``lans`` (plan LANs), synthesising in
    ``nat64_prefix``; ``home_zones`` (no trailing dots) are asked of the home resolver."""
    settings = dict(SETTINGS, **(settings or {}))
    lines = [HEADER.rstrip('\n'),
             '# DNS64 (RFC 6147) for %s: names without an AAAA get one in' % ', '.join(lan['name'] for lan in lans),
             '# %s, which %s translates to IPv4.' % (nat64_prefix, settings['backend']),
             'server:']
    lines += ['    interface: %s' % address for lan in lans for address in lan['dns_servers']]
    lines += ['    # The fixed addresses may come up after unbound (the router role adds them).',
              '    ip-freebind: yes',
              '    # Only the served LANs, never an open resolver (an access-control of ::0/0 is one).',
              '    access-control: 0.0.0.0/0 refuse',
              '    access-control: ::/0 refuse']
    lines += ['    access-control: %s allow' % network for network in served_networks(lans)]
    lines += ['    module-config: "dns64 %siterator"' % ('validator ' if settings['dnssec'] else ''),
              '    dns64-prefix: %s' % nat64_prefix,
              '    dns64-synthall: %s' % _yes(settings['synthall']),
              '    # RFC 7050 discovery of the NAT64 prefix, for clients without PREF64: the DNS64',
              '    # answers %s itself (RFC 8880 section 7.2), with no Internet needed.' % IPV4ONLY_NAME,
              '    local-zone: "%s." static' % IPV4ONLY_NAME]
    lines += ['    local-data: "%s. A %s"' % (IPV4ONLY_NAME, address) for address in IPV4ONLY_ADDRESSES]
    lines += ['    local-data: "%s. AAAA %s"' % (IPV4ONLY_NAME, format_address(embed_ipv4(address, nat64_prefix)))
              for address in IPV4ONLY_ADDRESSES]
    lines += ['    # RFC 9462: questions about this resolver (_dns.resolver.arpa) are answered here, empty,',
              '    # so that clients keep the DNS64 rather than the forwarders\' encrypted resolver.',
              '    local-zone: "resolver.arpa." static']
    if settings['home_server']:
        lines += ['    # The home zones come from the home resolver: unbound\'s built-in answers for',
                  '    # home.arpa and the ULA and private IPv4 reverse zones step aside.',
                  '    do-not-query-localhost: no',
                  '    unblock-lan-zones: yes',
                  '    insecure-lan-zones: yes']
        for zone in home_zones:
            lines += ['    local-zone: "%s." nodefault' % zone, '    domain-insecure: "%s"' % zone]
        for zone in home_zones:
            lines += ['', 'stub-zone:', '    name: "%s"' % zone, '    stub-addr: %s' % settings['home_server']]
    if settings['forwarders']:
        lines += ['', 'forward-zone:', '    name: "."']
        lines += ['    forward-addr: %s' % address for address in settings['forwarders']]
    return '\n'.join(lines) + '\n'
