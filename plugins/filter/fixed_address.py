# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: fixed_address
short_description: The address with a fixed interface id, such as ::100, in a /64
version_added: 0.1.0
description:
  - Puts a short, memorable interface id (V(::100), V(::53)) into a /64, the way servers get
    addresses that do not change with their network card.
  - The interface id must fit in the low 64 bits and must not be V(::) (the subnet-router
    anycast address) or one of the reserved anycast ids of RFC 5453.
positional: iid
options:
  _input:
    description: A /64 prefix, such as V(fd7a:b5e0:1b00:1::/64).
    type: string
    required: true
  iid:
    description: The interface id, written as an address with only its low 64 bits set.
    type: string
    required: true
"""

EXAMPLES = r"""
- name: The resolver's address on LAN 1
  ansible.builtin.debug:
    msg: "{{ 'fd7a:b5e0:1b00:1::/64' | homelab.ipv6.fixed_address('::100') }}"
  # => "fd7a:b5e0:1b00:1::100"
"""

RETURN = r"""
_value:
  description: The address, as RFC 5952 text.
  type: string
  sample: fd7a:b5e0:1b00:1::100
"""

from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_queries import fixed_address as address_with_id
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('fixed_address')
def fixed_address(prefix, iid):
    return address_with_id(prefix, iid)


class FilterModule:
    def filters(self):
        return {'fixed_address': fixed_address}
