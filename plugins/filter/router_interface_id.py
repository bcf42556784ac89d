# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: router_interface_id
short_description: The fixed interface id of a router of the site
version_added: 0.1.0
description:
  - The interface id a router takes on each LAN and on its uplink prefix (as its token) is the
    C(iid) of its entry in C(homelab_site.hosts), matched by its short host name in lower
    case, else V(::1).
  - The default of the P(homelab.ipv6.router#role) role's C(router_interface_id), and what the
    address-plan report expects of a router that does not set it.
positional: hostname
options:
  _input:
    description: The site plan, from the P(homelab.ipv6.site_plan#filter) filter.
    type: dict
    required: true
  hostname:
    description: The router's inventory host name; only the part before the first dot counts.
    type: string
    required: true
"""

EXAMPLES = r"""
- name: The gateway's address on the LAN home
  ansible.builtin.debug:
    msg: "{{ site_plan.lans[0].ula_prefix | homelab.ipv6.fixed_address(site_plan | homelab.ipv6.router_interface_id('gw.example')) }}"
"""

RETURN = r"""
_value:
  description: The interface id, as in the plan (RFC 5952 text).
  type: string
  sample: "::1"
"""

from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_queries import router_interface_id as interface_id_of_router
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('router_interface_id')
def router_interface_id(plan, hostname):
    return interface_id_of_router(plan, hostname)


class FilterModule:
    def filters(self):
        return {'router_interface_id': router_interface_id}
