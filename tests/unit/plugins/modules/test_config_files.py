# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import os

from ansible_collections.homelab.ipv6.plugins.modules import config_files


def _files(tmp_path, **extra):
    return [dict(dict(path=str(tmp_path / 'etc' / 'a.conf'), content='a = 1\n'), **extra),
            dict(path=str(tmp_path / 'etc' / 'b.sh'), content='#!/bin/sh\n', mode='0755')]


def test_the_files_are_written_with_their_modes_once_and_a_rerun_changes_nothing(run_module, tmp_path):
    args = dict(directories=[str(tmp_path / 'etc'), dict(path=str(tmp_path / 'state'), mode='0700')], files=_files(tmp_path))
    result, failed, _warnings = run_module(config_files, args)
    assert not failed and result['changed']
    assert result['changed_files'] == [str(tmp_path / 'etc'), str(tmp_path / 'state'), str(tmp_path / 'etc' / 'a.conf'),
                                       str(tmp_path / 'etc' / 'b.sh')]
    assert (tmp_path / 'etc' / 'a.conf').read_text() == 'a = 1\n'
    assert oct((tmp_path / 'etc' / 'a.conf').stat().st_mode & 0o777) == '0o644'
    assert oct((tmp_path / 'etc' / 'b.sh').stat().st_mode & 0o777) == '0o755'
    assert oct((tmp_path / 'state').stat().st_mode & 0o777) == '0o700'
    assert result['before'] == {str(tmp_path / 'etc' / 'a.conf'): None, str(tmp_path / 'etc' / 'b.sh'): None}
    result, failed, _warnings = run_module(config_files, args)
    assert not failed and not result['changed'] and result['changed_files'] == []


def test_a_mode_that_drifted_is_put_back_and_check_mode_writes_nothing(run_module, tmp_path):
    run_module(config_files, dict(files=_files(tmp_path)))
    os.chmod(tmp_path / 'etc' / 'b.sh', 0o644)
    result, failed, _warnings = run_module(config_files, dict(files=_files(tmp_path)), check_mode=True)
    assert not failed and result['changed_files'] == [str(tmp_path / 'etc' / 'b.sh')]
    assert oct((tmp_path / 'etc' / 'b.sh').stat().st_mode & 0o777) == '0o644'
    result, failed, _warnings = run_module(config_files, dict(files=_files(tmp_path)))
    assert oct((tmp_path / 'etc' / 'b.sh').stat().st_mode & 0o777) == '0o755'


def test_a_file_its_checker_refuses_leaves_every_file_as_it_was(run_module, tmp_path):
    run_module(config_files, dict(files=_files(tmp_path)))
    files = [dict(path=str(tmp_path / 'etc' / 'a.conf'), content='a = 2\n', validate='true %s'),
             dict(path=str(tmp_path / 'etc' / 'b.sh'), content='exit 1\n', validate='sh -c "echo refused $0 >&2; exit 1" %s')]
    result, failed, _warnings = run_module(config_files, dict(files=files))
    assert failed
    assert result['msg'] == ('files: the new %s was refused by sh, so no file was replaced: refused %s'
                             % (tmp_path / 'etc' / 'b.sh', tmp_path / 'etc' / 'b.sh'))
    assert (tmp_path / 'etc' / 'a.conf').read_text() == 'a = 1\n'
    assert (tmp_path / 'etc' / 'b.sh').read_text() == '#!/bin/sh\n'
    assert sorted(os.listdir(tmp_path / 'etc')) == ['a.conf', 'b.sh']


def test_a_secret_file_is_never_in_the_diff_nor_in_before(run_module, tmp_path):
    files = [dict(path=str(tmp_path / 'key'), content='secret "c2VjcmV0";\n', mode='0600', secret=True)]
    result, failed, _warnings = run_module(config_files, dict(files=files))
    assert not failed and result['changed']
    assert 'c2VjcmV0' not in repr(result['diff']) and result['before'] == {}


def test_an_owner_that_does_not_exist_is_named(run_module, tmp_path):
    files = [dict(path=str(tmp_path / 'a.conf'), content='', group='no-such-group-here')]
    result, failed, _warnings = run_module(config_files, dict(files=files))
    assert failed and result['msg'] == 'files: %s: the group no-such-group-here does not exist on this host' % (tmp_path / 'a.conf')
    result, failed, _warnings = run_module(config_files, dict(files=files), check_mode=True)
    assert not failed and result['changed_files'] == [str(tmp_path / 'a.conf')]


def test_the_action_reads_a_tree_of_the_controller_without_caches(tmp_path):
    from ansible_collections.homelab.ipv6.plugins.action.config_files import tree_files
    (tmp_path / 'pkg' / 'sub' / '__pycache__').mkdir(parents=True)
    (tmp_path / 'pkg' / '__init__.py').write_text('')
    (tmp_path / 'pkg' / 'sub' / 'm.py').write_text('X = 1\n')
    (tmp_path / 'pkg' / 'sub' / 'notes.txt').write_text('no\n')
    (tmp_path / 'pkg' / 'sub' / '__pycache__' / 'm.cpython-311.pyc').write_text('')
    directories, files = tree_files(str(tmp_path / 'pkg'), '/usr/lib/x/pkg', '.py')
    assert directories == ['/usr/lib/x/pkg', '/usr/lib/x/pkg/sub']
    assert files == [dict(path='/usr/lib/x/pkg/__init__.py', content='', mode='0644'),
                     dict(path='/usr/lib/x/pkg/sub/m.py', content='X = 1\n', mode='0644')]
