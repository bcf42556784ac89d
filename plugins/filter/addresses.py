# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Address arithmetic for playbooks: EUI-64, PTR names and zones, NAT64, 6rd, ULA subnets and
what kind an address is. Each filter is documented beside this file in <name>.yml."""

from __future__ import annotations

from ansible_collections.homelab.ipv6.plugins.module_utils._classification import classify
from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import format_address, format_network
from ansible_collections.homelab.ipv6.plugins.module_utils._core.eui64 import (
    eui64_address,
    interface_id,
    interface_id_text,
)
from ansible_collections.homelab.ipv6.plugins.module_utils._core.nat64 import WELL_KNOWN_PREFIX, nat64_text
from ansible_collections.homelab.ipv6.plugins.module_utils._core.reverse_dns import covering_reverse_zones, ptr_name, reverse_zone
from ansible_collections.homelab.ipv6.plugins.module_utils._core.ula import subnet_text
from ansible_collections.homelab.ipv6.plugins.module_utils._sixrd import delegated_prefix
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('eui64')
def eui64(mac, prefix=None):
    if prefix is None:
        return interface_id_text(interface_id(mac))
    return format_address(eui64_address(mac, prefix))


@filter_front_door('ipv6_kind')
def ipv6_kind(address):
    return classify(address)


@filter_front_door('nat64')
def nat64(ipv4, prefix=WELL_KNOWN_PREFIX):
    return nat64_text(ipv4, prefix)


@filter_front_door('ptr')
def ptr(address):
    return ptr_name(address)


@filter_front_door('ptr_zone')
def ptr_zone(prefix, covering=False):
    if covering:
        return covering_reverse_zones(prefix)
    return reverse_zone(prefix)


@filter_front_door('sixrd')
def sixrd(ipv4, sixrd_prefix, ipv4_mask_len=0):
    return format_network(delegated_prefix(ipv4, sixrd_prefix, ipv4_mask_len))


@filter_front_door('ula_subnet')
def ula_subnet(ula48, subnet_id, prefixlen=64):
    return subnet_text(ula48, subnet_id, prefixlen)


class FilterModule:
    def filters(self):
        return {
            'eui64': eui64,
            'ipv6_kind': ipv6_kind,
            'nat64': nat64,
            'ptr': ptr,
            'ptr_zone': ptr_zone,
            'sixrd': sixrd,
            'ula_subnet': ula_subnet,
        }
