# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

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
    assert state == {PHONE: dict(name='home-phone', addresses=['fd00:5650:3::5eff:fe00:5354'], last_seen=NOW + 10)}


def test_a_device_named_as_an_inventory_host_gets_nothing_and_the_log_says_so(tmp_path):
    config = _config(tmp_path, owned=['home-phone'])
    answered = [{'dst': 'fe80::5eff:fe00:5354', 'dev': 'eth3', 'lladdr': PHONE, 'state': ['STALE']},
                {'dst': 'fd00:5650:3::5eff:fe00:5354', 'dev': 'eth3', 'lladdr': PHONE, 'state': ['REACHABLE']}]
    records, state, log, _asking = device_watcher.look(config, {}, NOW, read=_reader(answered))
    assert (records, state) == ([], {})
    assert log == ['home-phone is a name of the inventory: %s gets none' % PHONE]
