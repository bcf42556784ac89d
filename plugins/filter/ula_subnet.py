# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: ula_subnet
short_description: A subnet of the site's ULA /48, by subnet id
version_added: 0.1.0
description:
  - Returns subnet number O(subnet_id) of length O(prefixlen) in the site's RFC 4193 /48;
    with the default /64 the subnet id is the 16-bit field after the Global ID.
  - The /48 must be a locally assigned ULA in V(fd00::/8). A prefix in V(fc00::/8) (L bit 0,
    as in V(fc01::)) or of another length fails with an explanation.
positional: subnet_id, prefixlen
options:
  _input:
    description: The site's ULA /48, such as V(fd12:3456:789a::/48).
    type: string
    required: true
  subnet_id:
    description: The subnet number; an integer, or a string such as V(0x1a) for hex.
    type: raw
    required: true
  prefixlen:
    description: Length of the subnets, from 48 to 64.
    type: int
    default: 64
"""

EXAMPLES = r"""
- name: LAN 10 of the site
  ansible.builtin.debug:
    msg: "{{ 'fd12:3456:789a::/48' | homelab.ipv6.ula_subnet(10) }}"
  # => "fd12:3456:789a:a::/64"

- name: The fourth /56 of the site
  ansible.builtin.debug:
    msg: "{{ 'fd12:3456:789a::/48' | homelab.ipv6.ula_subnet(3, 56) }}"
  # => "fd12:3456:789a:300::/56"
"""

RETURN = r"""
_value:
  description: The subnet, as RFC 5952 text.
  type: string
  sample: fd12:3456:789a:a::/64
"""

from ansible_collections.homelab.ipv6.plugins.module_utils._core.ula import subnet_text
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('ula_subnet')
def ula_subnet(ula48, subnet_id, prefixlen=64):
    return subnet_text(ula48, subnet_id, prefixlen)


class FilterModule:
    def filters(self):
        return {'ula_subnet': ula_subnet}
