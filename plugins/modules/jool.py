#!/usr/bin/python
# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jool
short_description: A Jool stateful NAT64 instance, kept in Jool's own JSON file
version_added: 0.1.0
description:
  - Makes a Jool (U(https://jool.mx)) stateful NAT64 instance look as asked - its framework,
    pool6, pool4 and static BIB entries and the global settings given - reading what is there
    with Jool's own C(display --csv) output, so a second run changes nothing.
  - Applies pool4 and the globals atomically with C(jool file handle) on the file
    O(config_file), which stays behind for Debian's C(jool.service) to load at boot; static BIB
    entries are added and removed with C(jool bib), since Jool applies a file's BIB only when it
    creates the instance.
  - The kernel module must be loaded (C(modprobe jool), Debian's C(jool-dkms)); the module
    fails with Jool's own words when it is not.
options:
  instance:
    description: The instance name.
    type: str
    default: default
  state:
    description: V(present) to create or update the instance, V(absent) to remove it and its O(config_file).
    type: str
    choices: [present, absent]
    default: present
  framework:
    description:
      - V(netfilter) translates every packet to pool6 (a NAT64 gateway's usual set-up); V(iptables) only what
        an ip6tables/iptables C(JOOL) target sends it. An instance's framework cannot change;
        the module removes and re-creates it.
    type: str
    choices: [netfilter, iptables]
    default: netfilter
  pool6:
    description: The NAT64 prefix, such as V(64:ff9b::/96) (RFC 6052 lengths). Required with V(state=present).
    type: str
  pool4:
    description:
      - The IPv4 transport addresses Jool maps IPv6 clients to. Empty for none, which makes Jool
        use the host's own addresses; Jool shows a prefix as one entry per address.
    type: list
    elements: dict
    default: []
    suboptions:
      prefix:
        description: An IPv4 address or prefix, such as V(192.0.2.10) or V(198.51.100.0/30).
        type: str
        required: true
      protocol:
        description: V(TCP), V(UDP) or V(ICMP); omitted for all three.
        type: str
      port_range:
        description: The ports (or ICMP ids) of the entry, V(min-max).
        type: str
        default: 61001-65535
      mark:
        description: The packet mark the entry is for.
        type: int
        default: 0
  bib:
    description: Static BIB entries (port forwards from IPv4 to an IPv6 server). Their IPv4 side must be in pool4.
    type: list
    elements: dict
    default: []
    suboptions:
      protocol:
        description: V(TCP), V(UDP) or V(ICMP).
        type: str
        required: true
      ipv6:
        description: The IPv6 transport address, V(address#port), such as V(2001:db8::8#80).
        type: str
        required: true
      ipv4:
        description: The IPv4 transport address, V(address#port), such as V(192.0.2.10#61080).
        type: str
        required: true
  global:
    description:
      - Global settings by Jool's names, such as V(lowest-ipv6-mtu) or V(udp-timeout). Settings
        not given take Jool's defaults whenever the instance is applied.
    type: dict
    default: {}
  config_file:
    description: Where the instance's JSON configuration is kept.
    type: path
    default: /etc/jool/jool.conf
attributes:
  check_mode:
    support: full
    description: Reads the instance and reports what would change without changing it.
  diff_mode:
    support: full
    description: Shows the instance's JSON configuration before (as read from Jool) and after.
notes:
  - Tested with Jool 4.1.9 (Debian bookworm's C(jool-tools) and C(jool-dkms)) in the collection's
    kernel lab. Instances of other network namespaces are not looked at.
seealso:
  - name: Jool's documentation
    description: Stateful NAT64, pool4, BIB and the atomic configuration file.
    link: https://jool.mx/en/documentation.html
  - name: RFC 6146
    description: Stateful NAT64.
    link: https://www.rfc-editor.org/rfc/rfc6146
requirements:
  - C(jool) from Debian's C(jool-tools) on the target, and Jool's kernel module loaded.
author:
  - homelab.ipv6 developers (@homelab-ipv6)
"""

EXAMPLES = r"""
- name: A NAT64 gateway, translating to this host's IPv4 address
  homelab.ipv6.jool:
    pool6: 64:ff9b::/96
    pool4:
      - prefix: 192.0.2.10
        port_range: 61001-65535

- name: Publish an IPv6-only web server on IPv4 port 80
  homelab.ipv6.jool:
    pool6: 64:ff9b::/96
    pool4:
      - {prefix: 192.0.2.10, protocol: TCP, port_range: 80-80}
      - {prefix: 192.0.2.10, port_range: 61001-65535}
    bib:
      - {protocol: TCP, ipv6: "2001:db8:5501:1::80#80", ipv4: "192.0.2.10#80"}
    global:
      lowest-ipv6-mtu: 1280
"""

RETURN = r"""
instance:
  description: The instance as applied, in Jool's JSON configuration form (the content of O(config_file)).
  returned: when O(state=present)
  type: dict
  sample:
    instance: default
    framework: netfilter
    global: {pool6: 64:ff9b::/96}
    pool4: [{mark: 0, protocol: TCP, prefix: 192.0.2.10/32, port range: 61001-65535}]
    bib: []
commands:
  description: The jool commands run (or, in check mode, that would run).
  returned: always
  type: list
  elements: str
  sample: ["jool file handle /etc/jool/jool.conf"]
"""

import json
import os

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.homelab.ipv6.plugins.module_utils._core.files import FileError, read_text, write_atomically
from ansible_collections.homelab.ipv6.plugins.module_utils._jool import (
    PROTOCOLS,
    JoolError,
    bib_changes,
    config_file,
    current_instance,
    instances,
    wanted_instance,
)


class Jool:
    """The jool command line, run on the target; every failure ends the module with Jool's words."""

    def __init__(self, module, instance):
        self.module = module
        self.instance = instance
        self.binary = module.get_bin_path('jool', required=True)
        self.commands = []

    def read(self, *args):
        return self._run([self.binary, *args])

    def change(self, *args):
        self.commands.append(shown_command(args))
        if not self.module.check_mode:
            self._run([self.binary, *args])

    def _run(self, command):
        rc, stdout, stderr = self.module.run_command(command)
        if rc != 0:
            words = ' '.join((stderr or stdout).split())
            self.module.fail_json(msg='%s failed (rc %d): %s' % (shown_command(command[1:]), rc, words),
                                  commands=self.commands)
        return stdout

    def current(self, framework, wanted_globals):
        own = ['-i', self.instance]
        return current_instance(
            self.instance, framework,
            self.read(*own, 'global', 'display', '--csv'),
            [self.read(*own, 'pool4', 'display', '--csv', '--' + protocol.lower()) for protocol in PROTOCOLS],
            [self.read(*own, 'bib', 'display', '--csv', '--numeric', '--' + protocol.lower()) for protocol in PROTOCOLS],
            wanted_globals)


def shown_command(args):
    return ' '.join(('jool',) + tuple(args))


def as_file(instance):
    return json.dumps(config_file(instance), indent=2, sort_keys=True) + '\n'


def _apply(jool, instance, path, before, wanted):
    """The jool commands that make the live instance (``before``, None when there is none) the
    ``wanted`` one, whose file is at ``path``."""
    if before is not None and before['framework'] != wanted['framework']:
        # Jool refuses to change the framework of a live instance.
        jool.change('-i', instance, 'instance', 'remove')
        before = None
    if before is None:
        jool.change('file', 'handle', path)
        return
    if (before['global'], before['pool4']) != (wanted['global'], wanted['pool4']):
        jool.change('file', 'handle', path)
    stale, missing = bib_changes(before['bib'], wanted['bib'])
    for protocol, ipv6, ipv4 in stale:
        jool.change('-i', instance, 'bib', 'remove', ipv4, ipv6, '--' + protocol.lower())
    for protocol, ipv6, ipv4 in missing:
        jool.change('-i', instance, 'bib', 'add', ipv4, ipv6, '--' + protocol.lower())


def run_module(module):
    """Everything the module does once its arguments are parsed; it exits through module."""
    params = module.params
    path = params['config_file']
    # Every value is checked before anything is read or run on the host.
    wanted = None
    if params['state'] == 'present':
        try:
            wanted = wanted_instance(params['instance'], params['framework'], params['pool6'], params['pool4'],
                                     params['bib'], params['global'])
        except JoolError as error:
            module.fail_json(msg=to_native(error))
    try:
        old_file = read_text(path, None)
    except FileError as error:
        module.fail_json(msg='config_file: %s' % error)
    jool = Jool(module, params['instance'])
    existing = instances(jool.read('instance', 'display', '--csv'))

    if params['state'] == 'absent':
        if params['instance'] in existing:
            jool.change('-i', params['instance'], 'instance', 'remove')
        if old_file is not None and not module.check_mode:
            os.remove(path)
        changed = bool(jool.commands) or old_file is not None
        module.exit_json(changed=changed, commands=jool.commands,
                         diff=dict(before=old_file or '', after=''))

    new_file = as_file(wanted)
    framework = existing.get(params['instance'])
    before = jool.current(framework, list(wanted['global'])) if framework is not None else None
    before_text = as_file(before) if before is not None else ''

    file_changed = old_file != new_file
    if file_changed and not module.check_mode:
        try:
            write_atomically(module, path, new_file)
        except FileError as error:
            module.fail_json(msg='config_file: %s' % error)
    _apply(jool, params['instance'], path, before, wanted)

    changed = bool(jool.commands) or file_changed
    if changed and not module.check_mode:
        after = jool.current(wanted['framework'], list(wanted['global']))
        if after != wanted:
            module.fail_json(msg='Jool shows instance %s differently from what was applied: %s'
                             % (params['instance'], json.dumps(config_file(after), sort_keys=True)),
                             commands=jool.commands)
    module.exit_json(changed=changed, commands=jool.commands, instance=config_file(wanted),
                     diff=dict(before=before_text, after=new_file,
                               before_header='jool instance %s' % params['instance'], after_header=path))


ARGUMENT_SPEC = {
    'instance': dict(type='str', default='default'),
    'state': dict(type='str', choices=['present', 'absent'], default='present'),
    'framework': dict(type='str', choices=['netfilter', 'iptables'], default='netfilter'),
    'pool6': dict(type='str'),
    'pool4': dict(type='list', elements='dict', default=[], options=dict(
        prefix=dict(type='str', required=True),
        protocol=dict(type='str'),
        port_range=dict(type='str', default='61001-65535'),
        mark=dict(type='int', default=0),
    )),
    'bib': dict(type='list', elements='dict', default=[], options=dict(
        protocol=dict(type='str', required=True),
        ipv6=dict(type='str', required=True),
        ipv4=dict(type='str', required=True),
    )),
    'global': dict(type='dict', default={}),
    'config_file': dict(type='path', default='/etc/jool/jool.conf'),
}


def main():
    module = AnsibleModule(
        argument_spec=ARGUMENT_SPEC,
        required_if=[('state', 'present', ('pool6',))],
        supports_check_mode=True,
    )
    run_module(module)


if __name__ == '__main__':
    main()
