# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: lan_addresses
short_description: The addresses of a host that are in the site's LANs
version_added: 0.1.0
description:
  - Keeps the addresses that are in a LAN of the site plan (a LAN's ULA or GUA /64, or its
    IPv4 subnet), so a server listens on its LAN side, ULA B(and) GUA, and not on its uplink.
  - Returns them sorted, IPv4 first, as RFC 5952 text.
positional: plan
options:
  _input:
    description: Addresses, such as the C(local) values of C(ip -json address).
    type: list
    elements: string
    required: true
  plan:
    description: The site plan, from the P(homelab.ipv6.site_plan#filter) filter.
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Where the resolver listens
  ansible.builtin.debug:
    msg: "{{ ansible_facts.all_ipv6_addresses | homelab.ipv6.lan_addresses(site_plan) }}"
"""

RETURN = r"""
_value:
  description: The addresses in a LAN.
  type: list
  elements: string
  sample: [198.18.21.100, "2001:db8:5501:1::100", "fd7a:b5e0:1b00:1::100"]
"""

from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_queries import lan_addresses as addresses_in_lans
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('lan_addresses')
def lan_addresses(addresses, plan):
    return addresses_in_lans(plan, addresses)


class FilterModule:
    def filters(self):
        return {'lan_addresses': lan_addresses}
