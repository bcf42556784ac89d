# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Controller only: whether the inventory has a host for every part of the site, and the
whole check of the site description that site.yml and the site role run before any host
changes."""

from __future__ import annotations

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import shown
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import checked_plan, site_plan
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_queries import inventory_host, short_name, site_host
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_values import SITE_VARIABLE, SiteError, fail

# The groups site.yml runs each role on, and what in a site needs them.
SITE_GROUPS = {
    'routers': 'homelab.ipv6.router and homelab.ipv6.radvd',
    'dns_servers': 'homelab.ipv6.dns_bind',
    'dhcp_servers': 'homelab.ipv6.dhcp46',
    'nat64_gateways': 'homelab.ipv6.dns64_nat64',
    'sixrd_hosts': 'homelab.ipv6.sixrd',
    'slaac_token_hosts': 'homelab.ipv6.slaac_token',
}


def inventory_problems(plan, groups):
    """What the inventory lacks for the site: one sentence per group that ``site.yml`` would
    run no host in although the site needs it (``groups`` is Ansible's ``groups``). Empty
    when every part of the site has a host."""
    plan = checked_plan(plan)
    if not isinstance(groups, dict):
        fail('groups', 'expected the inventory groups (the groups variable), got %s' % shown(groups))

    def members(group):
        return [str(host) for host in groups.get(group) or []]

    def missing(group, need, add):
        return ('%s, but the inventory has no host in the group %s, where site.yml runs %s; add %s to it.'
                % (need, group, SITE_GROUPS[group], add))

    problems = []
    lans = plan['lans']
    if lans and not members('routers'):
        problems.append(missing('routers', '%s.lans has %s' % (SITE_VARIABLE, ', '.join(lan['name'] for lan in lans)),
                                'the host that routes them'))
    server = plan['dns_server']
    # On a site whose every LAN is DNS64, the resolver can be the NAT64 gateway's alone.
    resolver_groups = ['dns_servers'] + (['nat64_gateways'] if lans and all(lan['dns64'] for lan in lans) else [])
    if server is not None and not any(inventory_host(server, members(group)) for group in resolver_groups):
        servers = members('dns_servers')
        if not servers:
            problems.append(missing('dns_servers', "%s.dns_server is '%s'" % (SITE_VARIABLE, server), server))
        else:
            problems.append("%s.dns_server is '%s', but the group dns_servers has %s and not %s; the advertisements "
                            "name %s as every LAN's resolver, so put it in dns_servers."
                            % (SITE_VARIABLE, server, ', '.join(servers), server, server))
    dhcp = [lan['name'] for lan in lans if lan['other']]
    # An IPv6-mostly LAN's option 108 comes from DHCPv4: without a server, every device takes
    # a link-local IPv4 or none, and none is told to go IPv6-only.
    mostly = [lan['name'] for lan in lans if lan.get('ipv6_mostly') and lan['name'] not in dhcp]
    if (dhcp or mostly) and not members('dhcp_servers'):
        needs = []
        if dhcp:
            needs.append('LAN%s %s ask%s clients to use DHCPv6 (mode stateful, stateless or hybrid)'
                         % ('s' if len(dhcp) > 1 else '', ', '.join(dhcp), '' if len(dhcp) > 1 else 's'))
        if mostly:
            needs.append('LAN%s %s %s ipv6_mostly: true (DHCPv4 tells its devices to go without IPv4)'
                         % ('s' if len(mostly) > 1 else '', ', '.join(mostly), 'are' if len(mostly) > 1 else 'is'))
        problems.append(missing('dhcp_servers', ' and '.join(needs), 'the host that serves DHCP'))
    dns64 = [lan['name'] for lan in lans if lan['dns64']]
    if dns64 and not members('nat64_gateways'):
        several = len(dns64) > 1
        problems.append(missing('nat64_gateways', 'LAN%s %s %s dns64: true'
                                % ('s' if several else '', ', '.join(dns64), 'are' if several else 'is'),
                                plan['dns_server'] or 'the resolver'))
    for host in members('slaac_token_hosts'):
        entry = site_host(plan, host)
        if entry is None or entry['iid'] is None or entry['lan'] is None:
            problems.append('%s is in the group slaac_token_hosts, where site.yml runs %s, but %s.hosts has no entry '
                            "named '%s' with an iid and a lan; add one, or take %s out of the group."
                            % (host, SITE_GROUPS['slaac_token_hosts'], SITE_VARIABLE, short_name(host), host))
    return problems


# The ULA a check stands in for one not generated yet: no check depends on its value.
PLACEHOLDER_ULA = 'fd00::/48'


def site_problems(site, groups=None):
    """What :func:`site_plan` finds wrong with the description ``site`` (one sentence, naming the
    path), else what :func:`inventory_problems` finds missing in ``groups``; empty when nothing is."""
    try:
        plan = site_plan(site, PLACEHOLDER_ULA)
    except SiteError as error:
        return [str(error)]
    return inventory_problems(plan, groups) if groups is not None else []
