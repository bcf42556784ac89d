# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: address_plan
short_description: The site's address plan as it is, in Markdown and Graphviz, with mismatches
version_added: 0.1.0
description:
  - Sets the site plan beside what the hosts have (their addresses, from gathered facts) and
    what the site's resolver answers, and returns a Markdown page, a Graphviz graph and the
    list of differences.
  - The page shows the prefixes (GUA, ULA, 6rd delegation, NAT64, the routers' uplinks), the
    LANs with their RA mode, the servers by role, the planned names with their AAAA and A,
    and every host's addresses with their PTR names.
  - Flagged are a router's fixed address missing from its LAN interface, an address with the
    router's interface id in no prefix of the plan (left from an old prefix), and an AAAA, A
    or PTR answer other than the plan's. A question not in O(dns) is not checked.
  - The playbook C(homelab.ipv6.address_plan) gathers the input and writes the files.
positional: hosts, dns, gua_reverse
options:
  _input:
    description: The site plan, as C(homelab.ipv6.site_plan) returns it.
    type: dict
    required: true
  hosts:
    description:
      - Per inventory host, C(groups) (its inventory groups), C(interfaces) (interface name to
        its addresses), C(uplink) (a router's uplink interface), C(iid) (a router's interface
        id) and C(delegated_6rd) (the prefix its 6rd tunnel delegates).
    type: dict
    required: true
  dns:
    description:
      - The resolver's answers, keyed V(AAAA <fqdn>), V(A <fqdn>) or V(PTR <address>), each a list
        of the answer data (names with their trailing dot).
    type: dict
    default: {}
  gua_reverse:
    description: Whether the resolver serves the GUA reverse zones, so that GUA PTRs are expected.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Write the page
  ansible.builtin.copy:
    dest: address-plan.md
    content: "{{ (site_plan | homelab.ipv6.address_plan(observed_hosts, dns_answers)).markdown }}"
    mode: "0644"
"""

RETURN = r"""
_value:
  description: The report.
  type: dict
  contains:
    markdown:
      description: The Markdown page.
      type: str
    dot:
      description: The Graphviz graph (C(dot -Tsvg) draws it).
      type: str
    mismatches:
      description: Each difference between the plan and what is, one sentence each.
      type: list
      elements: str
      sample: ["home-gw: eth2 lacks 2001:db8:5601:2::1, its fixed address in LAN v6only's 2001:db8:5601:2::/64"]
"""

from ansible_collections.homelab.ipv6.plugins.plugin_utils.address_plan import report
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('address_plan')
def address_plan(plan, hosts, dns=None, gua_reverse=False):
    return report(plan, hosts, dns or {}, gua_reverse)


class FilterModule:
    def filters(self):
        return {'address_plan': address_plan}
