#!/usr/bin/python
# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: network_stack
short_description: Find the network stack that keeps a host's interface configuration
version_added: 0.1.0
description:
  - Tells which of systemd-networkd and ifupdown configures the host, so that a role puts its
    addresses or tunnels where that stack keeps them across a reboot.
  - For existing O(interfaces), the stack is the one that already configures them - networkd
    when C(networkctl status) names a C(.network) file for one of them, else ifupdown when
    C(ifquery) knows one - and V(none) when neither does.
  - Without O(interfaces) (a role that adds a new interface, such as a tunnel), the stack is the
    one the host runs - networkd when C(systemd-networkd.service) is active, else ifupdown when
    C(/sbin/ifup) is installed - and V(none) when neither.
  - Changes nothing; runs in check mode too.
options:
  interfaces:
    description: The existing interfaces the caller configures.
    type: list
    elements: str
    default: []
attributes:
  check_mode:
    support: full
    description: Reads the host the same way in check mode.
  diff_mode:
    support: none
    description: It changes nothing, so it has nothing to show.
author:
  - homelab.ipv6 developers (@homelab-ipv6)
"""

EXAMPLES = r"""
- name: Which stack keeps the router's LAN addresses
  homelab.ipv6.network_stack:
    interfaces: [eth0, eth1]
  register: router_stack
"""

RETURN = r"""
stack:
  description: V(networkd), V(ifupdown) or V(none), as the description says.
  type: str
  returned: always
  sample: networkd
networkd_links:
  description: The O(interfaces) that systemd-networkd configures.
  type: list
  elements: str
  returned: always
network_files:
  description: The C(.network) file systemd-networkd applied to each of RV(networkd_links), by interface.
  type: dict
  returned: always
  sample: {eth1: /etc/systemd/network/10-eth1.network}
ifupdown_links:
  description: The O(interfaces) that ifupdown knows (C(ifquery)).
  type: list
  elements: str
  returned: always
networkd_active:
  description: Whether C(systemd-networkd.service) is active.
  type: bool
  returned: always
ifupdown_installed:
  description: Whether ifupdown (C(/sbin/ifup)) is installed.
  type: bool
  returned: always
"""

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.homelab.ipv6.plugins.module_utils._network_stack import choose_stack, network_file


def run_module(module):
    """Everything the module does once its arguments are parsed; it exits through module."""
    interfaces = module.params['interfaces']
    systemctl, networkctl, ifquery = (module.get_bin_path(name) for name in ('systemctl', 'networkctl', 'ifquery'))
    networkd_active = bool(systemctl) and module.run_command(
        [systemctl, 'is-active', '--quiet', 'systemd-networkd.service'])[0] == 0
    network_files, ifupdown_links = {}, []
    for interface in interfaces:
        if networkctl:
            rc, out, _err = module.run_command([networkctl, '--no-pager', 'status', interface])
            applied = network_file(out) if rc == 0 else None
            if applied:
                network_files[interface] = applied
        if ifquery and module.run_command([ifquery, interface])[0] == 0:
            ifupdown_links.append(interface)
    ifupdown_installed = os.path.exists('/sbin/ifup')
    networkd_links = [interface for interface in interfaces if interface in network_files]
    module.exit_json(
        changed=False,
        stack=choose_stack(interfaces, networkd_links, ifupdown_links, networkd_active, ifupdown_installed),
        networkd_links=networkd_links,
        network_files=network_files,
        ifupdown_links=ifupdown_links,
        networkd_active=networkd_active,
        ifupdown_installed=ifupdown_installed,
    )


def main():
    module = AnsibleModule(
        argument_spec=dict(interfaces=dict(type='list', elements='str', default=[])),
        supports_check_mode=True,
    )
    run_module(module)


if __name__ == '__main__':
    main()
