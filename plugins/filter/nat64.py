# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: nat64
short_description: IPv6 address that stands for an IPv4 address behind NAT64 (RFC 6052)
version_added: 0.1.0
description:
  - Embeds an IPv4 address in a NAT64 prefix as RFC 6052 section 2.2 lays it out, for prefixes
    of length 32, 40, 48, 56, 64 or 96; bits 64-71 stay zero.
  - This is the address a DNS64 server synthesises and a NAT64 gateway translates.
  - A /96 keeps the dotted quad in its text (V(64:ff9b::192.0.2.33)), as RFC 6052 writes it.
positional: prefix
options:
  _input:
    description: The IPv4 address.
    type: string
    required: true
  prefix:
    description: The NAT64 prefix.
    type: string
    default: 64:ff9b::/96
"""

EXAMPLES = r"""
- name: Where an IPv6-only client reaches 192.0.2.33 through the well-known prefix
  ansible.builtin.debug:
    msg: "{{ '192.0.2.33' | homelab.ipv6.nat64 }}"
  # => "64:ff9b::192.0.2.33"

- name: With a network-specific /48
  ansible.builtin.debug:
    msg: "{{ '192.0.2.33' | homelab.ipv6.nat64('2001:db8:122::/48') }}"
  # => "2001:db8:122:c000:2:2100::"
"""

RETURN = r"""
_value:
  description: The IPv4-embedded IPv6 address, as RFC 5952 text.
  type: string
  sample: 64:ff9b::192.0.2.33
"""

from ansible_collections.homelab.ipv6.plugins.module_utils._core.nat64 import WELL_KNOWN_PREFIX, nat64_text
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('nat64')
def nat64(ipv4, prefix=WELL_KNOWN_PREFIX):
    return nat64_text(ipv4, prefix)


class FilterModule:
    def filters(self):
        return {'nat64': nat64}
