# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import dns.name
import dns.rcode
import dns.rdatatype
import pytest

from ansible_collections.homelab.ipv6.plugins.modules import nsupdate
from ansible_collections.homelab.ipv6.tests.unit.plugins.fake_primary import KEY_FILE, SECRET, FakePrimary

NAS = [{'name': 'nas', 'type': 'AAAA', 'values': ['fdab:cd00::10']}]


@pytest.fixture
def primary():
    """The fake primary, on a TCP port of loopback."""
    with FakePrimary().serving() as fake:
        yield fake


@pytest.fixture
def key_file(tmp_path):
    path = tmp_path / 'homelab-ddns.key'
    path.write_text(KEY_FILE)
    return str(path)


def args(key_file, primary, **more):
    return dict(dict(server='127.0.0.1', port=primary.port, key_file=key_file, zone='home.arpa', records=NAS,
                     ptr=True), **more)


def test_adds_records_and_ptrs_then_changes_nothing(run_module, primary, key_file):
    result, failed, _warnings = run_module(nsupdate, dict(args(key_file, primary), _ansible_diff=True))
    assert not failed and result['changed']
    assert result['zones'] == ['home.arpa.', '0.0.0.0.0.0.0.0.d.c.b.a.d.f.ip6.arpa.']
    assert [(c['name'], c['type'], c['after']) for c in result['changes']] == [
        ('nas.home.arpa.', 'AAAA', ['nas.home.arpa. 3600 IN AAAA fdab:cd00::10']),
        ('0.1.' + '0.' * 24 + 'd.c.b.a.d.f.ip6.arpa.', 'PTR',
         ['0.1.' + '0.' * 24 + 'd.c.b.a.d.f.ip6.arpa. 3600 IN PTR nas.home.arpa.'])]
    assert result['diff']['before'] == '; zone home.arpa.\n; zone 0.0.0.0.0.0.0.0.d.c.b.a.d.f.ip6.arpa.\n'
    assert 'nas.home.arpa. 3600 IN AAAA fdab:cd00::10\n' in result['diff']['after']
    assert len(primary.updates) == 2

    result, failed, _warnings = run_module(nsupdate, args(key_file, primary))
    assert not failed and not result['changed'] and result['changes'] == []
    assert len(primary.updates) == 2


def test_check_mode_reads_but_sends_nothing(run_module, primary, key_file):
    result, failed, _warnings = run_module(nsupdate, args(key_file, primary), check_mode=True)
    assert not failed and result['changed'] and len(result['changes']) == 2
    assert primary.updates == [] and primary.records == {}


def test_key_from_its_parts(run_module, primary):
    result, failed, _warnings = run_module(nsupdate, dict(server='127.0.0.1', port=primary.port, key_name='homelab-ddns',
                                                          key_secret=SECRET, records=[
                                                              {'name': 'nas.home.arpa.', 'values': ['fd00::1']}]))
    assert not failed and result['changed'] and result['zones'] == ['home.arpa.']
    assert SECRET not in repr(result)


def test_refused_is_one_sentence_without_the_secret(run_module, primary, key_file):
    primary.rcode = dns.rcode.REFUSED
    result, failed, _warnings = run_module(nsupdate, args(key_file, primary))
    assert failed
    assert result['msg'].startswith('127.0.0.1 refused it (REFUSED)')
    assert result['msg'].endswith('key homelab-ddns)') and '(server 127.0.0.1 port %d, zone ' % primary.port in result['msg']
    assert SECRET not in repr(result)


def test_an_unreadable_key_file_is_named(run_module, primary, tmp_path):
    result, failed, _warnings = run_module(nsupdate, args(str(tmp_path / 'missing.key'), primary))
    assert failed and result['msg'] == 'key_file %s cannot be read: No such file or directory' % (
        tmp_path / 'missing.key')


def test_a_bad_record_fails_before_asking_the_server(run_module, primary, key_file):
    result, failed, _warnings = run_module(nsupdate, args(key_file, primary, records=[{'name': 'nas', 'values': ['fd00::x']}]))
    assert failed and result['msg'].startswith("records[0].values[0] is 'fd00::x', which is not AAAA record data")
    assert primary.updates == []


def test_absent_removes_the_record_and_its_ptr(run_module, primary, key_file):
    run_module(nsupdate, args(key_file, primary))
    result, failed, _warnings = run_module(nsupdate, args(key_file, primary, records=[dict(NAS[0], state='absent')]))
    assert not failed and result['changed']
    assert primary.records.get((dns.name.from_text('nas.home.arpa.'), dns.rdatatype.AAAA)) is None
    assert all(rdtype != dns.rdatatype.PTR for _name, rdtype in primary.records)


@pytest.mark.parametrize('records, message', [
    ('nas AAAA fdab:cd00::10', "records[0] is 'nas AAAA fdab:cd00::10'; a record is a mapping with name, type and values"),
    ([{'name': 'nas', 'address': 'fdab:cd00::10'}], 'records[0] has the unknown key address; a record has name, type, '
                                                    'values, ttl, state'),
    ([{'name': 'nas', 'values': ['fdab:cd00::10'], 'ttl': 'soon'}],
     "records[0].ttl is 'soon'; a TTL is a number of seconds from 0 to 2147483647"),
])
def test_records_that_are_not_records_are_named_with_their_place_and_value(run_module, primary, key_file, records,
                                                                           message):
    result, failed, _warnings = run_module(nsupdate, args(key_file, primary, records=records))
    assert failed and result['msg'].startswith(message), result['msg']
    assert primary.updates == []


def test_a_ttl_written_as_text_is_its_number(run_module, primary, key_file):
    records = [dict(NAS[0], ttl='300')]
    result, failed, _warnings = run_module(nsupdate, args(key_file, primary, records=records, ptr=False))
    assert not failed and result['changed'], result
    rrset = primary.records[(dns.name.from_text('nas.home.arpa.'), dns.rdatatype.AAAA)]
    assert rrset.ttl == 300
