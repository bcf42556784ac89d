# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The dhcp46 role's Kea hook script routes each delegated prefix to the router that asked for it
and drops the route when the lease ends, and routes the living delegations again when Kea starts:
run with the environment Kea's run_script hook gives, and an ``ip`` that writes down what it was
asked."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

TEMPLATE = Path(__file__).resolve().parents[3] / 'roles' / 'dhcp46' / 'templates' / 'kea-delegated-routes.j2'


@pytest.fixture
def records(tmp_path):
    return tmp_path / 'delegations'


@pytest.fixture
def hook(tmp_path, records):
    script = tmp_path / 'kea-delegated-routes'
    script.write_text(TEMPLATE.read_text().replace('{{ ansible_managed | comment }}', '# managed')
                      .replace('{{ __dhcp46_pd_records | quote }}', str(records)))
    fake_ip = tmp_path / 'bin' / 'ip'
    fake_ip.parent.mkdir()
    fake_ip.write_text('#!/bin/sh\necho "ip $*" >> "%s"\n' % (tmp_path / 'ran'))
    fake_ip.chmod(0o755)

    def run(hook_point, **environment):
        env = {'PATH': '%s:%s' % (fake_ip.parent, os.environ['PATH'])}
        env.update({key: str(value) for key, value in environment.items()})
        result = subprocess.run(['sh', str(script), hook_point], env=env, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        ran = tmp_path / 'ran'
        text = ran.read_text() if ran.exists() else ''
        ran.unlink(missing_ok=True)
        return text.splitlines()
    return run


def test_a_committed_delegation_is_routed_to_the_requesting_router_and_an_address_lease_is_not(hook):
    assert hook('leases6_committed', QUERY6_REMOTE_ADDR='fe80::5eff:fe00:5361', QUERY6_IFACE_NAME='eth1',
                LEASES6_SIZE=2, LEASES6_AT0_TYPE='IA_NA', LEASES6_AT0_ADDRESS='2001:db8:5610:1::1:5',
                LEASES6_AT0_PREFIX_LEN=128, LEASES6_AT0_VALID_LIFETIME=60,
                LEASES6_AT1_TYPE='IA_PD', LEASES6_AT1_ADDRESS='2001:db8:5610:90::', LEASES6_AT1_PREFIX_LEN=60,
                LEASES6_AT1_VALID_LIFETIME=60) == [
        'ip -6 route replace 2001:db8:5610:90::/60 via fe80::5eff:fe00:5361 dev eth1 proto dhcp expires 60']


def test_a_renumbered_delegation_drops_the_old_route_and_routes_the_new_prefix(hook):
    assert hook('leases6_committed', QUERY6_REMOTE_ADDR='fe80::1', QUERY6_IFACE_NAME='eth1',
                DELETED_LEASES6_SIZE=1, DELETED_LEASES6_AT0_TYPE='IA_PD', DELETED_LEASES6_AT0_ADDRESS='2001:db8:5610:90::',
                DELETED_LEASES6_AT0_PREFIX_LEN=60,
                LEASES6_SIZE=2, LEASES6_AT0_TYPE='IA_PD', LEASES6_AT0_ADDRESS='2001:db8:5620:90::',
                LEASES6_AT0_PREFIX_LEN=60, LEASES6_AT0_VALID_LIFETIME=60,
                LEASES6_AT1_TYPE='IA_PD', LEASES6_AT1_ADDRESS='2001:db8:5610:a0::', LEASES6_AT1_PREFIX_LEN=60,
                LEASES6_AT1_VALID_LIFETIME=0) == [
        'ip -6 route del 2001:db8:5610:90::/60 proto dhcp',
        'ip -6 route replace 2001:db8:5620:90::/60 via fe80::1 dev eth1 proto dhcp expires 60',
        'ip -6 route del 2001:db8:5610:a0::/60 proto dhcp']


@pytest.mark.parametrize('hook_point', ['lease6_release', 'lease6_expire', 'lease6_decline'])
def test_an_ended_delegation_loses_its_route(hook, hook_point):
    assert hook(hook_point, LEASE6_TYPE='IA_PD', LEASE6_ADDRESS='2001:db8:5610:90::', LEASE6_PREFIX_LEN=60) == [
        'ip -6 route del 2001:db8:5610:90::/60 proto dhcp']
    assert hook(hook_point, LEASE6_TYPE='IA_NA', LEASE6_ADDRESS='2001:db8:5610:1::1:5', LEASE6_PREFIX_LEN=128) == []


def test_other_hook_points_change_nothing(hook):
    assert hook('lease6_renew', LEASE6_TYPE='IA_PD', LEASE6_ADDRESS='2001:db8:5610:90::', LEASE6_PREFIX_LEN=60) == []


def _delegate(hook, prefix, length, valid):
    return hook('leases6_committed', QUERY6_REMOTE_ADDR='fe80::1', QUERY6_IFACE_NAME='eth2', LEASES6_SIZE=1,
                LEASES6_AT0_TYPE='IA_PD', LEASES6_AT0_ADDRESS=prefix, LEASES6_AT0_PREFIX_LEN=length,
                LEASES6_AT0_VALID_LIFETIME=valid)


def test_a_delegation_for_ever_gets_a_route_that_does_not_expire(hook):
    assert _delegate(hook, '2001:db8:5610:80::', 64, 4294967295) == [
        'ip -6 route replace 2001:db8:5610:80::/64 via fe80::1 dev eth2 proto dhcp']


def test_each_routed_delegation_is_recorded_until_it_ends(hook, records):
    before = int(time.time())
    _delegate(hook, '2001:db8:5610:80::', 64, 600)
    via, dev, until = (records / '2001:db8:5610:80::_64').read_text().split()
    assert (via, dev) == ('fe80::1', 'eth2')
    assert before + 600 <= int(until) <= int(time.time()) + 600
    hook('lease6_expire', LEASE6_TYPE='IA_PD', LEASE6_ADDRESS='2001:db8:5610:80::', LEASE6_PREFIX_LEN=64)
    assert list(records.iterdir()) == []


def test_when_kea_starts_the_living_delegations_are_routed_again_and_the_ended_ones_forgotten(hook, records):
    records.mkdir()
    now = int(time.time())
    (records / '2001:db8:5610:80::_64').write_text('fe80::1 eth2 %d\n' % (now + 500))
    (records / '2001:db8:5610:90::_60').write_text('fe80::2 eth1 %d\n' % (now - 1))
    (records / 'fd00:5b::_60').write_text('fe80::3 eth1 %d\n' % (now + 10 ** 10))
    ran = hook('restore')
    assert len(ran) == 2
    assert ran[0].startswith('ip -6 route replace 2001:db8:5610:80::/64 via fe80::1 dev eth2 proto dhcp expires ')
    assert 495 <= int(ran[0].rsplit(' ', 1)[1]) <= 500
    assert ran[1] == 'ip -6 route replace fd00:5b::/60 via fe80::3 dev eth1 proto dhcp'
    assert sorted(path.name for path in records.iterdir()) == ['2001:db8:5610:80::_64', 'fd00:5b::_60']


def test_a_delegation_for_ever_is_routed_again_for_ever(hook, records):
    _delegate(hook, '2001:db8:5610:80::', 64, 4294967295)
    assert (records / '2001:db8:5610:80::_64').read_text() == 'fe80::1 eth2 forever\n'
    time.sleep(1)
    assert hook('restore') == ['ip -6 route replace 2001:db8:5610:80::/64 via fe80::1 dev eth2 proto dhcp']


def test_restore_with_no_delegation_ever_made_does_nothing(hook):
    assert hook('restore') == []
