# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: bind_files
short_description: The home resolver's BIND files and records for a site plan
version_added: 0.1.0
description:
  - From the site plan and the P(homelab.ipv6.dns_bind#role) role's settings, the text of
    C(named.conf.options) (the C(homelab-lans) ACL of every LAN prefix and subnet, listening,
    forwarding), of C(named.conf.local) (each zone primary, dynamic for the key alone), each
    zone's first file, and the records of the site's hosts and of the server's own name.
  - The role writes BIND's files with it, and the router's prefix follower writes them again
    with the same code when the ISP delegates another prefix (a new GUA reverse zone, new LAN
    prefixes in the ACL).
positional: settings
options:
  _input:
    description: The site plan, from the P(homelab.ipv6.site_plan#filter) filter.
    type: dict
    required: true
  settings:
    description:
      - The role's settings, named as its variables without C(dns_bind_) - C(listen_addresses),
        C(forwarders), C(forward), C(dnssec_validation), C(key_name), C(gua_reverse), C(ttl),
        C(server_name) - and C(key_file), C(zone_dir) and C(server_addresses) (the server's own
        fixed LAN addresses).
    type: dict
"""

EXAMPLES = r"""
- name: Write named.conf.local
  ansible.builtin.copy:
    content: "{{ (site_plan | homelab.ipv6.bind_files({'server_name': 'gw'})).local }}"
    dest: /etc/bind/named.conf.local
    mode: "0644"
    validate: named-checkconf %s
"""

RETURN = r"""
_value:
  description: The files and records.
  type: dict
  contains:
    options:
      description: The text of named.conf.options.
      type: string
    local:
      description: The text of named.conf.local.
      type: string
    zones:
      description: The zones, the home domain first, then its reverse zones, without trailing dots.
      type: list
      elements: string
    zone_files:
      description: Each zone's first file (named keeps the zone from updates after it), by zone.
      type: dict
    static_zone_files:
      description: The files of the zones no update changes, by zone (C(resolver.arpa), empty, RFC 9462).
      type: dict
    records:
      description: The records of the site's hosts and the server's own name, for P(homelab.ipv6.nsupdate#module).
      type: list
      elements: dict
"""

from ansible_collections.homelab.ipv6.plugins.module_utils._core.bind_files import bind_files as files_of
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import checked_plan


@filter_front_door('bind_files')
def bind_files(plan, settings=None):
    return files_of(checked_plan(plan), settings)


class FilterModule:
    def filters(self):
        return {'bind_files': bind_files}
