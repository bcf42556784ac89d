#!/usr/bin/python
# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sixrd_prefix
short_description: The 6rd values of this host's IPv4 address (RFC 5969), ready for a tunnel
version_added: 0.1.0
description:
  - Finds the target's public IPv4 address (given, or the first global address of the interface
    that carries the IPv4 default route) and computes what a 6rd tunnel needs, as a hand set-up does
    by hand with C(printf) - the delegated prefix, the CE's own address (V(::1) in the first
    /64 of it), the border relay as the tunnel's gateway (V(::a.b.c.d)) and the MTU.
  - Changes nothing on the target.
  - Warns when the IPv4 address is private (RFC 1918) or carrier-grade NAT (RFC 6598) while
    O(ipv4_mask_len=0), because the ISP's relay cannot route such a 6rd prefix back.
options:
  ipv4_address:
    description: The CE's public IPv4 address; found from the IPv4 default route when omitted.
    type: str
  sixrd_prefix:
    description: The ISP's 6rd prefix, such as V(2001:e41::/32).
    type: str
    required: true
  ipv4_mask_len:
    description: How many high bits of the IPv4 address all the ISP's CEs share and are left out.
    type: int
    default: 0
  border_relay:
    description: The IPv4 address of the ISP's 6rd border relay.
    type: str
    required: true
  mtu:
    description: The tunnel MTU, from 1280 to 1480.
    type: int
    default: 1280
attributes:
  check_mode:
    support: full
    description: Nothing is changed in any mode.
  diff_mode:
    support: none
    description: Nothing is changed, so there is no difference to show.
seealso:
  - name: RFC 5969
    description: IPv6 Rapid Deployment on IPv4 Infrastructures (6rd).
    link: https://www.rfc-editor.org/rfc/rfc5969
  - plugin: homelab.ipv6.sixrd
    plugin_type: filter
requirements:
  - C(ip) from iproute2 on the target, when O(ipv4_address) is omitted.
author:
  - homelab.ipv6 developers (@homelab-ipv6)
"""

EXAMPLES = r"""
- name: 6rd values of this VPS (an ISP's 6rd trial service)
  homelab.ipv6.sixrd_prefix:
    sixrd_prefix: 2001:e41::/32
    border_relay: 61.211.224.125
  register: sixrd

- name: The tunnel's address
  ansible.builtin.debug:
    msg: "{{ sixrd.address }}/{{ sixrd.sixrd_prefix | split('/') | last }} via {{ sixrd.gateway }}"
"""

RETURN = r"""
delegated_prefix:
  description: The prefix delegated to this CE.
  returned: success
  type: str
  sample: 2001:e41:cb00:712d::/64
address:
  description: The CE's own 6rd address, V(::1) in the first /64 of the delegated prefix.
  returned: success
  type: str
  sample: 2001:e41:cb00:712d::1
local_ipv4:
  description: The IPv4 address the tunnel starts from.
  returned: success
  type: str
  sample: 203.0.113.45
gateway:
  description: The border relay in IPv4-compatible form, the tunnel's IPv6 default gateway.
  returned: success
  type: str
  sample: ::198.51.100.1
border_relay:
  description: The border relay's IPv4 address.
  returned: success
  type: str
  sample: 198.51.100.1
sixrd_prefix:
  description: The ISP's 6rd prefix, as RFC 5952 text.
  returned: success
  type: str
  sample: 2001:e41::/32
ipv4_mask_len:
  description: The IPv4MaskLen used.
  returned: success
  type: int
  sample: 0
ipv4_prefix:
  description:
    - The IPv4 prefix all the ISP's CEs share, the high O(ipv4_mask_len) bits of the CE's
      address (C(ip tunnel 6rd ... 6rd-relay_prefix)); V(0.0.0.0/0) when O(ipv4_mask_len=0).
  returned: success
  type: str
  sample: 0.0.0.0/0
mtu:
  description: The tunnel MTU.
  returned: success
  type: int
  sample: 1280
"""

import json

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import AddressError, parse_address, parse_network
from ansible_collections.homelab.ipv6.plugins.module_utils._sixrd import is_public, tunnel


def _ip_json(module, ip_command, *args):
    rc, out, err = module.run_command([ip_command, '-j', '-4'] + list(args))
    if rc != 0:
        module.fail_json(msg='ip %s failed: %s' % (' '.join(args), err.strip()))
    return json.loads(out or '[]')


def default_route_ipv4(module):
    """The address this host's IPv4 default route leaves from."""
    ip_command = module.get_bin_path('ip', required=True)
    routes = _ip_json(module, ip_command, 'route', 'show', 'default')
    if not routes:
        module.fail_json(msg='ipv4_address: not given, and this host has no IPv4 default route to find it from')
    route = routes[0]
    if route.get('prefsrc'):
        return route['prefsrc']
    for interface in _ip_json(module, ip_command, 'address', 'show', 'dev', route['dev']):
        for address in interface.get('addr_info', []):
            if address.get('scope') == 'global':
                return address['local']
    module.fail_json(msg='ipv4_address: not given, and %s (the IPv4 default route) has no global IPv4 address' % route['dev'])


def run_module(module):
    """Everything the module does once its arguments are parsed; it exits through module."""
    params = module.params
    for name, version, parse in (('ipv4_address', 4, parse_address), ('border_relay', 4, parse_address),
                                 ('sixrd_prefix', 6, parse_network)):
        if params[name] is not None:
            try:
                parse(params[name], version=version)
            except AddressError as error:
                module.fail_json(msg='%s: %s' % (name, error))
    ipv4 = params['ipv4_address'] or default_route_ipv4(module)
    try:
        values = tunnel(ipv4, params['sixrd_prefix'], params['border_relay'], params['ipv4_mask_len'], params['mtu'])
    except AddressError as error:
        module.fail_json(msg=str(error))
    if params['ipv4_mask_len'] == 0 and not is_public(values['local_ipv4']):
        module.warn('%s is a private or carrier-grade NAT address: with ipv4_mask_len 0 its 6rd prefix %s '
                    'is not routed back to this host; 6rd needs the public IPv4 address'
                    % (values['local_ipv4'], values['delegated_prefix']))
    module.exit_json(changed=False, **values)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            ipv4_address=dict(type='str'),
            sixrd_prefix=dict(type='str', required=True),
            ipv4_mask_len=dict(type='int', default=0),
            border_relay=dict(type='str', required=True),
            mtu=dict(type='int', default=1280),
        ),
        supports_check_mode=True,
    )
    run_module(module)


if __name__ == '__main__':
    main()
