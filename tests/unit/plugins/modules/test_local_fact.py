# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json

from ansible_collections.homelab.ipv6.plugins.modules import local_fact

FACTS = {'zones': ['home.arpa'], 'key': {'name': 'homelab-ddns'}}


def test_the_fact_is_written_once_as_json(run_module, tmp_path):
    directory = tmp_path / 'facts.d'
    args = {'name': 'homelab_dns_bind', 'facts': FACTS, 'directory': str(directory)}
    result, failed, _warnings = run_module(local_fact, args)
    path = directory / 'homelab_dns_bind.fact'
    assert not failed and result['changed'] and result['path'] == str(path)
    assert json.loads(path.read_text()) == FACTS
    assert oct(path.stat().st_mode & 0o777) == '0o644'
    result, failed, _warnings = run_module(local_fact, args)
    assert not failed and not result['changed']


def test_check_mode_writes_nothing(run_module, tmp_path):
    result, failed, _warnings = run_module(local_fact, {'name': 'x', 'facts': FACTS, 'directory': str(tmp_path)},
                                           check_mode=True)
    assert not failed and result['changed'] and '"zones"' in result['diff']['after']
    assert not (tmp_path / 'x.fact').exists()


def test_a_bad_name_is_refused(run_module, tmp_path):
    result, failed, _warnings = run_module(local_fact, {'name': '../x', 'facts': {}, 'directory': str(tmp_path)})
    assert failed and result['msg'] == "name: '../x' is not a fact name; use letters, digits and _"


def test_a_name_with_a_trailing_newline_is_refused(run_module, tmp_path):
    result, failed, _warnings = run_module(local_fact, {'name': 'homelab\n', 'facts': {}, 'directory': str(tmp_path)})
    assert failed and result['msg'] == "name: 'homelab\\n' is not a fact name; use letters, digits and _"
