# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import ipaddress
import json

from ansible_collections.homelab.ipv6.plugins.module_utils._core import device_watcher

PHONE = '02:00:5e:00:53:54'
NOW = 1_800_000_000
ADDRESSES = json.dumps([{'ifname': 'eth3', 'addr_info': [
    {'family': 'inet6', 'local': 'fd00:5650:3::1', 'prefixlen': 64, 'scope': 'global'}]}])


def _config(tmp_path, owned=()):
    leases = tmp_path / 'kea-leases4.csv'
    leases.write_text('address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state\n'
                      '198.18.52.100,%s,,3600,%d,3,1,1,home-phone.home.arpa.,0\n' % (PHONE, NOW + 600))
    return dict(device_watcher.DEFAULTS, interfaces=['eth3'], domain='home.arpa', owned=list(owned),
                leases={'format': 'kea', 'path': str(leases), 'path6': str(tmp_path / 'none.csv')})


def _reader(neighbours):
    def read(argv):
        return ADDRESSES if 'address' in argv else json.dumps(neighbours)
    return read


def test_a_round_asks_a_new_device_and_names_it_once_it_answered(tmp_path):
    config = _config(tmp_path)
    link_local = [{'dst': 'fe80::5eff:fe00:5354', 'dev': 'eth3', 'lladdr': PHONE, 'state': ['STALE']}]
    records, state, log, asking = device_watcher.look(config, {}, NOW, read=_reader(link_local))
    assert (records, state, log) == ([], {}, [])
    assert [str(address) for address in asking] == ['fd00:5650:3::5eff:fe00:5354']
    answered = link_local + [{'dst': 'fd00:5650:3::5eff:fe00:5354', 'dev': 'eth3', 'lladdr': PHONE, 'state': ['REACHABLE']}]
    records, state, log, _asking = device_watcher.look(config, {}, NOW + 10, read=_reader(answered))
    assert records[0] == dict(name='home-phone.home.arpa.', type='AAAA', values=['fd00:5650:3::5eff:fe00:5354'], ttl=120)
    assert state == {PHONE: dict(name='home-phone', addresses=['fd00:5650:3::5eff:fe00:5354'], last_seen=NOW + 10,
                                 source='dhcpv4')}


def test_a_device_named_as_an_inventory_host_gets_nothing_and_the_log_says_so(tmp_path):
    config = _config(tmp_path, owned=['home-phone'])
    answered = [{'dst': 'fe80::5eff:fe00:5354', 'dev': 'eth3', 'lladdr': PHONE, 'state': ['STALE']},
                {'dst': 'fd00:5650:3::5eff:fe00:5354', 'dev': 'eth3', 'lladdr': PHONE, 'state': ['REACHABLE']}]
    records, state, log, _asking = device_watcher.look(config, {}, NOW, read=_reader(answered))
    assert (records, state) == ([], {})
    assert log == ['home-phone is taken (a host of the inventory, or a DHCPv6 client): %s gets none' % PHONE]


def test_a_device_without_a_lease_on_an_mdns_lan_is_named_after_its_own_mdns_answer(tmp_path):
    config = dict(_config(tmp_path), mdns_interfaces=['eth3'])
    printer = '02:00:5e:00:53:70'
    seen = [{'dst': 'fe80::5eff:fe00:5370', 'dev': 'eth3', 'lladdr': printer, 'state': ['STALE']},
            {'dst': 'fd00:5650:3::5eff:fe00:5370', 'dev': 'eth3', 'lladdr': printer, 'state': ['REACHABLE']}]
    asked = []

    def ask(address, at, interface, sources):
        asked.append((address, str(at), interface, [str(source) for source in sources]))
        return ['printer.local.']
    asker = device_watcher.MdnsAsker(60, ask=ask)
    records, state, _log, _asking = device_watcher.look(config, {}, NOW, read=_reader(seen), ask=asker)
    # Asked at its ULA first, which answered.
    assert asked == [(ipaddress.IPv6Address('fd00:5650:3::5eff:fe00:5370'), 'fd00:5650:3::5eff:fe00:5370', 'eth3',
                      ['fd00:5650:3::5eff:fe00:5370', 'fe80::5eff:fe00:5370'])]
    assert records[0]['name'] == 'printer.home.arpa.' and state[printer]['source'] == 'mdns'
    # Named now: not asked again. A device that answers nothing is asked at each of its addresses
    # (its ULA, then its link-local one), once a minute at most.
    device_watcher.look(config, state, NOW + 10, read=_reader(seen), ask=asker)
    assert len(asked) == 1
    silent = device_watcher.MdnsAsker(60, ask=lambda *args, **kwargs: asked.append(args) or [])
    for offset in (0, 10, 20, 70):
        device_watcher.look(config, {}, NOW + offset, read=_reader(seen), ask=silent)
    assert [str(question[1]) for question in asked[1:]] == ['fd00:5650:3::5eff:fe00:5370', 'fe80::5eff:fe00:5370'] * 2


