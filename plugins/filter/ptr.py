# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: ptr
short_description: PTR owner name of an address in ip6.arpa or in-addr.arpa
version_added: 0.1.0
description:
  - Returns the absolute reverse DNS name of an address, nibble by nibble for IPv6
    (RFC 3596), octet by octet for IPv4, with the trailing dot.
  - A zone such as V(%eth0) is ignored. Anything that is not an address fails with a message
    naming the value.
options:
  _input:
    description: An IPv6 or IPv4 address.
    type: string
    required: true
"""

EXAMPLES = r"""
- name: PTR owner of the DNS server
  ansible.builtin.debug:
    msg: "{{ 'fd12:3456:789a:1::100' | homelab.ipv6.ptr }}"
  # => "0.0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.a.9.8.7.6.5.4.3.2.1.d.f.ip6.arpa."

- name: PTR owner of an IPv4 address
  ansible.builtin.debug:
    msg: "{{ '192.0.2.1' | homelab.ipv6.ptr }}"
  # => "1.2.0.192.in-addr.arpa."
"""

RETURN = r"""
_value:
  description: The PTR owner name, absolute.
  type: string
  sample: 1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.
"""

from ansible_collections.homelab.ipv6.plugins.module_utils._core.reverse_dns import ptr_name
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('ptr')
def ptr(address):
    return ptr_name(address)


class FilterModule:
    def filters(self):
        return {'ptr': ptr}
