# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: radvd_config
short_description: The text of radvd.conf for LANs of the site plan
version_added: 0.1.0
description:
  - One C(interface) block per LAN, with the flags of its mode (M, O), a C(prefix) block per
    advertised prefix (the A flag on the prefixes its mode forms addresses in, the GUA's
    lifetimes, C(DeprecatePrefix)), and RDNSS and DNSSL.
  - The P(homelab.ipv6.radvd#role) role writes radvd.conf with it, and the
    P(homelab.ipv6.router#role) role's prefix follower rewrites it with the same code when the
    ISP delegates another prefix, so that the next converge finds the same bytes.
positional: settings, delegation
options:
  _input:
    description: The LANs radvd serves, from the site plan (P(homelab.ipv6.served_lans#filter)).
    type: list
    elements: dict
    required: true
  settings:
    description:
      - The radvd role's settings, named as its variables without C(radvd_) - C(default_preference),
        C(default_lifetime), C(min_interval), C(max_interval), C(rdnss), C(dnssl), C(dns_lifetime),
        C(gua_preferred_lifetime), C(gua_valid_lifetime), C(advertise_gua). Those not given take the
        role's defaults.
      - C(pref64), the NAT64 prefix to advertise as PREF64 (RFC 8781) on the LANs with C(dns64),
        needs radvd 2.20 or newer; null (the default) advertises none.
    type: dict
  delegation:
    description:
      - The site plan's C(gua_delegation) on a site whose prefix comes by DHCPv6-PD. The GUA
        prefixes are advertised no longer than the ISP granted the delegation (RFC 9096), the
        lesser of C(gua_preferred_lifetime) and the delegation's preferred lifetime, and likewise
        for the valid lifetime.
    type: dict
"""

EXAMPLES = r"""
- name: Write radvd.conf
  ansible.builtin.copy:
    content: "{{ site_plan.lans | homelab.ipv6.radvd_config({'max_interval': 60}) }}"
    dest: /etc/radvd.conf
    mode: "0644"
    validate: radvd --configtest --config %s
"""

RETURN = r"""
_value:
  description: The text of radvd.conf.
  type: string
"""

from ansible_collections.homelab.ipv6.plugins.module_utils._core.radvd import radvd_config as config_text
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import plan_lans


@filter_front_door('radvd_config')
def radvd_config(lans, settings=None, delegation=None):
    return config_text(plan_lans(lans), settings, delegation)


class FilterModule:
    def filters(self):
        return {'radvd_config': radvd_config}
