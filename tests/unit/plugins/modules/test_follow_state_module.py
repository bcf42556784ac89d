# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json

from ansible_collections.homelab.ipv6.plugins.module_utils._core.follow_state import read_state
from ansible_collections.homelab.ipv6.plugins.modules import follow_state

RADVD = {'lans': ['home'], 'settings': {'max_interval': 600}, 'config': '/etc/radvd.conf'}


def test_a_role_state_is_written_once_root_only_and_the_follower_reads_it_back(run_module, tmp_path):
    args = {'role': 'radvd', 'content': RADVD, 'directory': str(tmp_path / 'follow')}
    result, failed, _warnings = run_module(follow_state, args)
    path = tmp_path / 'follow' / 'radvd.json'
    assert not failed and result['changed'] and result['path'] == str(path)
    assert oct(path.stat().st_mode & 0o777) == '0o640'
    assert read_state('radvd', str(path)) == RADVD
    result, failed, _warnings = run_module(follow_state, args)
    assert not failed and not result['changed']


def test_absent_removes_the_state_and_check_mode_writes_nothing(run_module, tmp_path):
    path = tmp_path / 'radvd.json'
    path.write_text(json.dumps(RADVD))
    result, failed, _warnings = run_module(follow_state, {'role': 'radvd', 'state': 'absent', 'directory': str(tmp_path)},
                                           check_mode=True)
    assert not failed and result['changed'] and path.exists()
    result, failed, _warnings = run_module(follow_state, {'role': 'radvd', 'state': 'absent', 'directory': str(tmp_path)})
    assert not failed and result['changed'] and not path.exists()
    result, failed, _warnings = run_module(follow_state, {'role': 'radvd', 'state': 'absent', 'directory': str(tmp_path)})
    assert not failed and not result['changed']


def test_a_state_that_breaks_the_contract_is_refused_before_anything_is_written(run_module, tmp_path):
    content = dict(RADVD, settings={'max_intervall': 600}, colour='red')
    del content['config']
    result, failed, _warnings = run_module(follow_state, {'role': 'radvd', 'content': content, 'directory': str(tmp_path)})
    assert failed
    assert result['msg'] == ('content: the state of radvd lacks config; the state of radvd has colour, which the follower '
                             'does not read; the settings of radvd have max_intervall, which its writer does not know '
                             '(a bug of the role, not of your inventory: please report it).')
    assert not (tmp_path / 'radvd.json').exists()
