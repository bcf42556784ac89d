# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: host_records
short_description: DNS records of the site's hosts, ready for the nsupdate module
version_added: 0.1.0
description:
  - For every host of the site plan with fixed addresses, an AAAA record (its ULA and GUA
    addresses) and an A record (its IPv4 address) under the home domain.
  - For every such address whose PTR name is in one of O(reverse_zones), its PTR record.
  - Names are absolute, so the list goes into M(homelab.ipv6.nsupdate) as it is.
positional: reverse_zones
options:
  _input:
    description: The site plan, from the P(homelab.ipv6.site_plan#filter) filter.
    type: dict
    required: true
  reverse_zones:
    description: The reverse zones the server holds, such as V(0.0.b.1.0.e.5.b.a.7.d.f.ip6.arpa).
    type: list
    elements: string
    default: []
"""

EXAMPLES = r"""
- name: The hosts of the site, forward and reverse
  homelab.ipv6.nsupdate:
    server: ::1
    key_file: /etc/bind/homelab-ddns.key
    records: "{{ site_plan | homelab.ipv6.host_records([site_plan.ula | homelab.ipv6.ptr_zone]) }}"
"""

RETURN = r"""
_value:
  description: Records as the nsupdate module takes them.
  type: list
  elements: dict
  sample:
    - {name: nas.home.arpa., type: AAAA, values: ["fd7a:b5e0:1b00:1::10"]}
    - {name: 0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.0.0.b.1.0.e.5.b.a.7.d.f.ip6.arpa., type: PTR, values: [nas.home.arpa.]}
"""

from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_queries import host_records as records_of_hosts
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('host_records')
def host_records(plan, reverse_zones=None):
    return records_of_hosts(plan, reverse_zones)


class FilterModule:
    def filters(self):
        return {'host_records': host_records}
