# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: inventory_host
short_description: The inventory host that is a host of homelab_site
version_added: 0.1.0
description:
  - The inverse of P(homelab.ipv6.site_host#filter), by the same rule (the first label of the
    inventory name, lower-cased, is the site host's name); for example the inventory host that
    runs the resolver, C(homelab_site.dns_server).
  - Returns V(null) when the input is V(null) or no inventory host is that site host.
positional: hostnames
options:
  _input:
    description: A host name of C(homelab_site.hosts), such as the plan's C(dns_server).
    type: string
    required: true
  hostnames:
    description: The inventory host names, such as C(groups['all']).
    type: list
    elements: string
    required: true
"""

EXAMPLES = r"""
- name: The inventory host of the resolver
  ansible.builtin.debug:
    msg: "{{ site_plan.dns_server | homelab.ipv6.inventory_host(groups['all']) }}"
"""

RETURN = r"""
_value:
  description: The inventory host name, or V(null).
  type: string
"""

from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_queries import inventory_host as host_of_inventory
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('inventory_host')
def inventory_host(name, hostnames):
    return host_of_inventory(name, hostnames)


class FilterModule:
    def filters(self):
        return {'inventory_host': inventory_host}
