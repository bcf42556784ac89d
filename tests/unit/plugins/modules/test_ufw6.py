# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pathlib
import shutil

import pytest
from ansible.module_utils import basic

from ansible_collections.homelab.ipv6.plugins.modules import ufw6

FIXTURES = pathlib.Path(__file__).parent.parent / 'fixtures' / 'ufw'


@pytest.fixture
def host(tmp_path, monkeypatch):
    """ufw's files in a temporary directory, and a ufw command that records its calls.

    ``host.fail_on`` makes the ufw call with that word fail after it has damaged user6.rules,
    as a crash half-way through a write would.
    """
    class Host:
        calls = []
        fail_on = None
        defaults = tmp_path / 'default-ufw'
        conf = tmp_path / 'ufw.conf'
        user6 = tmp_path / 'user6.rules'
        user = tmp_path / 'user.rules'

    shutil.copy(FIXTURES / 'default-ufw', Host.defaults)
    shutil.copy(FIXTURES / 'user6.rules', Host.user6)
    shutil.copy(FIXTURES / 'user.rules', Host.user)
    Host.conf.write_text('ENABLED=yes\n')
    monkeypatch.setattr(ufw6, 'DEFAULTS_FILE', str(Host.defaults))
    monkeypatch.setattr(ufw6, 'CONF_FILE', str(Host.conf))
    monkeypatch.setattr(ufw6, 'RULES_FILES', (str(Host.user6), str(Host.user)))

    def run_command(self, args, **_kwargs):
        Host.calls.append(args[1:])
        if Host.fail_on and Host.fail_on in args:
            Host.user6.write_text('half written')
            return 1, '', 'ERROR: Bad port'
        return 0, 'Rule added (v6)', ''

    monkeypatch.setattr(basic.AnsibleModule, 'get_bin_path', lambda self, name, required=False: '/usr/sbin/ufw')
    monkeypatch.setattr(basic.AnsibleModule, 'run_command', run_command)
    return Host


SMTP = {'proto': 'tcp', 'to_port': '25', 'comment': 'mail'}


def test_existing_rules_change_nothing(run_module, host):
    result, failed, _warnings = run_module(ufw6, {'rules': [
        {'proto': 'tcp', 'to_port': '443'}, {'proto': 'udp', 'to_port': '547', 'interface': 'eth1'}]})
    assert not failed and not result['changed'] and host.calls == []
    assert result['ipv6_enabled'] and result['commands'] == []


def test_a_new_rule_is_added_with_ipv6_addresses(run_module, host):
    result, failed, _warnings = run_module(ufw6, {'rules': [SMTP]})
    assert not failed and result['changed']
    assert host.calls == [['allow', 'in', 'proto', 'tcp', 'from', '::/0', 'to', '::/0', 'port', '25',
                           'comment', 'mail']]
    assert result['commands'] == ['ufw allow in proto tcp from ::/0 to ::/0 port 25 comment mail']


def test_check_mode_plans_and_runs_nothing(run_module, host):
    result, failed, _warnings = run_module(ufw6, {'rules': [SMTP, dict(SMTP, state='absent')]}, check_mode=True)
    assert not failed and result['changed'] and host.calls == []
    assert result['commands'] == ['ufw allow in proto tcp from ::/0 to ::/0 port 25 comment mail',
                                  'ufw delete allow in proto tcp from ::/0 to ::/0 port 25']


def test_diff_shows_the_rules_before_and_after(run_module, host):
    result, _failed, _warnings = run_module(ufw6, {'rules': [SMTP], '_ansible_diff': True}, check_mode=True)
    assert result['diff']['after'] == result['diff']['before'] + \
        'allow in proto tcp from ::/0 to ::/0 port 25 comment mail\n'
    assert result['diff']['before'].startswith('IPV6 enabled: True\nallow in proto tcp from ::/0 to ::/0 port 443')