def test_an_mdns_answer_names_the_device_by_its_first_label():
    from ansible_collections.homelab.ipv6.plugins.module_utils._core.mdns_names import mdns_label
    assert mdns_label(['printer.local.']) == 'printer'
    assert mdns_label(['Living Room TV.local.']) == 'living-room-tv'
    assert mdns_label(['printer.example.']) is None and mdns_label([]) is None


def test_a_device_is_asked_for_its_name_by_a_unicast_mdns_question(tmp_path):
    """A responder on loopback stands for the device: the question is the PTR of the address."""
    import socket
    import threading

    import dns.message
    import dns.rrset

    from ansible_collections.homelab.ipv6.plugins.module_utils._core.mdns_names import ask_name
    responder = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    responder.bind(('::1', 0))
    asked = []

    def answer():
        wire, sender = responder.recvfrom(4096)
        question = dns.message.from_wire(wire)
        asked.append(question.question[0].name.to_text())
        reply = dns.message.make_response(question)
        reply.answer.append(dns.rrset.from_text(question.question[0].name, 120, 'IN', 'PTR', 'printer.local.'))
        responder.sendto(reply.to_wire(), sender)
    thread = threading.Thread(target=answer)
    thread.start()
    try:
        targets = ask_name('fd00:5650:3::5eff:fe00:5370', '::1', 'lo', timeout=2, port=responder.getsockname()[1])
    finally:
        thread.join(timeout=5)
        responder.close()
    assert asked == [ipaddress.ip_address('fd00:5650:3::5eff:fe00:5370').reverse_pointer + '.']
    assert targets == ['printer.local.']
    # Nobody answers: no name, no error.
    assert ask_name('fd00:5650:3::5eff:fe00:5370', '::1', 'lo', timeout=0.2, port=9) == []


def test_a_round_sends_the_records_says_what_changed_asks_the_devices_and_keeps_the_state_when_sending_fails(tmp_path):
    config = _config(tmp_path)
    answered = [{'dst': 'fe80::5eff:fe00:5354', 'dev': 'eth3', 'lladdr': PHONE, 'state': ['STALE']},
                {'dst': 'fd00:5650:3::5eff:fe00:5354', 'dev': 'eth3', 'lladdr': PHONE, 'state': ['REACHABLE']}]
    sent, probed, said = [], [], []
    world = dict(read=_reader(answered), send=lambda config, records: (sent.append(records) or len(records), 0),
                 probe=probed.append, log=said.append, lookup=lambda name, rdtype: ['198.18.52.100'] if rdtype == 'A' else [])
    state, refusals = device_watcher.run_round(config, {}, 1, NOW, set(), world=world)
    assert state[PHONE]['name'] == 'home-phone' and refusals == set()
    assert [record['name'] for record in sent[0]] == ['home-phone.home.arpa.',
                                                      ipaddress.ip_address('fd00:5650:3::5eff:fe00:5354').reverse_pointer + '.']
    assert said == ['2 RRsets changed, among the records of home-phone.home.arpa.']
    assert [str(address) for address in probed[0]] == ['fd00:5650:3::5eff:fe00:5354']

    def refused(config, records):
        raise device_watcher.DnsUpdateError('the server refused the update of home-phone.home.arpa. AAAA: REFUSED')
    del said[:]
    kept, memory = device_watcher.run_round(config, {}, 1, NOW, set(), world=dict(world, send=refused))
    assert kept == {}
    assert said == ['the records were not sent (the server refused the update of home-phone.home.arpa. AAAA: '
                    'REFUSED); the next round tries again']
    # The next round gets through, with nothing to change: it says so, once.
    del said[:]
    state, memory = device_watcher.run_round(config, state, 2, NOW + 10, memory, world=dict(world, send=lambda *args: (0, 0)))
    assert said == ['the records are up to date again']
    del said[:]
    device_watcher.run_round(config, state, 3, NOW + 20, memory, world=dict(world, send=lambda *args: (0, 0)))
    assert said == []


