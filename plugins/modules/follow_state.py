#!/usr/bin/python
# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: follow_state
short_description: Leave the router's prefix follower what a role decided (internal to the collection's roles)
version_added: 0.1.0
description:
  - The roles of this collection call it; it is not meant for playbooks.
  - On a site whose ISP delegates the prefix (C(homelab_site.gua=dhcpv6-pd)), the router's prefix
    follower writes the files of each role again when the prefix changes. Each role leaves it
    its state with this module - its LANs, its writer's settings, where its files are - in
    C(/etc/homelab-ipv6/follow/<role>.json); on any other site the role removes it.
  - The state is checked against the contract the follower reads (the keys each role's state
    holds, and the settings its writer knows) before anything is written, so a role and the
    follower cannot drift apart.
options:
  role:
    description: The role whose state this is.
    type: str
    required: true
    choices: [router, radvd, dns_bind, dhcp46, dns64_nat64]
  state:
    description: V(present) writes O(content); V(absent) removes the role's file.
    type: str
    choices: [present, absent]
    default: present
  content:
    description: The role's state. Required with O(state=present).
    type: dict
  directory:
    description: Where the follower's states are; for tests.
    type: path
    default: /etc/homelab-ipv6/follow
attributes:
  check_mode:
    support: full
    description: Reports whether the file would change, without writing it.
  diff_mode:
    support: full
    description: Shows the file before and after.
notes:
  - The file is root's, mode C(0640); it is replaced in one rename, and only when it changes.
author:
  - homelab.ipv6 developers (@homelab-ipv6)
"""

EXAMPLES = r"""
- name: Leave the prefix follower radvd's LANs and settings
  homelab.ipv6.follow_state:
    role: radvd
    content:
      lans: [home]
      settings: {max_interval: 600}
      config: /etc/radvd.conf
"""

RETURN = r"""
path:
  description: The state file.
  type: str
  returned: always
  sample: /etc/homelab-ipv6/follow/radvd.json
"""

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.homelab.ipv6.plugins.module_utils._core.files import FileError, read_text, replace_file
from ansible_collections.homelab.ipv6.plugins.module_utils._core.follow_state import FOLLOW_DIR, ROLES, state_problems, state_text


def run_module(module):
    """Write or remove the role's state file; the module's result."""
    role, wanted = module.params['role'], module.params['state']
    path = os.path.join(module.params['directory'], role + '.json')
    try:
        return _kept(module, role, wanted, path)
    except FileError as error:
        module.fail_json(msg='directory: %s' % error, path=path)


def _kept(module, role, wanted, path):
    if wanted == 'absent':
        before = read_text(path, missing=None)
        if before is None:
            return dict(changed=False, path=path)
        if not module.check_mode:
            os.unlink(path)
        return dict(changed=True, path=path, diff=dict(before=before, after=''))
    problems = state_problems(role, module.params['content'])
    if problems:
        module.fail_json(msg='content: %s (a bug of the role, not of your inventory: please report it).'
                         % '; '.join(problems), path=path)
    return dict(path=path, **replace_file(module, path, read_text(path), state_text(module.params['content']), 0o640))


def main():
    module = AnsibleModule(
        argument_spec=dict(
            role=dict(type='str', required=True, choices=list(ROLES)),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
            content=dict(type='dict'),
            directory=dict(type='path', default=FOLLOW_DIR),
        ),
        required_if=[('state', 'present', ['content'])],
        supports_check_mode=True,
    )
    module.exit_json(**run_module(module))


if __name__ == '__main__':
    main()
