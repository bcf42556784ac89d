# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The router role copies the collection's core package, and nothing else, to run the prefix
follower and the Thread route learner, and the dhcp46 role to run the device watcher: each must
import with that package alone, without Ansible."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CORE = ROOT / 'plugins' / 'module_utils' / '_core'

_PROBE = '''
import json, sys
import ansible_collections.homelab.ipv6.plugins.module_utils._core.prefix_follower
import ansible_collections.homelab.ipv6.plugins.module_utils._core.device_watcher
import ansible_collections.homelab.ipv6.plugins.module_utils._core.route_information
print(json.dumps({name: getattr(module, '__file__', None) for name, module in sys.modules.items()
                  if name == 'ansible' or name.startswith(('ansible.', 'ansible_collections.homelab'))}))
'''


def test_the_follower_the_device_watcher_and_the_thread_route_learner_run_from_the_copied_core_package_alone(tmp_path):
    # What the router role's copy task writes: every .py file of the package, in its place.
    dest = tmp_path / 'ansible_collections' / 'homelab' / 'ipv6' / 'plugins' / 'module_utils' / '_core'
    for source in CORE.rglob('*.py'):
        target = dest / source.relative_to(CORE)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    result = subprocess.run([sys.executable, '-s', '-c', _PROBE], cwd=tmp_path, env={'PYTHONPATH': str(tmp_path)},
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert 'ansible' not in loaded
    assert all(path is None or path.startswith(str(tmp_path)) for path in loaded.values()), loaded
