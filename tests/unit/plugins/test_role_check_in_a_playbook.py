# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""homelab.ipv6.role_check (an action on the controller) as the roles run it: in ansible-playbook."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import ansible_collections.homelab.ipv6 as collection

PLAYBOOK = Path(collection.__path__[0]) / 'tests' / 'playbooks' / 'role_check.yml'


def test_role_check_playbook_passes():
    collections_root = Path(collection.__path__[0]).parents[2]
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections_root), ANSIBLE_NOCOLOR='1',
               ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_INVENTORY_UNPARSED_WARNING='0')
    playbook_command = Path(sys.executable).parent / 'ansible-playbook'
    run = subprocess.run([str(playbook_command), str(PLAYBOOK)], env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert 'rescued=1' in run.stdout and 'failed=0' in run.stdout, run.stdout
