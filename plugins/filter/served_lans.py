# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: served_lans
short_description: The LANs of the site plan a role serves, by name, checked
version_added: 0.1.0
description:
  - Returns the plan's LANs whose names are in O(names), in the plan's order.
  - "A name that is not a LAN of C(homelab_site.lans) fails with the variable's path, for example
    C(dhcp46_lans[0]: 'guest' is not a LAN of homelab_site.lans (it has home, iot))."
  - With O(interfaces), the host's interfaces, a LAN whose interface the host lacks fails too.
  - Every role that serves some of the LANs (C(router_lans), C(radvd_lans), C(dhcp46_lans),
    C(dns64_nat64_lans)) picks them with this filter.
positional: names, path, interfaces, hostname
options:
  _input:
    description: The site plan, from the P(homelab.ipv6.site_plan#filter) filter.
    type: dict
    required: true
  names:
    description: The LAN names, as the user gave them.
    type: list
    elements: string
    required: true
  path:
    description: The variable the names come from, for the message.
    type: string
    required: true
  interfaces:
    description: The host's interfaces (C(ansible_facts.interfaces)); V(null) skips the check.
    type: list
    elements: string
  hostname:
    description: The host's name, for the message.
    type: string
    default: this host
"""

EXAMPLES = r"""
- name: The LANs radvd serves, each on an interface of this host
  ansible.builtin.set_fact:
    __radvd_served_lans: "{{ site_plan | homelab.ipv6.served_lans(radvd_lans, 'radvd_lans', ansible_facts.interfaces, inventory_hostname) }}"
"""

RETURN = r"""
_value:
  description: The LANs, as in the plan's C(lans).
  type: list
  elements: dict
"""

from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_queries import served_lans as lans_served
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('served_lans')
def served_lans(plan, names, path, interfaces=None, hostname='this host'):
    return lans_served(plan, names, path, interfaces, hostname)


class FilterModule:
    def filters(self):
        return {'served_lans': served_lans}
