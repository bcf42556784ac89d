# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""Prefixes for the routers behind the router: where each LAN's downstream delegations come from.

A LAN that says ``delegate: 60`` hands /60s by DHCPv6-PD to the routers that ask on it (a
Proxmox host, a Docker node, a second router, a tethering phone). The site plan sets aside the
upper half of the site's subnet ids, which the LANs' own /64s must then leave alone, and gives
each delegating LAN an equal, aligned part of it: in the GUA, so the pool moves with it when the
ISP renumbers; in the ULA at the same subnet ids with ``delegate_ula: true`` (local-only
prefixes that never move), and on a site with no GUA at all. One pool per LAN: a DHCPv6 server
picks the pool of each IA_PD by itself (Kea takes the first with a free prefix, seen in a lab),
so a LAN cannot hand one router a GUA and a ULA prefix on purpose. The subnet ids are those of
the prefix the site asks the ISP for (``gua_length``) or has (``gua``), else of the ULA /48.
"""

from __future__ import annotations

import ipaddress

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import format_network, shown
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_values import fail

# RFC 8415 delegates any length; a LAN hands out a /48 (a whole site) to a /64 (one LAN).
DELEGATED_LENGTHS = range(48, 65)
ULA_SUBNET_BITS = 16


def delegated_length(value, path):
    """A LAN's ``delegate``: the prefix length it hands out, or None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in DELEGATED_LENGTHS:
        fail(path, '%s is not a prefix length to delegate; use a number from %d to %d, such as 60 or 64'
             % (shown(value), DELEGATED_LENGTHS[0], DELEGATED_LENGTHS[-1]))
    return value


def _subnet_bits(gua, requested):
    """How many bits of subnet id the site has: those of the prefix asked of the ISP, or of the
    site's GUA, else the ULA /48's."""
    if requested is not None:
        return 64 - requested
    if gua is not None and gua.prefixlen < 64:
        return 64 - gua.prefixlen
    return ULA_SUBNET_BITS


def _block(network, first_id, length):
    return ipaddress.IPv6Network((int(network.network_address) | (first_id << 64), length))


def plan_pools(lans, ula, gua, requested, lans_path):
    """Set each LAN's ``pd_pools`` ([{prefix, delegated_length}]: empty when it delegates
    nothing, or until the ISP delegates the GUA it would come from) from its ``delegate`` and
    ``delegate_ula``; fail naming the LAN when a delegation does not fit its part, or a LAN's
    own subnet id is in the part set aside."""
    delegating = [index for index, lan in enumerate(lans) if lan['delegate'] is not None]
    for index, lan in enumerate(lans):
        lan['pd_pools'] = []
        if lan['delegate_ula'] and lan['delegate'] is None:
            fail('%s[%d].delegate_ula' % (lans_path, index), 'true hands out ULA prefixes instead of GUA ones, and the '
                 'LAN delegates none: give it delegate (the length to hand out, such as 60) too')
    if not delegating:
        return
    bits = _subnet_bits(gua, requested)
    half = 1 << (bits - 1)
    for index, lan in enumerate(lans):
        if lan['subnet_id'] >= half:
            fail('%s[%d].subnet_id' % (lans_path, index),
                 'subnet id %d is in the upper half of the site\'s %d subnet ids (from %d), which the LANs that '
                 'delegate prefixes (%s) set aside for them; number the LANs below %d'
                 % (lan['subnet_id'], 1 << bits, half, ', '.join(lans[i]['name'] for i in delegating), half))
    shares = (len(delegating) - 1).bit_length()
    size = half >> shares
    length = 64 - (size.bit_length() - 1)
    for position, index in enumerate(delegating):
        lan = lans[index]
        if lan['delegate'] < length:
            fail('%s[%d].delegate' % (lans_path, index),
                 'a /%d does not fit in the /%d that LAN %s gets for its delegations (the upper half of the site\'s '
                 'subnet ids, shared by %d LAN%s); delegate a /%d or longer'
                 % (lan['delegate'], length, lan['name'], len(delegating), '' if len(delegating) == 1 else 's', length))
        first_id = half + position * size
        pools = []
        if lan['delegate_ula'] or (gua is None and requested is None):
            pools.append(_block(ula, first_id, length))
        elif gua is not None and gua.prefixlen <= 64 - bits:
            pools.append(_block(gua, first_id, length))
        lan['pd_pools'] = [{'prefix': format_network(pool), 'delegated_length': lan['delegate']} for pool in pools]
