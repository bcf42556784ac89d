# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading and replacing the files the modules keep: a reader never sees half a file."""

from __future__ import annotations

import os


def read_text(path, missing=''):
    """The file's text, or ``missing`` when there is no such file."""
    try:
        with open(path, encoding='utf-8') as handle:
            return handle.read()
    except FileNotFoundError:
        return missing


def write_atomically(module, path, text, mode=0o644):
    """Replace ``path`` with ``text`` in one rename (AnsibleModule.atomic_move), creating
    its directory (0755) when missing. ``mode`` None keeps the mode of the file replaced."""
    directory = os.path.dirname(path) or '.'
    if not os.path.isdir(directory):
        os.makedirs(directory, 0o755)
    temporary = os.path.join(directory, '.%s.homelab-ipv6.tmp' % os.path.basename(path))
    with open(temporary, 'w', encoding='utf-8') as handle:
        handle.write(text)
    if mode is not None:
        os.chmod(temporary, mode)
    module.atomic_move(temporary, path)


def replace_file(module, path, before, after):
    """What a module reports for a file it keeps: ``changed`` and, when it changed, the
    ``diff``; the file is written unless in check mode."""
    if before == after:
        return dict(changed=False)
    if not module.check_mode:
        write_atomically(module, path, after)
    return dict(changed=True, diff=dict(before=before, after=after, before_header=path, after_header=path))
