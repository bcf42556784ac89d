# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a module's main() in-process and capture what it reports."""

from __future__ import annotations

import pytest
from ansible.module_utils import basic
from ansible.module_utils.testing import patch_module_args


class ModuleExit(Exception):
    """exit_json or fail_json was called; ``result`` holds what the module reported."""

    def __init__(self, result, failed):
        super().__init__(result)
        self.result = result
        self.failed = failed


@pytest.fixture
def run_module(monkeypatch):
    """run_module(module, args, check_mode=False) -> (result, failed, warnings)."""
    warnings = []

    def exit_json(self, **result):
        raise ModuleExit(result, failed=False)

    def fail_json(self, msg, **result):
        raise ModuleExit(dict(result, msg=msg), failed=True)

    monkeypatch.setattr(basic.AnsibleModule, 'exit_json', exit_json)
    monkeypatch.setattr(basic.AnsibleModule, 'fail_json', fail_json)
    monkeypatch.setattr(basic.AnsibleModule, 'warn', lambda self, warning: warnings.append(warning))

    def run(module, args, check_mode=False):
        del warnings[:]
        module_args = dict(args, _ansible_check_mode=check_mode)
        with patch_module_args(module_args), pytest.raises(ModuleExit) as reported:
            module.main()
        return reported.value.result, reported.value.failed, list(warnings)

    return run
