# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: router_addresses
short_description: The router's fixed addresses on its LANs, as the file its address script reads
version_added: 0.1.0
description:
  - One line per prefix of each LAN, C(interface address/64), with the router's interface id in it.
  - The P(homelab.ipv6.router#role) role writes the file with it, and its prefix follower writes it
    again with the same code when the ISP delegates another prefix.
positional: identifier
options:
  _input:
    description: The LANs the router serves, from the site plan.
    type: list
    elements: dict
    required: true
  identifier:
    description: The router's interface id, such as V(::1).
    type: string
    required: true
"""

EXAMPLES = r"""
- name: The router's addresses
  ansible.builtin.debug:
    msg: "{{ site_plan.lans | homelab.ipv6.router_addresses('::1') }}"
  # => "eth1 fd7a:b5e0:1b00:1::1/64\neth1 2001:db8:5500:1::1/64\n" after a comment header
"""

RETURN = r"""
_value:
  description: The text of the file, with a comment header.
  type: string
"""

from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_queries import router_addresses as address_lines


@filter_front_door('router_addresses')
def router_addresses(lans, identifier):
    return address_lines(lans, identifier)


class FilterModule:
    def filters(self):
        return {'router_addresses': router_addresses}
