#!/usr/bin/python
# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: slaac_token
short_description: Make a host form its SLAAC addresses with a fixed interface id, now and at every boot
version_added: 0.1.0
description:
  - Sets O(token) as the interface id the host puts into every prefix its LAN advertises for
    SLAAC (a tokenized identifier; EUI-64 and RFC 7217 stable addresses step aside for it), so
    that the host holds the address its site plan publishes in DNS, in the ULA and in the GUA,
    and again in each new prefix after a renumbering.
  - The interface is O(interface), else the one that holds an address in O(networks), else the
    host's one interface that is up (a one-NIC server on a LAN whose prefixes are new).
  - The stack that configures the interface keeps the token across a reboot - systemd-networkd
    (a drop-in of the interface's C(.network) file, C(Token=static:)), NetworkManager (the
    connection's C(ipv6.token), in C(eui64) address generation mode, which is the one that uses
    a token) or ifupdown (an C(if-pre-up.d) hook, C(ip token set)) - and the module applies it
    at once.
  - With ifupdown, the addresses the kernel formed before the token are deprecated, not removed,
    so a session that uses one (the SSH connection of this very run) goes on, and new ones take
    the token's address; they expire with the lifetime the router gave them. systemd-networkd and
    NetworkManager replace them at once; a run that reaches the host at one of them (O(reached_at))
    is refused before anything changes.
  - Waits up to O(wait) seconds for O(addresses) to be formed and fails, naming the missing
    ones, when they are not.
