# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which network stack of a Debian host keeps an interface's configuration across a reboot."""

from __future__ import annotations

STACKS = ('networkd', 'ifupdown', 'none')


def networkd_configures(networkctl_status):
    """Whether ``networkctl status <link>`` shows a link that systemd-networkd configures: it
    names the .network file it applied (an unmanaged link shows ``Network File: n/a``)."""
    return any(line.strip().startswith('Network File: /') for line in networkctl_status.splitlines())


def choose_stack(interfaces, networkd_links, ifupdown_links, networkd_active, ifupdown_installed):
    """The stack that keeps a role's configuration: for existing ``interfaces``, the one that
    already configures them (networkd before ifupdown, as networkd would win at boot); for none
    (a new interface, such as a tunnel), the one the host runs. ``none`` when neither applies."""
    if interfaces:
        if networkd_links:
            return 'networkd'
        return 'ifupdown' if ifupdown_links else 'none'
    if networkd_active:
        return 'networkd'
    return 'ifupdown' if ifupdown_installed else 'none'
