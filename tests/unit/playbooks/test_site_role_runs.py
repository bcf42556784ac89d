# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The site role by a real ansible-playbook on this machine (local connection, check mode, so
nothing is written): an inventory with no routers group works, and a run previews every play
with the one ULA it will keep."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import ansible_collections.homelab.ipv6 as collection

ROOT = Path(collection.__path__[0])
ANSIBLE_PLAYBOOK = Path(sys.executable).parent / 'ansible-playbook'

# A resolver-only site: the router is not a Debian box of the inventory.
INVENTORY = f"""
dns_servers:
  hosts:
    gw:
      ansible_connection: local
      ansible_python_interpreter: {sys.executable}
all:
  vars:
    homelab_site:
      domain: home.arpa
      gua: 2001:db8:5501::/56
      lans:
        - {{name: home, interface: eth1, subnet_id: 1, ipv4: 192.168.1.0/24}}
"""

PLAYBOOK = """
- name: First play
  hosts: dns_servers
  gather_facts: false
  roles:
    - homelab.ipv6.site
  tasks:
    - name: Show the ULA
      ansible.builtin.debug:
        msg: "ULA of play 1: {{ site_plan.ula }}"

- name: Second play
  hosts: all
  gather_facts: false
  roles:
    - homelab.ipv6.site
  tasks:
    - name: Show the ULA
      ansible.builtin.debug:
        msg: "ULA of play 2: {{ site_plan.ula }}"
"""


def run(directory, inventory, playbook, *options):
    """ansible-playbook with ``inventory`` (text, written into ``directory``); its rc and all it printed."""
    (directory / 'hosts.yml').write_text(inventory)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(ROOT.parents[2]), ANSIBLE_NOCOLOR='1',
               ANSIBLE_FORCE_COLOR='0', ANSIBLE_LOCALHOST_WARNING='0')
    done = subprocess.run([str(ANSIBLE_PLAYBOOK), '-i', str(directory / 'hosts.yml'), *options, str(playbook)],
                          env=env, capture_output=True, text=True, timeout=300, check=False)
    return done.returncode, done.stdout + done.stderr


def test_a_check_run_without_routers_previews_every_play_with_one_ula(tmp_path):
    (tmp_path / 'site.yml').write_text(PLAYBOOK)
    returncode, output = run(tmp_path, INVENTORY, tmp_path / 'site.yml', '--check')
    assert returncode == 0, output
    ulas = re.findall(r'ULA of play \d: (fd[0-9a-f:]+/48)', output)
    assert len(ulas) == 2 and ulas[0] == ulas[1], output
    assert 'the site\'s ULA is to be generated on gw; this run shows %s' % ulas[0] in ' '.join(output.split()), output


def test_a_mistake_in_the_site_is_said_once_before_any_host_changes(tmp_path):
    returncode, output = run(tmp_path, INVENTORY.replace('interface: eth1,', 'interface: eth1, mode: statefull,'),
                             ROOT / 'playbooks' / 'check_inventory.yml')
    assert returncode != 0
    # ansible-core shows a failed task twice, as its error line and as the task's result; no chain of causes.
    assert output.count("homelab_site.lans[0].mode: 'statefull' is not a LAN mode") == 2, output
    assert 'caused by' not in output, output
