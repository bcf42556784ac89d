# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""A role's files written in one step: each new text is checked by its daemon's own checker
before any file is replaced, and a file is replaced in one rename, so a daemon never reads a
half-written or refused file, and a refused one leaves every file as it was."""

from __future__ import annotations

import grp
import os
import pwd
import shlex
import stat
import tempfile

from ansible_collections.homelab.ipv6.plugins.module_utils._core.files import FileError, read_text


class ConfigFileError(Exception):
    """A file that cannot be written or that its checker refused; the message says which and why."""


def _id(spec, key, lookup, check_mode):
    """The id of the file's owner or group (-1 keeps the one it has). In check mode a user
    or group the run's packages would create is not there yet, and is not held against it."""
    if not spec.get(key):
        return -1
    try:
        return lookup(spec[key])[2]
    except KeyError:
        if check_mode:
            return -1
        raise ConfigFileError('%s: the %s %s does not exist on this host' % (spec['path'], key, spec[key])) from None


def _ids(spec, check_mode=False):
    """The uid and gid a file or directory should have (-1 keeps the one it has)."""
    return _id(spec, 'owner', pwd.getpwnam, check_mode), _id(spec, 'group', grp.getgrnam, check_mode)


def _mode(spec, default):
    return int(spec['mode'], 8) if spec.get('mode') else default


def _drifts(path, mode, uid, gid):
    """Whether the existing ``path`` has another mode, owner or group than wanted."""
    found = os.lstat(path)
    return (stat.S_IMODE(found.st_mode) != mode or uid not in (-1, found.st_uid) or gid not in (-1, found.st_gid))


def _set_ids(path, mode, uid, gid):
    os.chown(path, uid, gid)
    os.chmod(path, mode)


def ensure_directories(directories, check_mode):
    """Create or fix each directory; the paths that changed."""
    changed = []
    for spec in directories:
        path, mode = spec['path'], _mode(spec, 0o755)
        uid, gid = _ids(spec, check_mode)
        if os.path.isdir(path) and not _drifts(path, mode, uid, gid):
            continue
        if os.path.exists(path) and not os.path.isdir(path):
            raise ConfigFileError('%s is a file, not a directory' % path)
        changed.append(path)
        if not check_mode:
            os.makedirs(path, mode, exist_ok=True)
            _set_ids(path, mode, uid, gid)
    return changed


def _before(path):
    """The file's text, None when there is none (files.read_text, whose errors name the path)."""
    try:
        return read_text(path, missing=None)
    except FileError as error:
        raise ConfigFileError(str(error)) from None


def planned_changes(files, check_mode=False):
    """Each file whose text, mode, owner or group differs from what is wanted, with its text before."""
    changes = []
    for spec in files:
        path, mode = spec['path'], _mode(spec, 0o644)
        uid, gid = _ids(spec, check_mode)
        before = _before(path)
        if before is None or before != spec['content'] or _drifts(path, mode, uid, gid):
            changes.append(dict(spec, before=before, mode_bits=mode, uid=uid, gid=gid))
    return changes


def _staged(change, run_command):
    """A temporary file beside the file, with the new text and its mode, checked by its checker."""
    path = change['path']
    directory = os.path.dirname(path) or '.'
    try:
        # A file's missing directory is made as mkdir -p would (0755), when no directory names it.
        os.makedirs(directory, 0o755, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix='.%s.' % os.path.basename(path), suffix='.tmp')
        with os.fdopen(handle, 'w', encoding='utf-8') as out:
            out.write(change['content'])
        _set_ids(temporary, change['mode_bits'], change['uid'], change['gid'])
    except OSError as error:
        raise ConfigFileError('%s cannot be written (%s)' % (path, error.strerror or error)) from None
    if change.get('validate'):
        argv = [temporary if word == '%s' else word.replace('%s', temporary) for word in shlex.split(change['validate'])]
        status, out, err = run_command(argv)
        if status != 0:
            os.unlink(temporary)
            said = (err or out).strip() or 'exit status %d' % status
            raise ConfigFileError('the new %s was refused by %s, so no file was replaced: %s'
                                  % (path, change['validate'].split()[0], said.replace(temporary, path)))
    return temporary


def apply_changes(changes, run_command):
    """Stage and check every changed file, then replace them all; nothing is replaced when one
    is refused. ``run_command(argv)`` gives (status, stdout, stderr)."""
    staged = []
    try:
        for change in changes:
            staged.append(_staged(change, run_command))
    except ConfigFileError:
        for temporary in staged:
            os.unlink(temporary)
        raise
    for change, temporary in zip(changes, staged):
        os.replace(temporary, change['path'])


def diffs(changes):
    """The diff Ansible shows for each change; a secret file's text is not in it."""
    shown = []
    for change in changes:
        secret = change.get('secret')
        before = '' if change['before'] is None else change['before']
        shown.append(dict(before_header=change['path'], after_header=change['path'],
                          before='(secret, not shown)\n' if secret and before else before,
                          after='(secret, not shown)\n' if secret else change['content']))
    return shown
