# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: site_plan
short_description: Check the site description and expand it into the plan every role reads
version_added: 0.1.0
description:
  - Checks the shared site description (C(homelab_site) in the inventory, see the README's
    data model) and returns it expanded, so that no role computes a prefix or an address
    on its own.
  - Each LAN gains C(ula_prefix) and C(gua_prefix) (its /64s), C(prefixes), and the router
    advertisement flags of its mode (C(managed), C(other), C(autonomous), the A flag on every
    prefix), C(slaac_prefixes) (the prefixes advertised with the A flag) and
    C(dhcpv6_prefix) (the /64 DHCPv6 leases addresses in, or null). Each host gains C(lan),
    C(ula_address), C(gua_address) and C(dhcpv6_address) (its reservation) from its fixed
    interface id.
  - "A bad value fails with its inventory path, for example
    C(homelab_site.lans[1].mode: 'statefull' is not a LAN mode)."
positional: ula, gua
options:
  _input:
    description: The site description.
    type: dict
    required: true
  ula:
    description:
      - The site's generated ULA /48 (the C(homelab.ipv6.ula_prefix) module's result), used
        when the description has no C(ula) of its own.
    type: string
  gua:
    description:
      - A global prefix the site learnt, such as the 6rd delegated prefix the C(homelab.ipv6.sixrd)
        role keeps, used when the description has no C(gua) of its own.
    type: string
"""

EXAMPLES = r"""
- name: The /64 of the LAN named home
  ansible.builtin.debug:
    msg: "{{ (homelab_site | homelab.ipv6.site_plan).lans | selectattr('name', '==', 'home') | map(attribute='ula_prefix') | first }}"
  # => "fd7a:b5e0:1b00:1::/64" with ula fd7a:b5e0:1b00::/48 and subnet_id 1
"""

RETURN = r"""
_value:
  description: The plan; see the README for every key.
  type: dict
  contains:
    domain:
      description: The home domain, lowercase, without a trailing dot.
      type: string
    ula:
      description: The site's ULA /48.
      type: string
    gua:
      description: The upstream prefix, or null when unknown.
      type: string
    dns_server:
      description: The name of the host that runs the home resolver, or null.
      type: string
    lans:
      description: The LANs with their prefixes and RA flags.
      type: list
      elements: dict
    hosts:
      description: The hosts with their LAN and fixed addresses.
      type: list
      elements: dict
"""

from ansible_collections.homelab.ipv6.plugins.module_utils.site import site_plan as expand
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('site_plan')
def site_plan(site, ula=None, gua=None):
    return expand(site, ula, gua)


class FilterModule:
    def filters(self):
        return {'site_plan': site_plan}
