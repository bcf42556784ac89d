# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.homelab.ipv6.plugins.module_utils._network_stack import choose_stack, network_file


def test_networkd_configures_a_link_whose_status_names_a_network_file():
    assert network_file('● 2: eth1\n     Network File: /etc/systemd/network/10-eth1.network\n  State: routable') == \
        '/etc/systemd/network/10-eth1.network'
    assert network_file('● 2: eth1\n     Network File: n/a\n  State: off (unmanaged)') is None
    assert network_file('') is None


@pytest.mark.parametrize('interfaces, networkd_links, ifupdown_links, active, installed, expected', [
    (['eth0', 'eth1'], ['eth1'], ['eth0'], True, True, 'networkd'),
    (['eth0'], [], ['eth0'], True, True, 'ifupdown'),  # networkd runs, but not for these links
    (['eth0'], [], [], True, True, 'none'),
    ([], [], [], True, True, 'networkd'),  # a new interface: the stack the host runs
    ([], [], [], False, True, 'ifupdown'),
    ([], [], [], False, False, 'none'),
])
def test_the_stack_is_the_one_that_configures_the_interfaces_else_the_one_that_runs(
        interfaces, networkd_links, ifupdown_links, active, installed, expected):
    assert choose_stack(interfaces, networkd_links, ifupdown_links, active, installed) == expected
