# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: eui64
short_description: Modified EUI-64 interface identifier or SLAAC address of a MAC
version_added: 0.1.0
description:
  - Turns a MAC address into its modified EUI-64 interface identifier (RFC 4291 appendix A),
    that is C(ff:fe) inserted in the middle and the universal/local bit inverted.
  - With a /64 prefix, returns the address a host with that MAC forms by SLAAC in it.
  - Group (multicast) MACs, all-zero MACs and wrong lengths fail with a message naming the value.
positional: prefix
options:
  _input:
    description:
      - The MAC address, in any usual notation (V(20:c9:d0:8b:02:b5), V(20-C9-D0-8B-02-B5),
        V(20c9.d08b.02b5), V(20c9d08b02b5)), or an 8-octet EUI-64.
    type: string
    required: true
  prefix:
    description:
      - A /64 prefix such as V(2001:db8:1::/64). Without it the filter returns the interface
        identifier alone, written V(::22c9:d0ff:fe8b:2b5), the form C(ip token set) takes.
    type: string
"""

EXAMPLES = r"""
- name: Interface identifier of a MAC
  ansible.builtin.debug:
    msg: "{{ '20:c9:d0:8b:02:b5' | homelab.ipv6.eui64 }}"
  # => "::22c9:d0ff:fe8b:2b5"

- name: The SLAAC address this host forms on its LAN
  ansible.builtin.debug:
    msg: "{{ ansible_default_ipv4.macaddress | homelab.ipv6.eui64('2001:db8:1::/64') }}"
"""

RETURN = r"""
_value:
  description: The interface identifier or the address, as RFC 5952 text.
  type: string
  sample: 2001:db8:1:0:22c9:d0ff:fe8b:2b5
"""

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import format_address
from ansible_collections.homelab.ipv6.plugins.module_utils._core.eui64 import (
    eui64_address,
    interface_id,
    interface_id_text,
)
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('eui64')
def eui64(mac, prefix=None):
    if prefix is None:
        return interface_id_text(interface_id(mac))
    return format_address(eui64_address(mac, prefix))


class FilterModule:
    def filters(self):
        return {'eui64': eui64}
