# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: dhcp46_files
short_description: The DHCPv6 servers' files for LANs of the site plan
version_added: 0.1.0
description:
  - From the site plan, the LANs a host serves and the P(homelab.ipv6.dhcp46#role) role's settings,
    the text of Kea's C(kea-dhcp6.conf) (a subnet per LAN whose RAs send clients to DHCPv6, the
    pool and reservations of a stateful LAN in the prefix it leases in), of ISC dhcpd's
    C(dhcpd6.conf), and with a TSIG key of C(kea-dhcp-ddns.conf) (every reverse zone of the site,
    the GUA's too); and the dynamic DNS settings the DHCPv4 files share with them.
  - The role writes those files with it, and the router's prefix follower writes them again with
    the same code when the ISP delegates another prefix, so that the next converge finds the same
    bytes.
positional: lans, settings, key
options:
  _input:
    description: The site plan, from the P(homelab.ipv6.site_plan#filter) filter.
    type: dict
    required: true
  lans:
    description: The LANs this host serves, from the P(homelab.ipv6.served_lans#filter) filter.
    type: list
    elements: dict
    required: true
  settings:
    description:
      - The role's settings, named as its variables without C(dhcp46_) - C(ipv6_pool), C(lease_time),
        C(ntp_servers), C(ddns), C(generated_prefix) - and C(kea_conflict_modes) (Kea 2.5 or later),
        C(dns_server) (where the updates go), C(key_name), C(isc_key_file) (where dhcpd reads the key)
        and C(reverse_zones) (the reverse zones the resolver serves).
    type: dict
  key:
    description:
      - The TSIG key (C(name), C(algorithm), C(secret)) that C(kea-dhcp-ddns.conf) holds; without it
        that file is not made.
    type: dict
"""

EXAMPLES = r"""
- name: Write kea-dhcp6.conf
  ansible.builtin.copy:
    content: "{{ (site_plan | homelab.ipv6.dhcp46_files(site_plan.lans, {'ddns': false})).kea_dhcp6 }}"
    dest: /etc/kea/kea-dhcp6.conf
    mode: "0640"
    validate: kea-dhcp6 -t %s
"""

RETURN = r"""
_value:
  description: The files.
  type: dict
  contains:
    kea_dhcp6:
      description: The text of kea-dhcp6.conf.
      type: string
    dhcpd6:
      description: The text of dhcpd6.conf.
      type: string
    kea_ddns:
      description: The text of kea-dhcp-ddns.conf, when O(key) is given.
      type: string
    kea_ddns_client:
      description: The dynamic DNS members of kea-dhcp4.conf's C(Dhcp4) object, a line each ending in a comma.
      type: string
    isc_ddns4:
      description: The dynamic DNS lines of dhcpd.conf.
      type: string
"""

from ansible_collections.homelab.ipv6.plugins.module_utils._core.dhcp46_files import dhcp46_files as files_of
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import checked_plan, plan_lans


@filter_front_door('dhcp46_files')
def dhcp46_files(plan, lans, settings=None, key=None):
    return files_of(checked_plan(plan), plan_lans(lans), settings, key)


class FilterModule:
    def filters(self):
        return {'dhcp46_files': dhcp46_files}
