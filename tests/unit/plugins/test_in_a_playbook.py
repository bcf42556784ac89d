# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The plugins as users meet them: the filters templated and homelab.ipv6.role_check (an action
on the controller) run as the roles run it, by a real ansible-playbook run of a test playbook."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import ansible_collections.homelab.ipv6 as collection

PLAYBOOKS = Path(collection.__path__[0]) / 'tests' / 'playbooks'


@pytest.mark.parametrize('playbook, stats', [
    # Each filter's bad input is rescued, with the message the playbook expects.
    ('filters.yml', ['rescued=9']),
    ('role_check.yml', ['rescued=1', 'failed=0']),
])
def test_the_playbook_passes(playbook, stats):
    collections_root = Path(collection.__path__[0]).parents[2]
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections_root), ANSIBLE_NOCOLOR='1',
               ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_INVENTORY_UNPARSED_WARNING='0')
    playbook_command = Path(sys.executable).parent / 'ansible-playbook'
    run = subprocess.run([str(playbook_command), str(PLAYBOOKS / playbook)], env=env, capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert all(stat in run.stdout for stat in stats), run.stdout
