#!/usr/bin/python
# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: role_check
short_description: Check a role's variables and host before anything changes, and warn about those it does not declare
version_added: 0.1.0
description:
  - Warns about every variable that starts with the role's prefix (C(radvd_) for the radvd role)
    and that the role's argument spec does not declare, naming the declared variable it is
    closest to, for example C(radvd_max_intervall is set, but the radvd role has no such variable,
    so it does nothing; did you mean radvd_max_interval?).
  - A misspelt variable is otherwise ignored without a word.
  - Then fails with every problem found, one sentence each - the values of O(checks) that are
    wrong, the O(conditions) that do not hold - so that a run stops before anything on the
    host changes, and says all that is wrong at once.
  - Each role of the collection runs this first. Runs on the controller; it changes nothing.
options:
  prefix:
    description: The prefix of the role's variables. Default the role's name and C(_).
    type: str
  known:
    description: The variables the role declares. Default the options of the role's C(meta/argument_specs.yml).
    type: list
    elements: str
  role:
    description: The role's short name. Default the role this task is in.
    type: str
  checks:
    description:
      - The role's values, each a mapping of C(value), C(kind) (such as C(port), C(ip_address),
        C(domain_names)), C(path) (the variable's name, for the message), C(optional) and the kind's options,
        as the role_problems filter takes them.
    type: list
    elements: dict
    default: []
  conditions:
    description: Facts of the host or the site that must hold, each with the sentence that says what to do when not.
    type: list
    elements: dict
    default: []
    suboptions:
      that:
        description: Whether it holds.
        type: bool
        required: true
      problem:
        description: The sentence the run stops with when it does not.
        type: str
        required: true
attributes:
  check_mode:
    support: full
    description: Warns the same in check mode; it never changes anything.
  diff_mode:
    support: none
    description: There is nothing to show a difference of.
  action:
    support: full
    description: Runs on the controller, as an action plugin.
author:
  - homelab.ipv6 developers (@homelab-ipv6)
"""

EXAMPLES = r"""
- name: Check radvd's variables, and warn about radvd_ variables the role does not know
  homelab.ipv6.role_check:
    checks:
      - {value: "{{ radvd_rdnss }}", kind: unicast_ipv6, path: radvd_rdnss}
    conditions:
      - that: "{{ ansible_facts.interfaces | length > 1 }}"
        problem: A router needs a second interface.
"""

RETURN = r"""
unknown:
  description: The variables found that the role does not declare.
  returned: always
  type: list
  elements: str
  sample: [radvd_max_intervall]
problems:
  description: The sentences of the checks and conditions that failed.
  returned: always
  type: list
  elements: str
  sample: ["radvd_rdnss[0]: 'ff02::1' is not a unicast IPv6 address"]
"""
