#!/usr/bin/python
# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: nsupdate
short_description: Add and remove DNS records with TSIG-signed dynamic updates (RFC 2136)
version_added: 0.1.0
description:
  - Makes RRsets on a primary DNS server (BIND, Knot, ...) what O(records) says, with dynamic
    updates signed by a TSIG key, so records added this way live next to the ones a DHCP
    server adds to the same zone. Zone files are never edited, so zones with a journal need
    no C(rndc freeze)/C(thaw).
  - Idempotent by reading the RRsets from the primary first, then sending per zone UPDATEs
    holding the changes, each guarded by prerequisites that every RRset it changes is still as
    it was read, so a change someone else made in between is not overwritten (the task fails
    and says so instead).
  - Scales to thousands of records in one task. Reads go over one TCP connection, pipelined;
    a zone where many RRsets are read (32 or more) is read by one zone transfer signed with the
    key, where the server allows it (the C(homelab.ipv6.dns_bind) role does for its key),
    else by questions. A zone's changes go in as few UPDATEs as fit the 65,535 bytes of a DNS
    message; each UPDATE is applied whole or not at all, and a failure says how many of a
    zone's UPDATEs went through, so a second run finishes the rest.
  - With O(ptr=true), every A and AAAA value also gets its PTR record, in whichever reverse zone
    of the server holds it (a ULA's ip6.arpa zone, an in-addr.arpa zone).
  - The key's secret is never shown, not in results, diffs nor errors.
  - Runs on the host that talks to the server, which needs dnspython
    (Debian package C(python3-dnspython)).
options:
  server:
    description: The primary server, as an IPv6 or IPv4 address or a name.
    type: str
    required: true
  port:
    description: The server's DNS port.
    type: int
    default: 53
  protocol:
    description:
      - Transport for queries and updates. Over V(tcp), one connection carries every question
        and UPDATE of up to 65,535 bytes. Over V(udp), each UPDATE is at most 1,232 bytes
        (so that it crosses any path unfragmented) and questions go one at a time.
    type: str
    choices: [tcp, udp]
    default: tcp
  timeout:
    description: Seconds to wait for each answer.
    type: float
    default: 10
  key_file:
    description:
      - A BIND key file, as C(tsig-keygen) writes it, read on the host the module runs on.
        O(key_name) picks a key when the file holds several.
    type: path
  key_name:
    description: The key's name, as in the server's C(key "name" { ... };).
    type: str
  key_secret:
    description: The key's secret (base64), when there is no O(key_file).
    type: str
  key_algorithm:
    description: The key's algorithm, when there is no O(key_file).
    type: str
    choices: [hmac-md5, hmac-sha1, hmac-sha224, hmac-sha256, hmac-sha384, hmac-sha512]
    default: hmac-sha256
  zone:
    description:
      - The zone relative names are in. Without it, names must be absolute and each one's zone
        is found by an SOA query to O(server). PTR records always find their reverse zone so.
    type: str
  ttl:
    description: The TTL of records that do not give one.
    type: int
    default: 3600
  ptr:
    description: Also add (or remove) the PTR record of every A and AAAA value.
    type: bool
    default: false
  records:
    description:
      - RRsets to set or remove. Records with the same name and type are one RRset.
      - Each record is a mapping with the keys below; the module checks them itself, so that a
        record that is not a mapping, or has an unknown key, is named by its place (C(records[1]))
        with the value as written.
    type: list
    elements: raw
    required: true
    suboptions:
      name:
        description: Owner name, relative to O(zone), V(@) for the zone itself, or absolute (ending with a dot).
        type: str
        required: true
      type:
        description: Record type, such as V(AAAA), V(A), V(PTR), V(MX), V(CNAME), V(TXT), V(SRV).
        type: str
        default: AAAA
      values:
        description:
          - Record data in zone-file form (V(fd12:3456:789a:1::10), V(10 mail)). Relative names
            in data are relative to O(zone).
          - With O(records[].state=present), the RRset becomes exactly these values. With
            V(absent), these values are removed, or the whole RRset when there are none.
        type: list
        elements: str
      ttl:
        description: The RRset's TTL; O(ttl) when not given.
        type: int
      state:
        description: Whether the values should be there.
        type: str
        choices: [present, absent]
        default: present
notes:
  - Supports check mode (reads and reports the planned changes) and diff mode (RRsets before and after).
requirements:
  - dnspython >= 2.3
author:
  - homelab.ipv6 developers (@homelab-ipv6)
"""

EXAMPLES = r"""
- name: The NAS, forward and reverse, signed with the key the dns_bind role made
  homelab.ipv6.nsupdate:
    server: ::1
    key_file: /etc/bind/homelab-ddns.key
    zone: home.arpa
    ptr: true
    records:
      - {name: nas, type: AAAA, values: ["fd12:3456:789a:1::10"]}
      - {name: nas, type: A, values: [192.0.2.10]}
      - {name: files, type: CNAME, values: [nas]}
  become: true

- name: Remove a host, its addresses and their PTRs
  homelab.ipv6.nsupdate:
    server: fd12:3456:789a:1::1
    key_name: homelab-ddns
    key_secret: "{{ vault_ddns_secret }}"
    zone: home.arpa
    ptr: true
    records:
      - {name: old-printer, type: AAAA, values: ["fd12:3456:789a:1::99"], state: absent}
"""

RETURN = r"""
changes:
  description: The RRsets changed (or, in check mode, that would change), per zone.
  type: list
  elements: dict
  returned: always
  contains:
    zone:
      description: The zone the UPDATE went to.
      type: str
      sample: home.arpa.
    name:
      description: The owner name.
      type: str
      sample: nas.home.arpa.
    type:
      description: The record type.
      type: str
      sample: AAAA
    before:
      description: The RRset as it was, one zone-file line per record.
      type: list
      elements: str
      sample: []
    after:
      description: The RRset as it is after the update.
      type: list
      elements: str
      sample: ["nas.home.arpa. 3600 IN AAAA fd12:3456:789a:1::10"]
zones:
  description: The zones an UPDATE was sent to (or would be, in check mode).
  type: list
  elements: str
  returned: always
  sample: [home.arpa., a.9.8.7.6.5.4.3.2.1.d.f.ip6.arpa.]
"""

import traceback

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

try:
    from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.apply import apply_records
    from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.dnspython import HAS_DNSPYTHON
    from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.errors import DnsUpdateError
    from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.key_file import make_key, parse_key_file
    from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.primary import Primary
    from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.records import wanted_records
    from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.wire import change_summary, rrset_lines
except ImportError:
    HAS_DNSPYTHON = False
    IMPORT_ERROR = traceback.format_exc()
else:
    IMPORT_ERROR = None


def the_key(module):
    params = module.params
    if params['key_file']:
        try:
            with open(params['key_file'], encoding='utf-8') as handle:
                text = handle.read()
        except OSError as error:
            raise DnsUpdateError('key_file %s cannot be read: %s' % (params['key_file'], error.strerror)) from None
        return parse_key_file(text, params['key_name'], source='key_file %s' % params['key_file'])
    if params['key_secret'] is not None:
        return make_key(params['key_name'], params['key_secret'], params['key_algorithm'])
    return None


def described(changes, side):
    lines = []
    for zone, zone_changes in changes.items():
        if zone_changes:
            lines.append('; zone %s' % zone.to_text())
            for change in zone_changes:
                lines.extend(rrset_lines(change.name, change.rdtype, getattr(change, side)))
    return ''.join('%s\n' % line for line in lines)


def run_module(module):
    """Everything the module does once its arguments are parsed; it exits through module."""
    if not HAS_DNSPYTHON:
        module.fail_json(msg=missing_required_lib('dnspython'), exception=IMPORT_ERROR)

    params = module.params
    try:
        key = the_key(module)
        wanted = wanted_records(params['records'], zone=params['zone'], ptr=params['ptr'],
                                default_ttl=params['ttl'])
        with Primary(params['server'], port=params['port'], key=key, protocol=params['protocol'],
                     timeout=params['timeout']) as primary:
            changes = apply_records(primary, wanted, zone=params['zone'], check_mode=module.check_mode)
    except DnsUpdateError as error:
        module.fail_json(msg=str(error))

    changed_zones = [zone for zone, zone_changes in changes.items() if zone_changes]
    result = dict(
        changed=bool(changed_zones),
        zones=[zone.to_text() for zone in changed_zones],
        changes=[change_summary(zone, change, zone.to_text()) for zone in changed_zones for change in changes[zone]],
    )
    if module._diff:
        result['diff'] = dict(before=described(changes, 'before'), after=described(changes, 'after'))
    module.exit_json(**result)


ARGUMENT_SPEC = dict(
    server=dict(type='str', required=True),
    port=dict(type='int', default=53),
    protocol=dict(type='str', choices=['tcp', 'udp'], default='tcp'),
    timeout=dict(type='float', default=10),
    key_file=dict(type='path'),
    key_name=dict(type='str'),
    key_secret=dict(type='str', no_log=True),
    key_algorithm=dict(type='str', default='hmac-sha256',
                       choices=['hmac-md5', 'hmac-sha1', 'hmac-sha224', 'hmac-sha256', 'hmac-sha384',
                                'hmac-sha512']),
    zone=dict(type='str'),
    ttl=dict(type='int', default=3600),
    ptr=dict(type='bool', default=False),
    # Each record is checked by wanted_records, which names its place and value; ansible-core's
    # own check of a list of dicts would say only 'dictionary requested' of a string.
    records=dict(type='list', elements='raw', required=True),
)


def main():
    module = AnsibleModule(
        argument_spec=ARGUMENT_SPEC,
        mutually_exclusive=[('key_file', 'key_secret')],
        required_by={'key_secret': 'key_name'},
        supports_check_mode=True,
    )
    run_module(module)


if __name__ == '__main__':
    main()