options:
  token:
    description: The interface id, as an IPv6 address with only the low 64 bits set (V(::10)).
    type: str
    required: true
  networks:
    description: The LAN's prefixes and IPv4 subnet, by which the interface is found.
    type: list
    elements: str
    default: []
  addresses:
    description: The addresses the host forms with the token (the LAN's SLAAC prefixes with the token in them).
    type: list
    elements: str
    default: []
  interface:
    description: The host's interface on the LAN. Empty to find it by O(networks).
    type: str
    default: ''
  stack:
    description: The stack that keeps the token. V(auto) finds the one that configures the interface.
    type: str
    choices: [auto, networkd, networkmanager, ifupdown]
    default: auto
  wait:
    description: How long to wait for O(addresses), in seconds; 0 not to wait.
    type: int
    default: 30
  reached_at:
    description:
      - The address Ansible reaches the host at (C(ansible_host), else the inventory name). systemd-networkd and
        NetworkManager replace the interface's SLAAC addresses at once; when this is one of them,
        the module changes nothing and fails, saying how to reach the host instead.
    type: str
    default: ''
attributes:
  check_mode:
    support: full
    description: Reads the host and says what it would change; writes and sets nothing.
  diff_mode:
    support: full
    description: Shows the file or the connection settings it changes.
author:
  - homelab.ipv6 developers (@homelab-ipv6)
"""

EXAMPLES = r"""
- name: Form the NAS's addresses with its iid
  homelab.ipv6.slaac_token:
    token: "::10"
    networks: [fd12:3456:789a:1::/64, 192.168.1.0/24]
    addresses: [fd12:3456:789a:1::10]
"""

RETURN = r"""
interface:
  description: The interface that has the token.
  type: str
  returned: always
  sample: eth0
stack:
  description: The stack that keeps it, one of O(stack)'s choices but V(auto).
  type: str
  returned: always
  sample: ifupdown
formed:
  description: The O(addresses) the interface holds when the module ends.
  type: list
  elements: str
  returned: always
deprecated:
  description: The addresses formed before the token that the module deprecated.
  type: list
  elements: str
  returned: always
"""

import json
import time

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.homelab.ipv6.plugins.module_utils._slaac_token import (
    IFUPDOWN_HOOK,
    NETWORKD_DROPIN_DIRECTORY,
    NETWORKD_DROPIN_NAME,
    NETWORKMANAGER_SETTINGS,
    STACKS,
    cut_off,
    formed,
    ifupdown_hook,
    kernel_token,
    lan_interfaces,
    link_of,
    networkd_dropin,
    networkmanager_changes,
    networkmanager_settings,
    only_interface,
    superseded,
)
from ansible_collections.homelab.ipv6.plugins.module_utils._core.files import FileError, read_text, replace_file
from ansible_collections.homelab.ipv6.plugins.module_utils._network_stack import network_file


class _Host:
    """The host's commands, each run through the module, failing it with the command's words."""

    def __init__(self, module):
        self.module = module

    def run(self, *argv, check=True):
        command = self.module.get_bin_path(argv[0], required=True)
        rc, out, err = self.module.run_command([command] + list(argv[1:]))
        if check and rc != 0:
            self.module.fail_json(msg='%s failed: %s' % (' '.join(argv), (err or out).strip()))
        return rc, out

    def has(self, name):
        return bool(self.module.get_bin_path(name))

    def links(self):
        return json.loads(self.run('ip', '-json', 'address', 'show')[1] or '[]')


def _interface(module, host, links):
    if module.params['interface']:
        if not link_of(links, module.params['interface']):
            module.fail_json(msg='The host has no interface %s (slaac_token_interface); it has %s.'
                             % (module.params['interface'], ', '.join(link['ifname'] for link in links)))
        return module.params['interface']
    found = lan_interfaces(links, module.params['networks']) or [only_interface(links)]
    if found == [None]:
        module.fail_json(msg='No interface of the host holds an address in its LAN (%s), and it has more than one that is '
                         'up; set slaac_token_interface to its interface on that LAN.' % ', '.join(module.params['networks']))
    if len(found) > 1:
        module.fail_json(msg='%s %s hold addresses in the host\'s LAN (%s); set slaac_token_interface to the one that '
                         'takes the token.' % (' and '.join(found), 'both' if len(found) == 2 else 'all',
                                               ', '.join(module.params['networks'])))
    return found[0]


def _stack(module, host, interface):
    """The stack that configures ``interface``, with what it keeps the interface's settings in."""
    wanted = module.params['stack']
    if wanted in ('auto', 'networkd') and host.has('networkctl'):
        rc, out = host.run('networkctl', '--no-pager', 'status', interface, check=False)
        applied = network_file(out) if rc == 0 else None
        if applied:
            return 'networkd', applied
    if wanted in ('auto', 'networkmanager') and host.has('nmcli'):
        rc, out = host.run('nmcli', '--get-values', 'GENERAL.CONNECTION', 'device', 'show', interface, check=False)
        if rc == 0 and out.strip():
            return 'networkmanager', out.strip()
    if wanted in ('auto', 'ifupdown') and host.has('ifquery'):
        if host.run('ifquery', interface, check=False)[0] == 0:
            return 'ifupdown', interface
    if wanted != 'auto':
        module.fail_json(msg='slaac_token_network_stack is %s, and %s does not configure %s.' % (wanted, wanted, interface))
    module.fail_json(msg='Neither systemd-networkd, NetworkManager nor ifupdown configures %s, so nothing would keep its '
                     'token across a reboot; configure %s with one of them.' % (interface, interface))


def _networkd(module, host, network_path, interface):
    path = '%s/%s.d/%s' % (NETWORKD_DROPIN_DIRECTORY, network_path.rsplit('/', 1)[-1], NETWORKD_DROPIN_NAME)
    result = replace_file(module, path, read_text(path), networkd_dropin(module.params['token']))
    if result['changed'] and not module.check_mode:
        host.run('networkctl', 'reload')
        host.run('networkctl', 'reconfigure', interface)
    return result


def _networkmanager(module, host, connection, interface):
    rc, out = host.run('nmcli', '--get-values', ','.join(NETWORKMANAGER_SETTINGS), 'connection', 'show', connection)
    current = networkmanager_settings(out)
    changes = networkmanager_changes(current, module.params['token'])
    if not changes:
        return dict(changed=False)
    if not module.check_mode:
        host.run('nmcli', 'connection', 'modify', connection, *changes)
        # A reapply keeps the connection up; the addresses it formed before go, those of the token come.
        host.run('nmcli', 'device', 'reapply', interface)
    before = ''.join('%s: %s\n' % (name, current[name]) for name in NETWORKMANAGER_SETTINGS)
    after = ''.join('%s: %s\n' % (name, dict(zip(changes[::2], changes[1::2])).get(name, current[name]))
                    for name in NETWORKMANAGER_SETTINGS)
    header = 'NetworkManager connection %s' % connection
    return dict(changed=True, diff=dict(before=before, after=after, before_header=header, after_header=header))


def _ifupdown(module, host, interface):
    result = replace_file(module, IFUPDOWN_HOOK, read_text(IFUPDOWN_HOOK),
                          ifupdown_hook(interface, module.params['token']), mode=0o755)
    token = kernel_token(host.run('ip', 'token', 'get', 'dev', interface)[1])
    if token != module.params['token']:
        result['changed'] = True
        if not module.check_mode:
            host.run('ip', 'token', 'set', module.params['token'], 'dev', interface)
    return result


def _deprecate(module, host, interface, link):
    stale = superseded(link, module.params['addresses'])
    if stale and not module.check_mode:
        for address in stale:
            valid = address['valid_life_time']
            host.run('ip', '-6', 'address', 'change', '%s/%d' % (address['address'], address['prefixlen']), 'dev', interface,
                     'preferred_lft', '0', 'valid_lft', 'forever' if valid in (None, 4294967295) else str(valid))
    return [address['address'] for address in stale]


def _wait(module, host, interface):
    addresses, deadline = module.params['addresses'], time.monotonic() + module.params['wait']
    while True:
        held = formed(link_of(host.links(), interface), addresses)
        if len(held) == len(addresses) or module.check_mode or time.monotonic() >= deadline:
            return held
        time.sleep(1)


def run_module(module):
    """Everything the module does once its arguments are parsed; it exits through module."""
    host = _Host(module)
    links = host.links()
    interface = _interface(module, host, links)
    stack, handle = _stack(module, host, interface)
    if stack != 'ifupdown' and cut_off(link_of(links, interface), module.params['addresses'], module.params['reached_at']):
        params = module.params
        module.fail_json(msg='Ansible reaches the host at %s, a SLAAC address of %s that %s would take away as soon as it '
                         'takes the token %s, in the middle of the run; reach the host by its name, its IPv4 or %s '
                         '(ansible_host), then run again.'
                         % (params['reached_at'], interface, STACKS[stack], params['token'], ' or '.join(params['addresses'])))
    try:
        if stack == 'networkd':
            result = _networkd(module, host, handle, interface)
        elif stack == 'networkmanager':
            result = _networkmanager(module, host, handle, interface)
        else:
            result = _ifupdown(module, host, interface)
    except FileError as error:
        module.fail_json(msg=str(error))
    held = _wait(module, host, interface)
    deprecated = _deprecate(module, host, interface, link_of(host.links(), interface)) if held else []
    result.update(interface=interface, stack=stack, formed=held, deprecated=deprecated)
    result['changed'] = result['changed'] or bool(deprecated)
    missing = [address for address in module.params['addresses'] if address not in held]
    if missing and not module.check_mode:
        module.fail_json(msg='%s has not formed %s within %d s of taking the token %s (%s): are the LAN\'s router '
                         'advertisements reaching it? rdisc6 %s shows them.'
                         % (interface, ' and '.join(missing), module.params['wait'], module.params['token'], stack, interface),
                         **result)
    module.exit_json(**result)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            # An interface id, which every address the host forms shows: no secret.
            token=dict(type='str', required=True, no_log=False),
            networks=dict(type='list', elements='str', default=[]),
            addresses=dict(type='list', elements='str', default=[]),
            interface=dict(type='str', default=''),
            stack=dict(type='str', choices=['auto'] + list(STACKS), default='auto'),
            wait=dict(type='int', default=30),
            reached_at=dict(type='str', default=''),
        ),
        supports_check_mode=True,
    )
    run_module(module)


if __name__ == '__main__':
    main()
