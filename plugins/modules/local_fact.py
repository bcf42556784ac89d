#!/usr/bin/python
# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: local_fact
short_description: Keep what a role offers other roles as a local fact of the host
version_added: 0.1.0
description:
  - Writes O(facts) as JSON to C(<directory>/<name>.fact), so that facts gathered on the host
    show them as C(ansible_local.<name>), in this play and in any later one, whichever
    playbook runs the roles that read them.
  - The file is replaced in one rename, and only when its content changes.
  - Gather the local facts again (C(ansible.builtin.setup) with C(gather_subset=local)) to see
    a change in the same play.
options:
  name:
    description: The fact's name, letters, digits and C(_).
    type: str
    required: true
  facts:
    description: What to keep; anything JSON can hold.
    type: dict
    required: true
  directory:
    description: Ansible's local facts directory.
    type: path
    default: /etc/ansible/facts.d
attributes:
  check_mode:
    support: full
    description: Reports whether the file would change, without writing it.
  diff_mode:
    support: full
    description: Shows the file before and after.
author:
  - homelab.ipv6 developers (@homelab-ipv6)
"""

EXAMPLES = r"""
- name: Tell the DHCP role where the key is
  homelab.ipv6.local_fact:
    name: homelab_dns_bind
    facts:
      key: {name: homelab-ddns, file: /etc/bind/homelab-ddns.key}
"""

RETURN = r"""
path:
  description: The fact file.
  type: str
  returned: always
  sample: /etc/ansible/facts.d/homelab_dns_bind.fact
"""

import os
import re

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import shown
from ansible_collections.homelab.ipv6.plugins.module_utils._core.files import FileError, fact_text, read_text, replace_file

_NAME = re.compile(r'[A-Za-z0-9_]+')


def run_module(module):
    """Everything the module does once its arguments are parsed; it exits through module."""
    name = module.params['name']
    if not _NAME.fullmatch(name):
        module.fail_json(msg='name: %s is not a fact name; use letters, digits and _' % shown(name))
    path = os.path.join(module.params['directory'], name + '.fact')
    try:
        result = replace_file(module, path, read_text(path), fact_text(module.params['facts']))
    except FileError as error:
        module.fail_json(msg='directory: %s' % error)
    module.exit_json(path=path, **result)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type='str', required=True),
            facts=dict(type='dict', required=True),
            directory=dict(type='path', default='/etc/ansible/facts.d'),
        ),
        supports_check_mode=True,
    )
    run_module(module)


if __name__ == '__main__':
    main()
