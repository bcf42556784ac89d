# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: site_zones
short_description: The DNS zones of the site
version_added: 0.1.0
description:
  - The home domain, then the reverse zones of the ULA and of every LAN's IPv4 subnet, and with
    O(gua_reverse) those of the upstream prefix; names without a trailing dot.
  - What the P(homelab.ipv6.dns_bind#role) role serves (it keeps the list in its local facts
    for the roles that update or forward to those zones).
positional: gua_reverse
options:
  _input:
    description: The site plan, from the P(homelab.ipv6.site_plan#filter) filter.
    type: dict
    required: true
  gua_reverse:
    description: Add the reverse zones of the upstream prefix.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: The zones to serve
  ansible.builtin.debug:
    msg: "{{ site_plan | homelab.ipv6.site_zones }}"
  # => ["home.arpa", "0.0.b.1.0.e.5.b.a.7.d.f.ip6.arpa", "21.18.198.in-addr.arpa"]
"""

RETURN = r"""
_value:
  description: The zone names.
  type: list
  elements: string
"""

from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_queries import site_zones as zones_of_site
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('site_zones')
def site_zones(plan, gua_reverse=False):
    return zones_of_site(plan, gua_reverse)


class FilterModule:
    def filters(self):
        return {'site_zones': site_zones}
