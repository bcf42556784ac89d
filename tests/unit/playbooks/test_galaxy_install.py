# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection as Galaxy ships it: built with `ansible-galaxy collection build`, installed
from the tarball into an empty directory, its playbooks found by their collection names."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[3]
PLAYBOOKS = sorted(path.stem for path in (CHECKOUT / 'playbooks').glob('*.yml'))
BIN = Path(sys.executable).parent


@pytest.fixture(scope='module')
def installed(tmp_path_factory):
    """The collections directory holding only the installed tarball (dependencies come from
    the ansible package, as on a machine with `pip install ansible`)."""
    work = tmp_path_factory.mktemp('galaxy')
    subprocess.run([BIN / 'ansible-galaxy', 'collection', 'build', '--output-path', work, CHECKOUT],
                   check=True, capture_output=True, text=True)
    tarball = next(work.glob('homelab-ipv6-*.tar.gz'))
    collections = work / 'collections'
    # Only the target on the search path: the checkout's link would count as installed.
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections))
    subprocess.run([BIN / 'ansible-galaxy', 'collection', 'install', '--no-deps', '-p', collections, tarball],
                   check=True, capture_output=True, text=True, env=env)
    return collections


def test_the_tarball_holds_the_playbooks_and_roles_but_not_the_lab(installed):
    root = installed / 'ansible_collections' / 'homelab' / 'ipv6'
    assert (root / 'playbooks' / 'site.yml').is_file()
    assert (root / 'roles' / 'router' / 'meta' / 'argument_specs.yml').is_file()
    assert not (root / 'molecule').exists() and not (root / 'lab').exists()


@pytest.mark.parametrize('playbook', PLAYBOOKS)
def test_each_playbook_runs_by_its_collection_name(installed, playbook, tmp_path):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(installed), ANSIBLE_HOME=str(tmp_path))
    run = subprocess.run([BIN / 'ansible-playbook', '-i', 'localhost,', f'homelab.ipv6.{playbook}', '--syntax-check'],
                         env=env, capture_output=True, text=True, check=False, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f'homelab.ipv6.{playbook}' in run.stdout or 'playbook:' in run.stdout
