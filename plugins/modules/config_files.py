#!/usr/bin/python
# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: config_files
short_description: Write a role's files in one step, each checked by its daemon first (internal to the collection's roles)
version_added: 0.1.0
description:
  - The roles of this collection call it; it is not meant for playbooks.
  - Creates the directories, then compares each file with the text wanted. Every file that
    differs is written beside itself and checked by its O(files[].validate) command; only when
    all pass are they put in place, each in one rename. A file its checker refuses leaves every
    file as it was, and the message quotes the checker.
  - One task for what would be a task per file and directory, which is what an Ansible run
    over SSH pays for.
  - An action on the controller reads O(trees[].src) there (a directory of the collection) and
    hands the module its files.
options:
  files:
    description: The files, in the order they are checked.
    type: list
    elements: dict
    default: []
    suboptions:
      path:
        description: Where the file goes.
        type: path
        required: true
      content:
        description: Its text.
        type: str
        required: true
      mode:
        description: Its mode, in octal.
        type: str
        default: '0644'
      owner:
        description: Its owner; by default the one it has, root for a new file.
        type: str
      group:
        description: Its group; by default the one it has, root for a new file.
        type: str
      validate:
        description:
          - The checker, run on the new text before it replaces the file; V(%s) is the path of the new text.
        type: str
      secret:
        description: The text is a secret - it is never shown in a diff or in the run's output.
        type: bool
        default: false
  directories:
    description: The directories to create first, each a path or a dict of path, mode (default V(0755)), owner, group.
    type: list
    elements: raw
    default: []
  trees:
    description:
      - Directories on the controller to copy as they are, with their subdirectories (read by the action there).
    type: list
    elements: dict
    default: []
    suboptions:
      src:
        description: The directory on the controller.
        type: path
        required: true
      dest:
        description: Where its files go on the host.
        type: path
        required: true
      suffix:
        description: Only the files whose name ends so.
        type: str
        default: ''
attributes:
  check_mode:
    support: full
    description: Reports what would change; the checkers run when the files are written.
  diff_mode:
    support: full
    description: Shows each changed file before and after, but never a secret one.
notes:
  - Handlers of a role can tell which files changed from RV(changed_files).
author:
  - homelab.ipv6 developers (@homelab-ipv6)
"""

EXAMPLES = r"""
- name: Describe the NAT44 and install its unit
  homelab.ipv6.config_files:
    directories: [/etc/homelab-ipv6]
    files:
      - path: /etc/homelab-ipv6/nat44.nft
        content: "{{ lookup('ansible.builtin.template', 'nat44.nft.j2') }}"
        validate: nft --check --file %s
      - path: /etc/systemd/system/homelab-nat44.service
        content: "{{ lookup('ansible.builtin.template', 'nat44.service.j2') }}"
  register: __example_files
"""

RETURN = r"""
before:
  description: The text each changed file had before (null for a new one); a secret file is left out.
  type: dict
  returned: always
  sample: {/etc/radvd.conf: "interface eth1 { AdvSendAdvert on; };"}
changed_files:
  description: The files written (or that would be, in check mode), and the directories created.
  type: list
  elements: str
  returned: always
  sample: [/etc/homelab-ipv6/nat44.nft]
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.homelab.ipv6.plugins.module_utils._config_files import (
    ConfigFileError,
    apply_changes,
    diffs,
    ensure_directories,
    planned_changes,
)

FILE_OPTIONS = dict(
    path=dict(type='path', required=True),
    content=dict(type='str', required=True),
    mode=dict(type='str', default='0644'),
    owner=dict(type='str'),
    group=dict(type='str'),
    validate=dict(type='str'),
    secret=dict(type='bool', default=False),
)

TREE_OPTIONS = dict(
    src=dict(type='path', required=True),
    dest=dict(type='path', required=True),
    suffix=dict(type='str', default=''),
)


def _directories(items):
    return [dict(path=item) if isinstance(item, str) else item for item in items]


def run_module(module):
    """Create the directories and write the files; the module's result."""
    for spec in module.params['files']:
        if spec['secret']:
            module.no_log_values.add(spec['content'])
    try:
        created = ensure_directories(_directories(module.params['directories']), module.check_mode)
        changes = planned_changes(module.params['files'], module.check_mode)
        if changes and not module.check_mode:
            apply_changes(changes, module.run_command)
    except ConfigFileError as error:
        module.fail_json(msg='files: %s' % error)
    changed = created + [change['path'] for change in changes]
    before = {change['path']: change['before'] for change in changes if not change['secret']}
    return dict(changed=bool(changed), changed_files=changed, before=before, diff=diffs(changes))


def main():
    module = AnsibleModule(
        argument_spec=dict(
            files=dict(type='list', elements='dict', default=[], options=FILE_OPTIONS),
            directories=dict(type='list', elements='raw', default=[]),
            # The action on the controller reads the trees into files; the module never sees one.
            trees=dict(type='list', elements='dict', default=[], options=TREE_OPTIONS),
        ),
        supports_check_mode=True,
    )
    module.exit_json(**run_module(module))


if __name__ == '__main__':
    main()