def test_ptrs_whose_zone_the_resolver_lacks_are_sent_again_every_retry_rounds_until_it_holds_it(tmp_path):
    """After a boot or a renumbering the resolver may take the new prefix's reverse zone after the
    watcher's first round: the PTRs it left out are sent again, with every record, every
    retry_every rounds (not only at the five-minute refresh) until none waits."""
    config = dict(_config(tmp_path), refresh_every=30, retry_every=6)
    answered = [{'dst': 'fe80::5eff:fe00:5354', 'dev': 'eth3', 'lladdr': PHONE, 'state': ['STALE']},
                {'dst': 'fd00:5650:3::5eff:fe00:5354', 'dev': 'eth3', 'lladdr': PHONE, 'state': ['REACHABLE']}]
    sent, zone_held = [], [False]

    def send(config, records):
        sent.append(len(records))
        ptrs = sum(record['type'] == 'PTR' for record in records)
        return len(records), 0 if zone_held[0] else ptrs
    world = dict(read=_reader(answered), send=send, probe=lambda asking: None, log=lambda line: None,
                 lookup=lambda name, rdtype: ['198.18.52.100'] if rdtype == 'A' else [])
    state, memory = device_watcher.run_round(config, {}, 1, NOW, set(), world=world)
    assert sent == [2] and device_watcher.WAITING in memory
    for number in range(2, 6):
        state, memory = device_watcher.run_round(config, state, number, NOW + 10 * number, memory, world=world)
    assert sent[1:] == [0, 0, 0, 0] and device_watcher.WAITING in memory  # changes only: none
    zone_held[0] = True
    state, memory = device_watcher.run_round(config, state, 6, NOW + 60, memory, world=world)
    assert sent[-1] == 2 and device_watcher.WAITING not in memory  # all again, and nothing waits now
    device_watcher.run_round(config, state, 12, NOW + 120, memory, world=world)
    assert sent[-1] == 0


def test_a_new_name_waits_for_its_dhcp_registration_and_an_mdns_name_must_be_free():
    config = dict(domain='home.arpa')
    printer = '02:00:5e:00:53:70'
    names = {PHONE: 'home-phone', printer: 'printer'}
    sources = {PHONE: 'dhcpv4', printer: 'mdns'}
    records = {}

    def lookup(name, rdtype):
        return records.get((name, rdtype), [])
    # Kea has not registered the phone's A yet: its AAAA waits (RFC 4703 would refuse its own client).
    assert device_watcher._confirmed(config, names, {}, sources, lookup) == {printer: 'printer'}
    records[('home-phone.home.arpa.', 'A')] = ['198.18.52.100']
    records[('printer.home.arpa.', 'AAAA')] = ['fd00:5650:3::99']
    # The phone's name is registered now; somebody holds printer: the mDNS device does not get it.
    assert device_watcher._confirmed(config, names, {}, sources, lookup) == {PHONE: 'home-phone'}
    # A name the watcher holds already is not asked about again.
    assert device_watcher._confirmed(config, names, {printer: 'printer'}, sources, lookup) == names


def test_a_resolver_not_there_yet_is_a_round_that_tries_again_not_a_crash(tmp_path):
    """At boot the watcher may start before the resolver listens: the PTRs' zone question fails
    as any other DNS failure does, and the round keeps the old state."""
    config = dict(_config(tmp_path), key_file=str(tmp_path / 'key'), key_name='homelab-devices', port=1)
    (tmp_path / 'key').write_text('key "homelab-devices" { algorithm hmac-sha256; secret "c2VjcmV0c2VjcmV0c2VjcmV0"; };\n')
    records = [dict(name=ipaddress.ip_address('fd00:5650:3::5eff:fe00:5354').reverse_pointer + '.', type='PTR',
                    values=['home-phone.home.arpa.'], ttl=120)]
    try:
        device_watcher.send(dict(config, server='::1'), records)
    except device_watcher.DnsUpdateError as error:
        assert 'looking up' in str(error) or 'asking whether the server holds' in str(error), str(error)
    else:
        raise AssertionError('nothing listens on [::1]:1, yet the records were sent')
