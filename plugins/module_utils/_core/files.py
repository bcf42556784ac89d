# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""Reading and replacing the files the modules keep: a reader never sees half a file."""

from __future__ import annotations

import json
import os


class FileError(Exception):
    """A path the module cannot read or replace; the message names the path and why."""


def _why(error):
    if isinstance(error, IsADirectoryError):
        return 'is a directory, not a file'
    if isinstance(error, NotADirectoryError):
        return 'is below a file, not a directory'
    if isinstance(error, UnicodeDecodeError):
        return 'is not UTF-8 text'
    return 'cannot be used (%s)' % (error.strerror or error)


def fact_text(facts):
    """A local fact file's text: sorted, indented JSON, so that the same facts are the same
    file, whoever writes them (the local_fact module, the router's prefix follower)."""
    return json.dumps(facts, indent=2, sort_keys=True) + '\n'


def read_text(path, missing=''):
    """The file's text, or ``missing`` when there is no such file; FileError when ``path`` is
    something else (a directory, unreadable, not text)."""
    try:
        with open(path, encoding='utf-8') as handle:
            return handle.read()
    except FileNotFoundError:
        return missing
    except (OSError, UnicodeDecodeError) as error:
        raise FileError('%s %s' % (path, _why(error))) from None


def write_atomically(module, path, text, mode=0o644):
    """Replace ``path`` with ``text`` in one rename (AnsibleModule.atomic_move), creating
    its directory (0755) when missing. ``mode`` None keeps the mode of the file replaced."""
    directory = os.path.dirname(path) or '.'
    temporary = os.path.join(directory, '.%s.homelab-ipv6.tmp' % os.path.basename(path))
    try:
        if not os.path.isdir(directory):
            os.makedirs(directory, 0o755)
        with open(temporary, 'w', encoding='utf-8') as handle:
            handle.write(text)
    except OSError as error:
        raise FileError('%s %s' % (directory if not os.path.isdir(directory) else temporary, _why(error))) from None
    if mode is not None:
        os.chmod(temporary, mode)
    module.atomic_move(temporary, path)
    if mode is not None:
        # atomic_move gives a file that did not exist the umask's mode, whatever the temporary had.
        os.chmod(path, mode)


def replace_file(module, path, before, after, mode=0o644):
    """What a module reports for a file it keeps: ``changed`` and, when it changed, the
    ``diff``; the file is written (with ``mode``) unless in check mode."""
    if before == after:
        return dict(changed=False)
    if not module.check_mode:
        write_atomically(module, path, after, mode)
    return dict(changed=True, diff=dict(before=before, after=after, before_header=path, after_header=path))
