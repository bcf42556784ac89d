#!/usr/bin/python
# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ula_prefix
short_description: The site's ULA /48, generated once (RFC 4193) and kept
version_added: 0.1.0
description:
  - Returns the site's Unique Local Address prefix, a /48 in V(fd00::/8).
  - On the first run it generates one as RFC 4193 section 3.2.2 describes (SHA-1 over the NTP
    time and an EUI-64 made from a MAC of the target) and stores it in a local fact file, so
    every later run returns the same prefix with C(changed=false) and facts gathered on the
    target show it as C(ansible_local.homelab_ipv6_ula.prefix).
  - O(prefix) adopts a ULA the site already uses, after checking that it is a locally assigned
    /48; O(force=true) generates a new one. Either replaces the stored prefix, which renumbers
    every ULA of the site.
options:
  path:
    description: The file that keeps the prefix, as JSON.
    type: path
    default: /etc/ansible/facts.d/homelab_ipv6_ula.fact
  prefix:
    description: An existing ULA /48 to adopt, such as V(fd12:3456:789a::/48).
    type: str
  force:
    description: Generate a new prefix even if one is stored.
    type: bool
    default: false
attributes:
  check_mode:
    support: full
    description: Reports the prefix it would generate or adopt, without writing it.
  diff_mode:
    support: full
    description: Shows the stored file before and after.
seealso:
  - name: RFC 4193
    description: Unique Local IPv6 Unicast Addresses.
    link: https://www.rfc-editor.org/rfc/rfc4193
notes:
  - The MAC is the first individual, non-zero MAC in C(/sys/class/net); a host without one
    uses a random locally administered MAC instead, which RFC 4193 allows.
author:
  - homelab.ipv6 developers (@homelab-ipv6)
"""

EXAMPLES = r"""
- name: The site's ULA (generated on the first run, the same ever after)
  homelab.ipv6.ula_prefix:
  register: site_ula

- name: LAN 1 of the site
  ansible.builtin.debug:
    msg: "{{ site_ula.prefix | homelab.ipv6.ula_subnet(1) }}"

- name: Keep the ULA this network already uses
  homelab.ipv6.ula_prefix:
    prefix: fd12:3456:789a::/48
"""

RETURN = r"""
prefix:
  description: The site's ULA /48, as RFC 5952 text.
  returned: success
  type: str
  sample: fd12:3456:789a::/48
global_id:
  description: Its 40-bit Global ID, as 10 hex digits.
  returned: success
  type: str
  sample: 123456789a
path:
  description: The file that keeps it.
  returned: success
  type: str
  sample: /etc/ansible/facts.d/homelab_ipv6_ula.fact
"""

import json
import os
import time

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import AddressError, format_network
from ansible_collections.homelab.ipv6.plugins.module_utils._core.eui64 import format_mac, parse_mac
from ansible_collections.homelab.ipv6.plugins.module_utils._core.files import FileError, read_text, replace_file
from ansible_collections.homelab.ipv6.plugins.module_utils._core.ula import (
    generate_site_prefix,
    global_id_text,
    site_ula,
)

SYS_CLASS_NET = '/sys/class/net'


def system_mac():
    """The first MAC of this system that can name an interface, or a random local one."""
    try:
        interfaces = sorted(os.listdir(SYS_CLASS_NET))
    except OSError:
        interfaces = []
    for interface in interfaces:
        try:
            with open(os.path.join(SYS_CLASS_NET, interface, 'address')) as address_file:
                return format_mac(parse_mac(address_file.read().strip()))
        except (OSError, AddressError):
            continue
    random_octets = bytearray(os.urandom(6))
    random_octets[0] = (random_octets[0] | 0x02) & ~0x01 & 0xFF
    return format_mac(bytes(random_octets))


def read_stored(path):
    """(prefix, file text) kept at path, (None, '') without a file; AddressError if it is not ours."""
    text = read_text(path, None)
    if text is None:
        return None, ''
    try:
        return site_ula(json.loads(text)['prefix']), text
    except (ValueError, KeyError, TypeError) as error:
        raise AddressError('%s holds no ULA prefix (%s); correct or remove it, or set force: true'
                           % (path, error)) from None


def fact_text(prefix):
    return json.dumps({'prefix': format_network(prefix), 'global_id': global_id_text(prefix)}, indent=2) + '\n'


def run_module(module):
    """Everything the module does once its arguments are parsed; it exits through module."""
    path, given, force = module.params['path'], module.params['prefix'], module.params['force']

    if given is not None:
        try:
            wanted = site_ula(given)
        except AddressError as error:
            module.fail_json(msg='prefix: %s' % error)
    try:
        stored, stored_text = read_stored(path)
    except FileError as error:
        module.fail_json(msg='path: %s' % error)
    except AddressError as error:
        if given is None and not force:
            module.fail_json(msg='path: %s' % error)
        stored, stored_text = None, ''

    if given is None:
        wanted = stored if stored is not None and not force else generate_site_prefix(system_mac(), time.time())

    try:
        result = replace_file(module, path, stored_text, stored_text if wanted == stored else fact_text(wanted))
    except FileError as error:
        module.fail_json(msg='path: %s' % error)
    module.exit_json(prefix=format_network(wanted), global_id=global_id_text(wanted), path=path, **result)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            path=dict(type='path', default='/etc/ansible/facts.d/homelab_ipv6_ula.fact'),
            prefix=dict(type='str'),
            force=dict(type='bool', default=False),
        ),
        mutually_exclusive=[('prefix', 'force')],
        supports_check_mode=True,
    )
    run_module(module)


if __name__ == '__main__':
    main()
