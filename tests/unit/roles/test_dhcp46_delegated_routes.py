# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The dhcp46 role's Kea hook script routes each delegated prefix to the router that asked for it
and drops the route when the lease ends: run with the environment Kea's run_script hook gives, and
an ``ip`` that writes down what it was asked."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

TEMPLATE = Path(__file__).resolve().parents[3] / 'roles' / 'dhcp46' / 'templates' / 'kea-delegated-routes.j2'


@pytest.fixture
def hook(tmp_path):
    script = tmp_path / 'kea-delegated-routes'
    script.write_text(TEMPLATE.read_text().replace('{{ ansible_managed | comment }}', '# managed'))
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
        'ip -6 route replace 2001:db8:5610:90::/60 via fe80::5eff:fe00:5361 dev eth1 proto dhcp']


def test_a_renumbered_delegation_drops_the_old_route_and_routes_the_new_prefix(hook):
    assert hook('leases6_committed', QUERY6_REMOTE_ADDR='fe80::1', QUERY6_IFACE_NAME='eth1',
                DELETED_LEASES6_SIZE=1, DELETED_LEASES6_AT0_TYPE='IA_PD', DELETED_LEASES6_AT0_ADDRESS='2001:db8:5610:90::',
                DELETED_LEASES6_AT0_PREFIX_LEN=60,
                LEASES6_SIZE=2, LEASES6_AT0_TYPE='IA_PD', LEASES6_AT0_ADDRESS='2001:db8:5620:90::',
                LEASES6_AT0_PREFIX_LEN=60, LEASES6_AT0_VALID_LIFETIME=60,
                LEASES6_AT1_TYPE='IA_PD', LEASES6_AT1_ADDRESS='2001:db8:5610:a0::', LEASES6_AT1_PREFIX_LEN=60,
                LEASES6_AT1_VALID_LIFETIME=0) == [
        'ip -6 route del 2001:db8:5610:90::/60 proto dhcp',
        'ip -6 route replace 2001:db8:5620:90::/60 via fe80::1 dev eth1 proto dhcp',
        'ip -6 route del 2001:db8:5610:a0::/60 proto dhcp']


@pytest.mark.parametrize('hook_point', ['lease6_release', 'lease6_expire', 'lease6_decline'])
def test_an_ended_delegation_loses_its_route(hook, hook_point):
    assert hook(hook_point, LEASE6_TYPE='IA_PD', LEASE6_ADDRESS='2001:db8:5610:90::', LEASE6_PREFIX_LEN=60) == [
        'ip -6 route del 2001:db8:5610:90::/60 proto dhcp']
    assert hook(hook_point, LEASE6_TYPE='IA_NA', LEASE6_ADDRESS='2001:db8:5610:1::1:5', LEASE6_PREFIX_LEN=128) == []


def test_other_hook_points_change_nothing(hook):
    assert hook('lease6_renew', LEASE6_TYPE='IA_PD', LEASE6_ADDRESS='2001:db8:5610:90::', LEASE6_PREFIX_LEN=60) == []
