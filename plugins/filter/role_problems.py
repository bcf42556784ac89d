# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: role_problems
short_description: What is wrong with a role's variables, one sentence each
version_added: 0.1.0
description:
  - Checks each variable of the list as P(homelab.ipv6.role_value#filter) does and returns the
    sentence of each one that fails, naming the variable and the value as written; an empty list
    when all are valid.
  - The roles assert that there are none in their first task, so each sentence is said once; a
    filter that raised instead would see its message repeated in ansible-core's chain of causes.
options:
  _input:
    description:
      - The checks, each a mapping with C(value), C(kind) and C(path) (as P(homelab.ipv6.role_value#filter)
        takes them) and the kind's options (C(allow_zero), C(minimum), C(zone), C(what), C(allow_empty)).
    type: list
    elements: dict
    required: true
"""

EXAMPLES = r"""
- name: Check the role's variables before anything changes
  ansible.builtin.assert:
    that: __problems | length == 0
    fail_msg: "{{ __problems | join(' ') }}"
    quiet: true
  vars:
    __problems: >-
      {{ [{'value': router_firewall_ssh_port, 'kind': 'port', 'path': 'router_firewall_ssh_port', 'allow_zero': true}]
         | homelab.ipv6.role_problems }}
"""

RETURN = r"""
_value:
  description: The sentences, for example C(router_firewall_ssh_port is 70000 ...).
  type: list
  elements: str
"""

from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door
from ansible_collections.homelab.ipv6.plugins.plugin_utils.role_values import role_problems as problems_of


@filter_front_door('role_problems')
def role_problems(checks):
    return problems_of(checks)


class FilterModule:
    def filters(self):
        return {'role_problems': role_problems}
