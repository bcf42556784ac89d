# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: address_plan_questions
short_description: What to ask the site's resolver for the address-plan report
version_added: 0.1.0
description:
  - The DNS questions whose answers the P(homelab.ipv6.address_plan#filter) filter reads, in
    the keys of its O(homelab.ipv6.address_plan#filter:dns) option.
  - First V(AAAA <fqdn>) and V(A <fqdn>) of every host of the plan, then V(PTR <address>) of
    every planned address and of every address found on the hosts (not loopback, not
    link-local), each once.
positional: hosts
options:
  _input:
    description: The site plan, as C(homelab.ipv6.site_plan) returns it.
    type: dict
    required: true
  hosts:
    description:
      - The hosts as the P(homelab.ipv6.address_plan#filter) filter takes them; their
        C(interfaces), or their gathered C(facts), give the addresses found.
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Ask the resolver, one question a line
  ansible.builtin.shell:
    cmd: while read -r rdtype name; do dig +short "$rdtype" "$name"; done
    stdin: "{{ site_plan | homelab.ipv6.address_plan_questions(observed_hosts) | join('\n') }}"
  changed_when: false
"""

RETURN = r"""
_value:
  description: The questions, each the record type and the name or address, separated by a blank.
  type: list
  elements: str
  sample: ["AAAA nas.home.arpa", "A nas.home.arpa", "PTR fd7a:b5e0:1b50:1::10"]
"""

from ansible_collections.homelab.ipv6.plugins.plugin_utils.address_plan import questions
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('address_plan_questions')
def address_plan_questions(plan, hosts):
    return questions(plan, hosts)


class FilterModule:
    def filters(self):
        return {'address_plan_questions': address_plan_questions}
