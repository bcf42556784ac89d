#!/usr/bin/python
# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: unknown_variables
short_description: Warn about a role's variables that it does not declare
version_added: 0.1.0
description:
  - Warns about every variable that starts with the role's prefix (C(radvd_) for the radvd role)
    and that the role's argument spec does not declare, naming the declared variable it is
    closest to, for example C(radvd_max_intervall is set, but the radvd role has no such variable,
    so it does nothing; did you mean radvd_max_interval?).
  - A misspelt variable is otherwise ignored without a word. Each role of the collection runs
    this first.
  - Runs on the controller; it changes nothing.
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
- name: Warn about radvd_ variables the role does not know
  homelab.ipv6.unknown_variables:
"""

RETURN = r"""
unknown:
  description: The variables found that the role does not declare.
  returned: always
  type: list
  elements: str
  sample: [radvd_max_intervall]
"""
