# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: ipv6_kind
short_description: What an IPv6 address is - block, scope, embedded IPv4, interface identifier
version_added: 0.1.0
description:
  - Classifies an IPv6 address by the special-purpose blocks of RFC 4291, RFC 6890 and the IANA
    registry, gives its scope (RFC 7346 for multicast), the IPv4 address it embeds, and how its
    interface identifier was probably made.
options:
  _input:
    description: An IPv6 address; a zone such as V(%eth0) is ignored.
    type: string
    required: true
"""

EXAMPLES = r"""
- name: Is this a SLAAC address, and from which MAC?
  ansible.builtin.debug:
    msg: "{{ '2402:6b00:22cd:bf80:22c9:d0ff:fe8b:2b5' | homelab.ipv6.ipv6_kind }}"
  # => kind: global, interface_id_kind: eui64, mac: 20:c9:d0:8b:02:b5, ...

- name: Refuse to put a link-local address into DNS
  ansible.builtin.assert:
    that: (server_address | homelab.ipv6.ipv6_kind).kind in ['global', 'ula']
"""

RETURN = r"""
_value:
  description: Facts about the address.
  type: dict
  contains:
    address:
      description: The address as RFC 5952 text.
      type: string
    kind:
      description:
        - One of V(unspecified), V(loopback), V(ipv4-mapped), V(ipv4-compatible), V(nat64),
          V(discard), V(teredo), V(documentation), V(6to4), V(global), V(ula), V(link-local),
          V(site-local), V(multicast), V(reserved).
      type: string
    scope:
      description:
        - V(host), V(link-local), V(site-local) or V(global) for unicast; the RFC 7346 scope name
          for multicast; null for the unspecified address.
      type: string
    embedded_ipv4:
      description: The IPv4 address inside an IPv4-mapped, NAT64, 6to4 or Teredo (client) address.
      type: string
    teredo_server:
      description: The Teredo server of a Teredo address.
      type: string
    interface_id:
      description: The low 64 bits of a unicast address, such as V(::22c9:d0ff:fe8b:2b5).
      type: string
    interface_id_kind:
      description:
        - V(eui64) (C(ff:fe) in the middle), V(manual) (short, upper 32 bits zero),
          V(temporary-looking) (u bit 0, as RFC 4941 temporary addresses) or V(other).
      type: string
    mac:
      description: The MAC an EUI-64 interface identifier was made from.
      type: string
    multicast_flags:
      description: The R, P and T flags of a multicast address.
      type: dict
"""

from ansible_collections.homelab.ipv6.plugins.module_utils._classification import classify
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('ipv6_kind')
def ipv6_kind(address):
    return classify(address)


class FilterModule:
    def filters(self):
        return {'ipv6_kind': ipv6_kind}
