# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: site_host
short_description: The entry of homelab_site.hosts that is an inventory host
version_added: 0.1.0
description:
  - The one rule by which a role finds its own host in the site description - the entry named
    by the inventory host name's first label in lower case - so that V(gw), V(GW) and
    V(gw.home.arpa) in an inventory are all the site host V(gw).
  - Returns V(null) when the host is not in C(homelab_site.hosts).
positional: hostname
options:
  _input:
    description: The site plan, from the P(homelab.ipv6.site_plan#filter) filter.
    type: dict
    required: true
  hostname:
    description: The inventory host name.
    type: string
    required: true
"""

EXAMPLES = r"""
- name: This host's fixed ULA on its LAN
  ansible.builtin.debug:
    msg: "{{ (site_plan | homelab.ipv6.site_host(inventory_hostname)).ula_address }}"
"""

RETURN = r"""
_value:
  description: The host, as in the plan's C(hosts), or V(null).
  type: dict
"""

from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_queries import site_host as host_of_site
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('site_host')
def site_host(plan, hostname):
    return host_of_site(plan, hostname)


class FilterModule:
    def filters(self):
        return {'site_host': site_host}