def test_ipv6_is_switched_on_and_an_enabled_ufw_reloaded(run_module, host):
    host.defaults.write_text(host.defaults.read_text().replace('IPV6=yes', 'IPV6=no'))
    result, failed, _warnings = run_module(ufw6, {})
    assert not failed and result['changed'] and result['ipv6_enabled']
    assert 'IPV6=yes' in host.defaults.read_text().splitlines()
    assert host.calls == [['reload']]


def test_a_disabled_ufw_is_not_reloaded(run_module, host):
    host.defaults.write_text(host.defaults.read_text().replace('IPV6=yes', 'IPV6=no'))
    host.conf.write_text('ENABLED=no\n')
    result, _failed, _warnings = run_module(ufw6, {})
    assert result['changed'] and host.calls == []


def test_a_failed_rule_rolls_everything_back(run_module, host):
    before = {path: path.read_text() for path in (host.user6, host.user)}
    host.defaults.write_text(host.defaults.read_text().replace('IPV6=yes', 'IPV6=no'))
    disabled = host.defaults.read_text()
    host.fail_on = '25'
    result, failed, _warnings = run_module(ufw6, {'rules': [{'proto': 'tcp', 'to_port': '24'}, SMTP]})
    assert failed
    assert result['msg'] == ('`ufw allow in proto tcp from ::/0 to ::/0 port 25 comment mail` failed: '
                             'ERROR: Bad port. ufw was put back as it was before this task.')
    assert {path: path.read_text() for path in before} == before
    assert host.defaults.read_text() == disabled
    assert host.calls[-1] == ['reload']


def test_a_bad_rule_fails_before_anything_runs(run_module, host):
    result, failed, _warnings = run_module(ufw6, {'rules': [SMTP, {'to_ip': '192.0.2.1'}]})
    assert failed and host.calls == []
    assert result['msg'] == "rules[1].to_ip: '192.0.2.1' is an IPv4 address; an IPv6 address is needed here"


def test_rules_report_their_ipv4_twins(run_module, host):
    result, _failed, _warnings = run_module(ufw6, {})
    assert [rule for rule in result['rules'] if rule['v4_twin']] == []
    host.user6.write_text(host.user6.read_text() + '### tuple ### allow tcp 22 ::/0 any ::/0 in\n')
    result, _failed, _warnings = run_module(ufw6, {})
    assert [rule['rule'] for rule in result['rules'] if rule['v4_twin']] == \
        ['allow in proto tcp from ::/0 to ::/0 port 22']


def test_without_ufw_the_module_says_so(run_module, monkeypatch):
    monkeypatch.setattr(basic.AnsibleModule, 'get_bin_path', lambda self, name, required=False: None)
    result, failed, _warnings = run_module(ufw6, {})
    assert failed and result['msg'] == 'ufw is not installed on this host; install the ufw package first'


def test_only_if_enabled_leaves_a_disabled_ufw_alone_and_says_so(run_module, host):
    host.conf.write_text('ENABLED=no\n')
    result, failed, _warnings = run_module(ufw6, {'only_if': 'enabled', 'rules': [SMTP]})
    assert not failed and not result['changed'] and host.calls == []
    assert (result['installed'], result['enabled']) == (True, False)
    host.conf.write_text('ENABLED=yes\n')
    result, failed, _warnings = run_module(ufw6, {'only_if': 'enabled', 'rules': [SMTP]})
    assert not failed and result['changed'] and (result['installed'], result['enabled']) == (True, True)


def test_only_if_installed_leaves_a_host_without_ufw_alone(run_module, monkeypatch):
    monkeypatch.setattr(basic.AnsibleModule, 'get_bin_path', lambda self, name, required=False: None)
    for only_if in ('installed', 'enabled'):
        result, failed, _warnings = run_module(ufw6, {'only_if': only_if, 'rules': [SMTP]})
        assert not failed and not result['changed']
        assert (result['installed'], result['enabled']) == (False, False)
