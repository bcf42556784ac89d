# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The jool module against a stand-in for the jool command that answers in the CSV form
captured from Jool 4.1.9 (fixtures/jool) and applies files as ``jool file handle`` does."""

from __future__ import annotations

import ipaddress
import json
import pathlib

import pytest
from ansible.module_utils import basic

from ansible_collections.homelab.ipv6.plugins.modules import jool as jool_module

FIXTURES = pathlib.Path(__file__).parent.parent / 'fixtures' / 'jool'
HEADERS = {name: (FIXTURES / ('%s-display-empty.csv' % name)).read_text() for name in ('instance', 'pool4', 'bib')}
DEFAULT_GLOBALS = dict(line.split(',', 1) for line in (FIXTURES / 'global-display.csv').read_text().splitlines()[1:])


class FakeJool:
    """One network namespace's Jool: instances with their pool4, static BIB and globals."""

    def __init__(self):
        self.instances = {}
        self.calls = []
        self.loaded = True

    def run(self, args):
        self.calls.append(args)
        if not self.loaded:
            return 253, '', (FIXTURES / 'not-modprobed.txt').read_text()
        if args[0] == '-i':
            name, args = args[1], args[2:]
            if name not in self.instances:
                return 3, '', (FIXTURES / 'no-such-instance.txt').read_text().replace('nope', name)
            return self.instance_command(self.instances[name], name, args)
        if args[:2] == ['instance', 'display']:
            return 0, HEADERS['instance'] + ''.join(
                'a7c9dcc0,%s,%s\n' % (name, instance['framework']) for name, instance in self.instances.items()), ''
        if args[:2] == ['file', 'handle']:
            return self.handle(json.loads(pathlib.Path(args[2]).read_text()))
        raise AssertionError('unexpected jool call %s' % args)

    def handle(self, config):
        existing = self.instances.get(config['instance'])
        if existing and existing['framework'] != config['framework']:
            return 22, '', "Error: The kernel module returned error 22: Sorry; you can't change an instance's framework for now."
        instance = existing or {'framework': config['framework'], 'bib': set()}
        instance['globals'] = dict(DEFAULT_GLOBALS, **{key: str(value).upper() if isinstance(value, bool) else str(value)
                                                       for key, value in config['global'].items()})
        instance['pool4'] = set()
        for entry in config['pool4']:
            low, high = entry['port range'].split('-')
            for address in ipaddress.IPv4Network(entry['prefix']):
                instance['pool4'].add((entry.get('mark', 0), entry['protocol'], str(address), low, high))
        if not existing:  # Jool applies a file's BIB only to an instance it creates.
            instance['bib'] = {(entry['protocol'], entry['ipv6 address'], entry['ipv4 address'])
                               for entry in config.get('bib', [])}
        self.instances[config['instance']] = instance
        return 0, '', ''

    def instance_command(self, instance, name, args):
        protocol = args[-1].lstrip('-').upper()
        if args[:2] == ['instance', 'remove']:
            del self.instances[name]
            return 0, '', ''
        if args[:2] == ['global', 'display']:
            return 0, 'Field,Value\n' + ''.join('%s,%s\n' % item for item in instance['globals'].items()), ''
        if args[:2] == ['pool4', 'display']:
            return 0, HEADERS['pool4'] + ''.join(
                '%d,%s,%s,%s,%s,1024,0\n' % row for row in sorted(instance['pool4']) if row[1] == protocol), ''
        if args[:2] == ['bib', 'display']:
            return 0, HEADERS['bib'] + ''.join(
                '%s,%s,%s,%s,%s,1\n' % (entry[0], *entry[1].split('#'), *entry[2].split('#'))
                for entry in sorted(instance['bib']) if entry[0] == protocol), ''
        if args[0] == 'bib' and args[1] in ('add', 'remove'):
            entry = (protocol, args[3], args[2])
            (instance['bib'].add if args[1] == 'add' else instance['bib'].discard)(entry)
            return 0, '', ''
        raise AssertionError('unexpected jool call %s' % args)


@pytest.fixture
def jool(monkeypatch):
    fake = FakeJool()
    monkeypatch.setattr(basic.AnsibleModule, 'get_bin_path', lambda self, name, required=False: '/usr/bin/jool')
    monkeypatch.setattr(basic.AnsibleModule, 'run_command', lambda self, args, **_kwargs: fake.run(list(args[1:])))
    return fake


