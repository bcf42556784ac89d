# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: sixrd
short_description: 6rd delegated prefix of a CE's IPv4 address (RFC 5969)
version_added: 0.1.0
description:
  - Appends the low 32 - O(ipv4_mask_len) bits of the IPv4 address to the ISP's 6rd prefix and
    returns the resulting delegated prefix, whose length is the 6rd prefix length plus
    32 - O(ipv4_mask_len).
  - A delegated prefix longer than /64 fails with a message saying what to change.
  - For every value a tunnel needs (CE address, relay as gateway, MTU), see the
    M(homelab.ipv6.sixrd_prefix) module.
positional: sixrd_prefix, ipv4_mask_len
options:
  _input:
    description: The CE's public IPv4 address.
    type: string
    required: true
  sixrd_prefix:
    description: The ISP's 6rd prefix, such as V(2001:e41::/32).
    type: string
    required: true
  ipv4_mask_len:
    description: How many high bits of the IPv4 address all CEs of the ISP share and are left out.
    type: int
    default: 0
"""

EXAMPLES = r"""
- name: An ISP's 6rd trial, all 32 bits of the IPv4 embedded
  ansible.builtin.debug:
    msg: "{{ '203.0.113.45' | homelab.ipv6.sixrd('2001:e41::/32') }}"
  # => "2001:e41:cb00:712d::/64"

- name: An ISP whose CEs all sit in 10.0.0.0/8
  ansible.builtin.debug:
    msg: "{{ '10.100.100.1' | homelab.ipv6.sixrd('2001:db8::/32', 8) }}"
  # => "2001:db8:6464:100::/56"
"""

RETURN = r"""
_value:
  description: The delegated prefix, as RFC 5952 text.
  type: string
  sample: 2001:e41:cb00:712d::/64
"""

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import format_network
from ansible_collections.homelab.ipv6.plugins.module_utils._sixrd import delegated_prefix
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('sixrd')
def sixrd(ipv4, sixrd_prefix, ipv4_mask_len=0):
    return format_network(delegated_prefix(ipv4, sixrd_prefix, ipv4_mask_len))


class FilterModule:
    def filters(self):
        return {'sixrd': sixrd}
