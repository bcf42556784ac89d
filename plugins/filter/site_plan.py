# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: site_plan
short_description: Check the site description and expand it into the plan every role reads
version_added: 0.1.0
description:
  - Checks the shared site description (C(homelab_site) in the inventory, described in
    C(docs/site-description.md)) and returns it expanded, so that no role computes a prefix or an address
    on its own.
  - Each LAN gains C(ula_prefix) and C(gua_prefix) (its /64s), C(prefixes), and the router
    advertisement flags of its mode (C(managed), C(other), C(autonomous), the A flag on every
    prefix), C(slaac_prefixes) (the prefixes advertised with the A flag) and
    C(dhcpv6_prefix) (the /64 DHCPv6 leases addresses in, or null). Each host gains C(lan),
    C(ula_address), C(gua_address) and C(dhcpv6_address) (its reservation) from its fixed
    interface id.
  - "A bad value fails with its inventory path, for example
    C(homelab_site.lans[1].mode: 'statefull' is not a LAN mode)."
  - "With C(gua: dhcpv6-pd) the ISP delegates the prefix: C(delegation) is what the router's
    DHCPv6-PD client keeps, and until it holds a prefix the LANs have their ULA alone."
positional: ula, gua, delegation
options:
  _input:
    description: The site description.
    type: dict
    required: true
  ula:
    description:
      - The site's generated ULA /48 (the C(homelab.ipv6.ula_prefix) module's result), used
        when the description has no C(ula) of its own.
    type: string
  gua:
    description:
      - A global prefix the site learnt, such as the 6rd delegated prefix the C(homelab.ipv6.sixrd)
        role keeps, used when the description has no C(gua) of its own.
    type: string
  delegation:
    description:
      - "For a description with C(gua: dhcpv6-pd), the delegation the C(homelab.ipv6.router) role's
        DHCPv6-PD client keeps on the router (its C(homelab_prefix_delegation) local fact), with
        C(prefix), C(interface), C(preferred_until) and C(valid_until) (seconds since the epoch)."
    type: dict
"""

EXAMPLES = r"""
- name: The /64 of the LAN named home
  ansible.builtin.debug:
    msg: "{{ (homelab_site | homelab.ipv6.site_plan).lans | selectattr('name', '==', 'home') | map(attribute='ula_prefix') | first }}"
  # => "fd7a:b5e0:1b00:1::/64" with ula fd7a:b5e0:1b00::/48 and subnet_id 1
