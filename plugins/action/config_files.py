# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hand the config_files module a role's files, those of the controller's trees included."""

from __future__ import annotations

import os

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase


def tree_files(src, dest, suffix=''):
    """The directories and files of the controller's directory ``src`` as they go below ``dest``:
    every file whose name ends with ``suffix``, compiled Python caches left out."""
    if not os.path.isdir(src):
        raise AnsibleActionFail('trees: %s is not a directory on the controller' % src)
    directories, files = [], []
    for top, subdirectories, names in os.walk(src):
        subdirectories[:] = sorted(name for name in subdirectories if name != '__pycache__')
        target = os.path.normpath(os.path.join(dest, os.path.relpath(top, src)))
        directories.append(target)
        for name in sorted(names):
            if name.endswith(suffix) and not name.endswith('.pyc'):
                with open(os.path.join(top, name), encoding='utf-8') as handle:
                    files.append(dict(path=os.path.join(target, name), content=handle.read(), mode='0644'))
    return directories, files


class ActionModule(ActionBase):
    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = dict(self._task.args)
        directories = list(args.get('directories') or [])
        files = list(args.get('files') or [])
        for tree in args.pop('trees', None) or []:
            tree_directories, found = tree_files(tree['src'], tree['dest'], tree.get('suffix') or '')
            directories += tree_directories
            files += found
        args.update(directories=directories, files=files)
        result.update(self._execute_module(module_name='homelab.ipv6.config_files', module_args=args,
                                           task_vars=task_vars))
        return result
