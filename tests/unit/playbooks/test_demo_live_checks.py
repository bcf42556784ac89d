# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make demo`'s live checks (molecule/home/tasks/live-checks.yml) fail the demo, naming
the check, when one does not pass: a deliberately broken check beside a good one, run on
the controller itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

LIVE_CHECKS = Path(__file__).resolve().parents[3] / 'molecule' / 'home' / 'tasks' / 'live-checks.yml'


def run_checks(tmp_path, checks, retries=1):
    playbook = tmp_path / 'checks.yml'
    playbook.write_text(json.dumps([{
        'name': 'Live checks', 'hosts': 'localhost', 'connection': 'local', 'gather_facts': False,
        'tasks': [{'name': 'Run them', 'ansible.builtin.include_tasks': str(LIVE_CHECKS),
                   'vars': {'live_checks': checks, 'live_checks_file': str(tmp_path / 'live-checks.txt'),
                            'live_checks_title': 'the controller', 'live_checks_retries': retries,
                            'live_checks_delay': 0}}],
    }]))
    run = subprocess.run(['ansible-playbook', '-i', 'localhost,', '-e', 'ansible_python_interpreter=' + sys.executable,
                          str(playbook)],
                         env=dict(os.environ, ANSIBLE_NOCOLOR='1'), capture_output=True, text=True, check=False)
    return run, (tmp_path / 'live-checks.txt').read_text()


GOOD = {'what': 'a check that answers', 'command': 'echo homelab'}


def test_a_broken_check_fails_the_demo_and_is_named(tmp_path):
    run, page = run_checks(tmp_path, [GOOD, {'what': 'a deliberately broken check', 'command': 'false'},
                                      {'what': 'a check with no answer', 'command': 'true'}])
    assert run.returncode != 0
    assert ('live checks failed on localhost: a deliberately broken check; a check with no answer'
            in run.stdout), run.stdout
    assert '- ok   a check that answers' in page
    assert '- FAIL a deliberately broken check' in page and '- FAIL a check with no answer' in page


@pytest.mark.parametrize('checks', [[GOOD], [GOOD, dict(GOOD, what='another')]])
def test_the_demo_passes_when_every_check_does(tmp_path, checks):
    run, page = run_checks(tmp_path, checks)
    assert run.returncode == 0, run.stdout + run.stderr
    assert '## Live checks, from localhost (the controller)' in page and 'FAIL' not in page


def test_a_check_that_passes_once_the_network_settles_passes(tmp_path):
    counter = tmp_path / 'tries'
    settling = {'what': 'a check that answers on its third try',
                'command': f"sh -c 'echo x >> {counter}; [ $(wc -l < {counter}) -ge 3 ] && echo settled'"}
    run, page = run_checks(tmp_path, [settling], retries=5)
    assert run.returncode == 0, run.stdout[-2000:]
    assert '- ok   a check that answers on its third try' in page, page
