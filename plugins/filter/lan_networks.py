# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: lan_networks
short_description: The networks of some LANs of the site plan
version_added: 0.1.0
description:
  - The /64s of the LANs (ULA and GUA), then their IPv4 subnets, then, with O(ipv4_mapped),
    those subnets as a dual-stack socket sees them (C(::ffff:198.18.21.0/120)) - what a server's
    access list names.
positional: ipv4_mapped
options:
  _input:
    description: LANs of the site plan (its C(lans), or some of them).
    type: list
    elements: dict
    required: true
  ipv4_mapped:
    description: Add the IPv4-mapped form of each IPv4 subnet.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Who may query the resolver
  ansible.builtin.debug:
    msg: "{{ site_plan.lans | homelab.ipv6.lan_networks(true) }}"
"""

RETURN = r"""
_value:
  description: The networks, RFC 5952 text.
  type: list
  elements: string
  sample: ["fd7a:b5e0:1b00:1::/64", 198.18.21.0/24, "::ffff:198.18.21.0/120"]
"""

from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_queries import lan_networks as networks_of_lans
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('lan_networks')
def lan_networks(lans, ipv4_mapped=False):
    return networks_of_lans(lans, ipv4_mapped)


class FilterModule:
    def filters(self):
        return {'lan_networks': lan_networks}
