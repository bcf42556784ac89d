# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""Which network stack of a Debian host keeps an interface's configuration across a reboot."""

from __future__ import annotations

STACKS = ('networkd', 'ifupdown', 'none')


def network_file(networkctl_status):
    """The .network file that ``networkctl status <link>`` says systemd-networkd applied to the
    link, or None for a link it does not configure (``Network File: n/a``)."""
    for line in networkctl_status.splitlines():
        key, separator, value = line.strip().partition(': ')
        if key == 'Network File' and separator and value.startswith('/'):
            return value.strip()
    return None


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
