# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A role's first task: warn about the variables its argument spec does not declare, and stop
the run with every problem of its values and of the host, before anything changes."""

from __future__ import annotations

import os

import yaml

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import AddressError
from ansible_collections.homelab.ipv6.plugins.plugin_utils.role_values import role_problems, unknown_variable_warning, unknown_variables

ARGUMENT_SPEC = dict(
    prefix=dict(type='str'),
    known=dict(type='list', elements='str'),
    role=dict(type='str'),
    checks=dict(type='list', elements='dict', default=[]),
    conditions=dict(type='list', elements='dict', default=[], options=dict(
        that=dict(type='bool', required=True),
        problem=dict(type='str', required=True),
    )),
)


def condition_problems(conditions):
    """The problem of each condition that does not hold."""
    return [condition['problem'] for condition in conditions if not condition['that']]


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(ARGUMENT_SPEC)
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        _validated, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        role = args['role'] or str(task_vars.get('role_name', '')).rsplit('.', 1)[-1]
        if not role:
            raise AnsibleActionFail('role: run this in a role, or name the role')
        known = args['known']
        if known is None:
            known = self._declared(task_vars.get('role_path'), role)
        found = unknown_variables(list(task_vars), args['prefix'] or role + '_', known)
        result.update(changed=False, unknown=[name for name, _close in found])
        if found:
            result['warnings'] = [unknown_variable_warning(name, close, role) for name, close in found]
        try:
            problems = role_problems(args['checks']) + condition_problems(args['conditions'])
        except AddressError as error:
            raise AnsibleActionFail(str(error)) from None
        result['problems'] = problems
        if problems:
            result.update(failed=True, msg=' '.join(problems))
        return result

    @staticmethod
    def _declared(role_path, role):
        """Every option of the role's argument specs, all entry points."""
        path = os.path.join(role_path or '', 'meta', 'argument_specs.yml')
        try:
            with open(path, encoding='utf-8') as handle:
                specs = yaml.safe_load(handle)['argument_specs']
        except (OSError, KeyError, TypeError, yaml.YAMLError) as error:
            raise AnsibleActionFail('known: the %s role has no readable argument spec at %s (%s)'
                                    % (role, path, error)) from None
        return sorted({name for entry in specs.values() for name in (entry or {}).get('options', {})})