"""

RETURN = r"""
_value:
  description:
    - The plan, the one contract every role reads. Every key is listed here; a unit test fails
      when the plan and this list differ. Prefixes and addresses are RFC 5952 text.
  type: dict
  contains:
    domain:
      description: The home domain, lowercase, without a trailing dot.
      type: string
    ula:
      description: The site's ULA /48, from the description or the generated one.
      type: string
    gua:
      description: The upstream prefix (the description's, a learnt 6rd delegation, or the ISP's DHCPv6-PD delegation), or null.
      type: string
    gua_source:
      description:
        - Where the GUA comes from - C(homelab_site.gua), C(6rd) or C(dhcpv6-pd) - or null for a site without one.
        - A C(dhcpv6-pd) site that holds no delegation (yet, or any more) has C(gua) null and this C(dhcpv6-pd).
      type: string
    gua_delegation:
      description:
        - "For C(gua: dhcpv6-pd), the delegation as the router keeps it, else null."
      type: dict
      contains:
        requested_length:
          description: The prefix length the router asks the ISP for (C(homelab_site.gua_length), 56 unless set).
          type: int
        prefix:
          description: The delegated prefix, or null while none is delegated.
          type: string
        interface:
          description: The uplink the delegation came on.
          type: string
        preferred_until:
          description: When the prefix stops being preferred, in seconds since the epoch.
          type: int
        valid_until:
          description: When the delegation ends, in seconds since the epoch, unless it is renewed.
          type: int
        preferred_lifetime:
          description: The preferred lifetime the ISP granted at its last reply, in seconds; null when infinite.
          type: int
        valid_lifetime:
          description: The valid lifetime the ISP granted at its last reply, in seconds; null when infinite.
          type: int
        previous:
          description: The prefix delegated before this one, when the ISP changed it or the lease ended.
          type: string
    nat64_prefix:
      description: The NAT64 prefix DNS64 synthesises into (C(64:ff9b::/96) unless the description sets one).
      type: string
    dns_server:
      description: The name of the host that runs the home resolver, or null.
      type: string
    reverse_zones:
      description:
        - The reverse zones that hold the site's PTRs - the ULA's and each LAN's IPv4 subnet's - as
          absolute names with a trailing dot.
      type: list
      elements: string
    gua_reverse_zones:
      description: The reverse zones of the upstream prefix (served only on request), absolute names; empty without a GUA.
      type: list
      elements: string
    lans:
      description: The LANs, in the description's order.
      type: list
      elements: dict
      contains:
        name:
          description: The LAN's name.
          type: string
        interface:
          description: The router's interface on the LAN.
          type: string
        subnet_id:
          description: The 16-bit subnet number, as an integer.
          type: int
        mode:
          description: The addressing mode, C(slaac), C(stateful), C(stateless) or C(hybrid).
          type: string
        ula_prefix:
          description: The LAN's ULA /64.
          type: string
        gua_prefix:
          description: The LAN's /64 of the upstream prefix, or null (no GUA, or a /64 upstream).
          type: string
        prefixes:
          description: The LAN's /64s, ULA first, then the GUA one when there is one.
          type: list
          elements: string
        ipv4:
          description: The LAN's IPv4 subnet, or null for an IPv6-only LAN.
          type: string
        ipv4_router:
          description:
            - The router's IPv4 address on the LAN (the router role puts it on the interface, DHCPv4
              hands it out as the gateway), or null. The first host of the subnet unless C(lans[].ipv4)
              is written as the router's address, such as C(192.168.1.254/24).
          type: string
        ipv4_pool:
          description:
            - The first and last address DHCPv4 leases on the LAN, or null. From C(lans[].ipv4_pool), else
              hosts 100 to 199 of a /24 or larger, and the upper half of a smaller subnet.
          type: list
          elements: string
        ipv4_mapped:
          description: The IPv4 subnet as a dual-stack socket sees it (C(::ffff:198.18.11.0/120)), or null.
          type: string
        dns64:
          description: Whether the LAN's clients get DNS64 answers.
          type: bool
        ipv6_mostly:
          description:
            - Whether the LAN is IPv6-mostly (RFC 8925), with DNS64 and an IPv4 subnet; its DHCPv4
              sends option 108 to the devices that ask for it.
          type: bool
        managed:
          description: The M flag of the LAN's router advertisements.
          type: bool
        other:
          description: The O flag of the LAN's router advertisements.
          type: bool
        autonomous:
          description: Whether every prefix of the LAN carries the A flag.
          type: bool
        slaac_prefixes:
          description: The prefixes advertised with the A flag (clients form SLAAC addresses there).
          type: list
          elements: string
        dhcpv6_prefix:
          description: The /64 DHCPv6 leases addresses in (a stateful LAN's GUA, else its ULA; a hybrid LAN's ULA), or null.
          type: string
        dns_servers:
          description: The home resolver's address on this LAN (its fixed id in the ULA /64), or empty without one.
          type: list
          elements: string
    hosts:
      description: The hosts, in the description's order.
      type: list
      elements: dict
      contains:
        name:
          description: The host name, lowercase, one DNS label.
          type: string
        mac:
          description: Its MAC, lowercase and colon-separated, or null.
          type: string
        ipv4:
          description: Its fixed IPv4 address, or null.
          type: string
        iid:
          description: Its fixed interface id (C(::100)), or null.
          type: string
        lan:
          description: The name of the LAN it is on, or null when the description does not tell.
          type: string
        ula_address:
          description: Its fixed address in its LAN's ULA /64, or null.
          type: string
        gua_address:
          description: Its fixed address in its LAN's GUA /64, or null.
          type: string
        dhcpv6_address:
          description: Its iid in the prefix its LAN leases in (its DHCPv6 reservation), or null.
          type: string
"""

from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import site_plan as expand
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('site_plan')
def site_plan(site, ula=None, gua=None, delegation=None):
    return expand(site, ula, gua, delegation)


class FilterModule:
    def filters(self):
        return {'site_plan': site_plan}
