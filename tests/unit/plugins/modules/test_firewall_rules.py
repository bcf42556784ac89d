# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pathlib
import shutil

import pytest
from ansible.module_utils import basic

from ansible_collections.homelab.ipv6.plugins.modules import firewall_rules

FIXTURES = pathlib.Path(__file__).parent.parent / 'fixtures' / 'ufw'
DNS = [{'family': 'ipv6', 'interface': 'eth1', 'proto': ['udp', 'tcp'], 'to_port': '53'},
       {'interface': 'eth1', 'from_ip': '198.18.11.0/24', 'proto': 'udp', 'to_port': '53'}]


@pytest.fixture
def host(tmp_path, monkeypatch):
    """ufw's files in a temporary directory, and a ufw command that records its calls and
    writes the tuple ufw would (enough for the module to read its rules back)."""
    class Host:
        calls = []
        fail_on = None
        defaults = tmp_path / 'default-ufw'
        conf = tmp_path / 'ufw.conf'
        files = {6: tmp_path / 'user6.rules', 4: tmp_path / 'user.rules'}

    shutil.copy(FIXTURES / 'default-ufw', Host.defaults)
    shutil.copy(FIXTURES / 'user6.rules', Host.files[6])
    shutil.copy(FIXTURES / 'user.rules', Host.files[4])
    Host.conf.write_text('ENABLED=yes\n')
    monkeypatch.setattr(firewall_rules, 'DEFAULTS_FILE', str(Host.defaults))
    monkeypatch.setattr(firewall_rules, 'CONF_FILE', str(Host.conf))
    monkeypatch.setattr(firewall_rules, 'RULES_FILES', {version: str(path) for version, path in Host.files.items()})

    def run_command(self, args, **_kwargs):
        Host.calls.append(' '.join(args[1:]))
        if Host.fail_on and Host.fail_on in args:
            Host.files[6].write_text('half written')
            return 1, '', 'ERROR: Bad port'
        return 0, 'Rule added', ''

    monkeypatch.setattr(basic.AnsibleModule, 'get_bin_path', lambda self, name, required=False: '/usr/sbin/ufw')
    monkeypatch.setattr(basic.AnsibleModule, 'run_command', run_command)
    return Host


def test_the_rules_are_added_each_in_its_family(run_module, host):
    result, failed, _warnings = run_module(firewall_rules, {'owner': 'homelab.ipv6.dns_bind', 'rules': DNS})
    assert not failed and result['changed']
    assert host.calls == [
        'allow in on eth1 proto udp from ::/0 to ::/0 port 53 comment homelab.ipv6.dns_bind',
        'allow in on eth1 proto tcp from ::/0 to ::/0 port 53 comment homelab.ipv6.dns_bind',
        'allow in on eth1 proto udp from 198.18.11.0/24 to 0.0.0.0/0 port 53 comment homelab.ipv6.dns_bind']


def test_check_mode_and_diff_show_the_commands_and_run_none(run_module, host):
    result, failed, _warnings = run_module(firewall_rules, {'owner': 'homelab.ipv6.dns_bind', 'rules': DNS,
                                                            '_ansible_diff': True}, check_mode=True)
    assert not failed and result['changed'] and host.calls == [] and len(result['commands']) == 3
    assert result['diff']['before'] == ''
    assert result['diff']['after'].startswith('IPv6: ufw allow in on eth1 proto udp from ::/0 to ::/0 port 53')


def test_a_host_without_ufw_in_use_is_left_alone_when_asked(run_module, host, monkeypatch):
    host.conf.write_text('ENABLED=no\n')
    result, failed, _warnings = run_module(firewall_rules, {'owner': 'x', 'rules': DNS, 'only_if': 'enabled'})
    assert not failed and not result['changed'] and not result['enabled'] and host.calls == []
    monkeypatch.setattr(basic.AnsibleModule, 'get_bin_path', lambda self, name, required=False: None)
    result, failed, _warnings = run_module(firewall_rules, {'owner': 'x', 'rules': DNS})
    assert failed and result['msg'] == 'ufw is not installed on this host; install the ufw package first'


def test_a_failing_rule_puts_ufw_back_as_it_was(run_module, host):
    before = host.files[6].read_text()
    host.fail_on = 'tcp'
    result, failed, _warnings = run_module(firewall_rules, {'owner': 'homelab.ipv6.dns_bind', 'rules': DNS})
    assert failed and result['msg'].startswith('`ufw allow in on eth1 proto tcp from ::/0 to ::/0 port 53 comment '
                                               'homelab.ipv6.dns_bind` failed: ERROR: Bad port. ufw was put back')
    assert host.files[6].read_text() == before and host.calls[-1] == 'reload'


def test_a_bad_rule_fails_before_anything_runs(run_module, host):
    result, failed, _warnings = run_module(firewall_rules, {'owner': 'x', 'rules': [{'proto': 'sctp'}]})
    assert failed and result['msg'] == "rules[0].proto: 'sctp' is not one of any, tcp, udp, esp, ah, gre, ipv6 for IPv4"
    assert host.calls == []
