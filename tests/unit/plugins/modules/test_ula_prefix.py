# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import ipaddress
import json
import stat

import pytest

from ansible_collections.homelab.ipv6.plugins.modules import ula_prefix


@pytest.fixture
def fact_path(tmp_path):
    return tmp_path / 'facts.d' / 'homelab_ipv6_ula.fact'


@pytest.fixture
def fake_sys_class_net(tmp_path, monkeypatch):
    net = tmp_path / 'net'
    for name, mac in (('lo', '00:00:00:00:00:00'), ('eth0', '20:c9:d0:8b:02:b5')):
        (net / name).mkdir(parents=True)
        (net / name / 'address').write_text(mac + '\n')
    monkeypatch.setattr(ula_prefix, 'SYS_CLASS_NET', str(net))
    return net


def test_first_run_generates_and_stores_a_ula(run_module, fact_path, fake_sys_class_net):
    result, failed, _warnings = run_module(ula_prefix, {'path': str(fact_path)})
    assert not failed and result['changed']
    prefix = ipaddress.IPv6Network(result['prefix'])
    assert prefix.prefixlen == 48 and prefix.subnet_of(ipaddress.IPv6Network('fd00::/8'))
    assert json.loads(fact_path.read_text()) == {'prefix': result['prefix'], 'global_id': result['global_id']}
    assert stat.S_IMODE(fact_path.stat().st_mode) == 0o644
    assert result['diff']['before'] == '' and result['prefix'] in result['diff']['after']


def test_later_runs_return_the_same_prefix_unchanged(run_module, fact_path, fake_sys_class_net):
    first, _failed, _warnings = run_module(ula_prefix, {'path': str(fact_path)})
    second, failed, _warnings = run_module(ula_prefix, {'path': str(fact_path)})
    assert not failed and not second['changed']
    assert second['prefix'] == first['prefix'] and 'diff' not in second


def test_check_mode_reports_without_writing(run_module, fact_path, fake_sys_class_net):
    result, failed, _warnings = run_module(ula_prefix, {'path': str(fact_path)}, check_mode=True)
    assert not failed and result['changed'] and result['prefix'].startswith('fd')
    assert not fact_path.exists()


def test_prefix_is_adopted_then_kept(run_module, fact_path, fake_sys_class_net):
    adopted, _failed, _warnings = run_module(ula_prefix, {'path': str(fact_path), 'prefix': 'FD12:3456:789A::/48'})
    assert adopted['changed'] and adopted['prefix'] == 'fd12:3456:789a::/48' and adopted['global_id'] == '123456789a'
    again, _failed, _warnings = run_module(ula_prefix, {'path': str(fact_path), 'prefix': 'fd12:3456:789a::/48'})
    assert not again['changed']
    kept, _failed, _warnings = run_module(ula_prefix, {'path': str(fact_path)})
    assert not kept['changed'] and kept['prefix'] == 'fd12:3456:789a::/48'


def test_force_regenerates(run_module, fact_path, fake_sys_class_net):
    run_module(ula_prefix, {'path': str(fact_path), 'prefix': 'fd12:3456:789a::/48'})
    forced, failed, _warnings = run_module(ula_prefix, {'path': str(fact_path), 'force': True})
    assert not failed and forced['changed'] and forced['prefix'] != 'fd12:3456:789a::/48'
    assert json.loads(fact_path.read_text())['prefix'] == forced['prefix']


def test_the_mac_comes_from_the_first_usable_interface(fake_sys_class_net):
    assert ula_prefix.system_mac() == '20:c9:d0:8b:02:b5'


def test_a_host_without_a_mac_gets_a_random_local_one(tmp_path, monkeypatch):
    monkeypatch.setattr(ula_prefix, 'SYS_CLASS_NET', str(tmp_path / 'missing'))
    first_octet = int(ula_prefix.system_mac()[:2], 16)
    assert first_octet & 0x02 and not first_octet & 0x01


def test_a_prefix_with_the_l_bit_0_is_refused(run_module, fact_path):
    result, failed, _warnings = run_module(ula_prefix, {'path': str(fact_path), 'prefix': 'fc01::/48'})
    assert failed
    assert result['msg'] == ("prefix: ULA prefix 'fc01::/48' is in fc00::/8, where the L bit is 0: that half is "
                             "reserved for a centrally assigned ULA that does not exist; a site ULA starts with fd "
                             "(RFC 4193 section 3.1)")
    assert not fact_path.exists()


def test_a_foreign_file_is_not_overwritten(run_module, fact_path):
    fact_path.parent.mkdir(parents=True)
    fact_path.write_text('not json')
    result, failed, _warnings = run_module(ula_prefix, {'path': str(fact_path)})
    assert failed
    assert result['msg'].startswith('path: %s holds no ULA prefix (' % fact_path)
    assert result['msg'].endswith('); correct or remove it, or set force: true')
    assert fact_path.read_text() == 'not json'


def test_prefix_and_force_exclude_each_other(run_module, fact_path):
    result, failed, _warnings = run_module(ula_prefix, {'path': str(fact_path), 'prefix': 'fd12:3456:789a::/48', 'force': True})
    assert failed and result['msg'] == 'parameters are mutually exclusive: prefix|force'


def test_a_path_that_is_a_directory_fails_with_a_sentence(run_module, tmp_path, fake_sys_class_net):
    result, failed, _warnings = run_module(ula_prefix, {'path': str(tmp_path)})
    assert failed and result['msg'] == 'path: %s is a directory, not a file' % tmp_path
