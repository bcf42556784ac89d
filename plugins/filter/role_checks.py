# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The checks of the roles' variables, before anything on a host changes; internal to the
collection's roles. Each filter is documented beside this file in <name>.yml."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import AddressError
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door
from ansible_collections.homelab.ipv6.plugins.plugin_utils.role_values import role_problems as problems_of, role_value as checked


def role_value(value, kind, path, **options):
    try:
        return checked(value, kind, path, **options)
    except AddressError as error:
        # The message starts with the variable's name already; the filter's name would only hide it.
        raise AnsibleFilterError(str(error)) from None


@filter_front_door('role_problems')
def role_problems(checks):
    return problems_of(checks)


class FilterModule:
    def filters(self):
        return {
            'role_value': role_value,
            'role_problems': role_problems,
        }
