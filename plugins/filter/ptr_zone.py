# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: ptr_zone
short_description: Reverse DNS zone of a prefix, on a nibble or octet boundary
version_added: 0.1.0
description:
  - Returns the ip6.arpa zone (IPv6) or in-addr.arpa zone (IPv4) that holds exactly the PTR
    records of a prefix, absolute, with the trailing dot.
  - An IPv6 zone starts on a nibble boundary, so the prefix length must be a multiple of 4
    (8 for IPv4). Any other length fails with a message proposing the two nearest lengths,
    unless O(covering=true), which returns the zones on the next boundary that together hold
    the prefix (a /50 gives four /52 zones).
positional: covering
options:
  _input:
    description: An IPv6 or IPv4 prefix with its length, such as V(2001:db8:1::/48).
    type: string
    required: true
  covering:
    description: Return a list of zones, which also works for lengths off the boundary.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Reverse zone of the ULA LAN
  ansible.builtin.debug:
    msg: "{{ 'fd12:3456:789a:1::/64' | homelab.ipv6.ptr_zone }}"
  # => "1.0.0.0.a.9.8.7.6.5.4.3.2.1.d.f.ip6.arpa."

- name: Zones that cover a /50 delegation
  ansible.builtin.debug:
    msg: "{{ '2001:db8::/50' | homelab.ipv6.ptr_zone(covering=true) }}"
  # => ["0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.", ..., "3.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."]
"""

RETURN = r"""
_value:
  description: The zone name, or with O(covering=true) the list of zone names.
  type: raw
  sample: 8.b.d.0.1.0.0.2.ip6.arpa.
"""

from ansible_collections.homelab.ipv6.plugins.module_utils._core.reverse_dns import (
    covering_reverse_zones,
    reverse_zone,
)
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('ptr_zone')
def ptr_zone(prefix, covering=False):
    if covering:
        return covering_reverse_zones(prefix)
    return reverse_zone(prefix)


class FilterModule:
    def filters(self):
        return {'ptr_zone': ptr_zone}
