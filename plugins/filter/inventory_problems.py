# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: inventory_problems
short_description: What the inventory lacks for the site that site.yml builds
version_added: 0.1.0
description:
  - Returns one sentence for each inventory group that C(site.yml) would run no host in although
    the site needs it; an empty list when every part of the site has a host.
  - LANs need a host in C(routers); C(dns_server) needs that host in C(dns_servers); a LAN in mode
    C(stateful), C(stateless) or C(hybrid), or one with C(ipv6_mostly), needs a host in
    C(dhcp_servers); a C(dns64) LAN needs one in C(nat64_gateways).
  - C(site.yml) and the example playbooks fail with these sentences before any host changes.
positional: groups
options:
  _input:
    description: The site plan, from the P(homelab.ipv6.site_plan#filter) filter.
    type: dict
    required: true
  groups:
    description: The inventory's groups (the C(groups) variable).
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Check that the inventory has a host for every part of the site
  ansible.builtin.assert:
    that: __problems | length == 0
    fail_msg: "{{ __problems | join(' ') }}"
  vars:
    __problems: "{{ homelab_site | homelab.ipv6.site_plan('fd00::/48') | homelab.ipv6.inventory_problems(groups) }}"
"""

RETURN = r"""
_value:
  description: The sentences, for example C(homelab_site.dns_server is 'server', but the inventory has no host in the
    group dns_servers, where site.yml runs homelab.ipv6.dns_bind; add server to it.)
  type: list
  elements: str
"""

from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door
from ansible_collections.homelab.ipv6.plugins.plugin_utils.inventory import inventory_problems as problems_of


@filter_front_door('inventory_problems')
def inventory_problems(plan, groups):
    return problems_of(plan, groups)


class FilterModule:
    def filters(self):
        return {'inventory_problems': inventory_problems}
