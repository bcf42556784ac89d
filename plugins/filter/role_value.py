# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: role_value
short_description: A role variable, checked before anything on the host changes
version_added: 0.1.0
description:
  - "Returns the value when it is a valid O(kind); otherwise fails with the variable's name and
    the value as written, for example C(router_firewall_ssh_port: 70000 is not a port; give a number
    from 0 to 65535 (0 for none))."
  - The roles run it in their first tasks, for the values no module checks before packages are
    installed or the firewall changes.
positional: kind, path
options:
  _input:
    description: The value.
    type: raw
    required: true
  kind:
    description:
      - What the value must be. V(interface_id) (such as V(::1)), V(interface_name) (at most 15 bytes),
        V(domain_name), V(host_name) (one DNS label), V(ipv4_address), V(ip_address),
        V(port), V(seconds), V(domain_names) (a list), V(unicast_ipv6) (a list),
        V(ip_addresses) (a list, no names), V(dns_records) (as M(homelab.ipv6.nsupdate) takes them),
        V(ufw_rules) (as M(homelab.ipv6.ufw6) takes them), V(jool_port_range).
    type: string
    required: true
  path:
    description: The variable's name, for the message.
    type: string
    required: true
  allow_zero:
    description: For V(port), whether V(0) (none) is allowed.
    type: bool
    default: false
  allow_empty:
    description: For V(ip_address), whether an empty string (none) is allowed.
    type: bool
    default: false
  minimum:
    description: For V(seconds), the least allowed.
    type: int
    default: 0
  zone:
    description: For V(dns_records), the zone relative names are in.
    type: string
"""

EXAMPLES = r"""
- name: Check router_firewall_ssh_port
  ansible.builtin.set_fact:
    __router_ssh_port: "{{ router_firewall_ssh_port | homelab.ipv6.role_value('port', 'router_firewall_ssh_port', allow_zero=true) }}"
"""

RETURN = r"""
_value:
  description: The value, normalised where the kind has one form (a port as a number, addresses as RFC 5952 text).
  type: raw
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import AddressError
from ansible_collections.homelab.ipv6.plugins.plugin_utils.role_values import role_value as checked


def role_value(value, kind, path, **options):
    try:
        return checked(value, kind, path, **options)
    except AddressError as error:
        # The message starts with the variable's name already; the filter's name would only hide it.
        raise AnsibleFilterError(str(error)) from None


class FilterModule:
    def filters(self):
        return {'role_value': role_value}
