# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: unbound_dns64_config
short_description: The text of unbound's DNS64 file for the IPv6-only LANs of the site plan
version_added: 0.1.0
description:
  - unbound listens on the LANs' resolver addresses, answers only their networks, synthesises
    AAAA records in the NAT64 prefix, asks the home resolver for the home zones and forwards
    the rest.
  - The P(homelab.ipv6.dns64_nat64#role) role writes its file with it, and the
    P(homelab.ipv6.router#role) role's prefix follower rewrites it with the same code when the
    ISP delegates another prefix (the LANs' GUA /64s and the GUA reverse zone are in it), so
    that the next converge finds the same bytes.
positional: nat64_prefix, home_zones, settings
options:
  _input:
    description: The LANs unbound serves, from the site plan (P(homelab.ipv6.served_lans#filter)).
    type: list
    elements: dict
    required: true
  nat64_prefix:
    description: The /96 that AAAA records are synthesised in (the plan's C(nat64_prefix)).
    type: str
    required: true
  home_zones:
    description:
      - The zones asked of C(home_server) instead of the Internet, without trailing dots
        (P(homelab.ipv6.site_zones#filter), or those the P(homelab.ipv6.dns_bind#role) role serves).
    type: list
    elements: str
    required: true
  settings:
    description:
      - The dns64_nat64 role's settings, named as its variables without C(dns64_nat64_) -
        C(backend), C(dnssec), C(synthall), C(home_server), C(forwarders). Those not given take the
        role's defaults (no home server, no forwarders).
    type: dict
"""

EXAMPLES = r"""
- name: Write unbound's DNS64 file
  ansible.builtin.copy:
    content: >-
      {{ site_plan.lans | selectattr('dns64') | homelab.ipv6.unbound_dns64_config(site_plan.nat64_prefix,
         site_plan | homelab.ipv6.site_zones, {'home_server': '::1'}) }}
    dest: /etc/unbound/unbound.conf.d/homelab-dns64.conf
    mode: "0644"
    validate: unbound-checkconf %s
"""

RETURN = r"""
_value:
  description: The text of the file.
  type: string
"""

from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import plan_lans
from ansible_collections.homelab.ipv6.plugins.module_utils._core.unbound_dns64 import unbound_dns64_config as config_text


@filter_front_door('unbound_dns64_config')
def unbound_dns64_config(lans, nat64_prefix, home_zones, settings=None):
    return config_text(plan_lans(lans), nat64_prefix, list(home_zones), settings)


class FilterModule:
    def filters(self):
        return {'unbound_dns64_config': unbound_dns64_config}
