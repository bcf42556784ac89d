# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every filter of the collection shares: core errors become filter errors that name it."""

from __future__ import annotations

import functools

from ansible.errors import AnsibleFilterError

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import AddressError
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.errors import DnsUpdateError


def filter_front_door(name):
    """Decorate a filter so that bad input fails the task with 'homelab.ipv6.<name>: <why>'."""
    def decorate(function):
        @functools.wraps(function)
        def filter_function(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except (AddressError, DnsUpdateError) as error:
                raise AnsibleFilterError('homelab.ipv6.%s: %s' % (name, error)) from None
        return filter_function
    return decorate