@pytest.fixture
def args(tmp_path):
    return {
        'pool6': '64:ff9b::/96',
        'pool4': [{'prefix': '192.0.2.10', 'port_range': '61001-65535'}],
        'config_file': str(tmp_path / 'jool' / 'jool.conf'),
    }


def changes(jool):
    return [call for call in jool.calls if 'display' not in call]


def test_a_new_instance_is_created_from_the_file_and_kept_there(run_module, jool, args):
    result, failed, _warnings = run_module(jool_module, args)
    assert not failed and result['changed']
    assert result['commands'] == ['jool file handle %s' % args['config_file']]
    kept = json.loads(pathlib.Path(args['config_file']).read_text())
    assert kept['global'] == {'pool6': '64:ff9b::/96'}
    assert len(kept['pool4']) == 3
    assert jool.instances['default']['globals']['pool6'] == '64:ff9b::/96'


def test_a_second_run_changes_nothing(run_module, jool, args):
    run_module(jool_module, args)
    jool.calls.clear()
    result, failed, _warnings = run_module(jool_module, args)
    assert not failed and not result['changed'] and result['commands'] == []
    assert changes(jool) == []


def test_check_mode_reports_and_changes_nothing(run_module, jool, args):
    result, failed, _warnings = run_module(jool_module, args, check_mode=True)
    assert not failed and result['changed']
    assert result['commands'] == ['jool file handle %s' % args['config_file']]
    assert not pathlib.Path(args['config_file']).exists()
    assert jool.instances == {}


def test_bib_entries_are_added_and_removed_one_by_one(run_module, jool, args):
    args['bib'] = [{'protocol': 'tcp', 'ipv6': '2001:db8::8#80', 'ipv4': '192.0.2.10#61080'}]
    run_module(jool_module, args)
    args['bib'] = [{'protocol': 'tcp', 'ipv6': '2001:db8::9#80', 'ipv4': '192.0.2.10#61081'}]
    result, failed, _warnings = run_module(jool_module, args)
    assert not failed and result['changed']
    assert result['commands'] == [
        'jool -i default bib remove 192.0.2.10#61080 2001:db8::8#80 --tcp',
        'jool -i default bib add 192.0.2.10#61081 2001:db8::9#80 --tcp',
    ]
    assert '2001:db8::8#80' in result['diff']['before']
    assert '2001:db8::9#80' in result['diff']['after']


def test_a_changed_global_or_pool4_reapplies_the_file(run_module, jool, args):
    run_module(jool_module, args)
    args['global'] = {'lowest-ipv6-mtu': 1400}
    result, _failed, _warnings = run_module(jool_module, args)
    assert result['commands'] == ['jool file handle %s' % args['config_file']]
    assert jool.instances['default']['globals']['lowest-ipv6-mtu'] == '1400'
    assert not run_module(jool_module, args)[0]['changed']


def test_a_changed_framework_recreates_the_instance(run_module, jool, args):
    run_module(jool_module, args)
    result, failed, _warnings = run_module(jool_module, dict(args, framework='iptables'))
    assert not failed
    assert result['commands'] == ['jool -i default instance remove', 'jool file handle %s' % args['config_file']]
    assert jool.instances['default']['framework'] == 'iptables'


def test_absent_removes_the_instance_and_its_file(run_module, jool, args):
    run_module(jool_module, args)
    result, failed, _warnings = run_module(jool_module, {'state': 'absent', 'config_file': args['config_file']})
    assert not failed and result['changed'] and result['commands'] == ['jool -i default instance remove']
    assert jool.instances == {} and not pathlib.Path(args['config_file']).exists()
    assert not run_module(jool_module, {'state': 'absent', 'config_file': args['config_file']})[0]['changed']


def test_without_the_kernel_module_jools_words_are_given(run_module, jool, args):
    jool.loaded = False
    result, failed, _warnings = run_module(jool_module, args)
    assert failed
    assert result['msg'] == ("jool instance display --csv failed (rc 253): Error: Jool's socket family doesn't seem "
                             "to exist. (This probably means Jool hasn't been modprobed.) Netlink error message: "
                             "Object not found")


def test_a_bad_request_fails_before_any_change(run_module, jool, args):
    args['pool4'] = [{'prefix': '192.0.2.0/33'}]
    result, failed, _warnings = run_module(jool_module, args)
    assert failed and result['msg'].startswith('pool4[0].prefix: ')
    assert changes(jool) == [] and not pathlib.Path(args['config_file']).exists()
