# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""A host's SLAAC token (its plan's interface id) as each network stack keeps it: what the
slaac_token module reads from ``ip -json address``, and the configuration it writes."""

from __future__ import annotations

import ipaddress

# The stacks that keep a token, and their names as their users know them (in messages).
STACKS = {'networkd': 'systemd-networkd', 'networkmanager': 'NetworkManager', 'ifupdown': 'ifupdown'}

# A drop-in of the interface's .network file, looked up by the file's name in every directory
# networkd reads, so one in /etc also extends a file in /run (netplan's) or /usr/lib.
NETWORKD_DROPIN_DIRECTORY = '/etc/systemd/network'
NETWORKD_DROPIN_NAME = '60-homelab-ipv6-slaac-token.conf'
# ifupdown runs it before it brings each stanza of an interface up, so the first router
# advertisement after a boot already meets the token.
IFUPDOWN_HOOK = '/etc/network/if-pre-up.d/homelab-ipv6-slaac-token'
# NetworkManager puts the token into an address only in EUI-64 mode; its default, RFC 7217's
# stable-privacy mode, ignores it.
NETWORKMANAGER_SETTINGS = ('ipv6.addr-gen-mode', 'ipv6.token')

HEADER = '# Written by homelab.ipv6 (the slaac_token role): the host forms its SLAAC addresses with its plan\'s iid.\n'


def lan_interfaces(links, networks):
    """The names of the ``links`` (``ip -json address show``) that hold an address in one of
    ``networks`` (the LAN's prefixes and IPv4 subnet), in the order ``ip`` lists them."""
    networks = [ipaddress.ip_network(network) for network in networks]
    found = []
    for link in links:
        for info in link.get('addr_info', []):
            address = ipaddress.ip_address(info['local'])
            if any(address.version == network.version and address in network for network in networks):
                found.append(link['ifname'])
                break
    return found


def only_interface(links):
    """The host's one interface that is up, besides loopback, or None: on a LAN without IPv4
    whose prefixes are new (a first run generates the ULA), a one-NIC server holds no address in
    them yet."""
    up = [link['ifname'] for link in links if 'UP' in link.get('flags', []) and 'LOOPBACK' not in link.get('flags', [])]
    return up[0] if len(up) == 1 else None


def link_of(links, interface):
    """The entry of ``interface`` in ``links``, or None."""
    return next((link for link in links if link.get('ifname') == interface), None)


def formed(link, addresses):
    """The ``addresses`` the ``link`` holds and has finished duplicate address detection for."""
    held = {ipaddress.ip_address(info['local']) for info in (link or {}).get('addr_info', [])
            if info.get('family') == 'inet6' and not info.get('tentative') and not info.get('dadfailed')}
    return [address for address in addresses if ipaddress.ip_address(address) in held]


def superseded(link, addresses):
    """The addresses the kernel formed by SLAAC before the token, in the prefixes of
    ``addresses`` (the token's), that are still preferred: RFC 8981 temporary addresses live
    their own short lives and are left alone."""
    prefixes = {ipaddress.ip_network(address + '/64', strict=False) for address in addresses}
    wanted = {ipaddress.ip_address(address) for address in addresses}
    found = []
    for info in (link or {}).get('addr_info', []):
        if info.get('family') != 'inet6' or not info.get('dynamic') or info.get('temporary') or info.get('deprecated'):
            continue
        address = ipaddress.ip_address(info['local'])
        if address not in wanted and any(address in prefix for prefix in prefixes):
            found.append({'address': str(address), 'prefixlen': info['prefixlen'],
                          'valid_life_time': info.get('valid_life_time')})
    return found


def cut_off(link, addresses, reached_at):
    """Whether ``reached_at`` (the address Ansible reaches the host at) is one of the ``link``'s
    SLAAC addresses in the token's prefixes that a stack which replaces them at once would take
    away: the run would lose the host in the middle."""
    try:
        address = ipaddress.ip_address(reached_at)
    except ValueError:
        return False  # a name, which the site's DNS moves to the new address
    return str(address) in [stale['address'] for stale in superseded(link, addresses)]


def kernel_token(text):
    """The token in ``ip token get dev <interface>`` output (``token ::10 dev eth0``), ``::`` for none."""
    words = text.split()
    return str(ipaddress.IPv6Address(words[1])) if len(words) > 1 and words[0] == 'token' else '::'


def networkd_dropin(token):
    """The drop-in that gives the interface's SLAAC addresses the interface id ``token``."""
    return HEADER + '[IPv6AcceptRA]\nToken=static:%s\n' % token


def ifupdown_hook(interface, token):
    """The if-pre-up.d script that sets the kernel's token on ``interface``. It never fails
    ifup: a kernel that refuses the token (router advertisements off) leaves the link as it was."""
    return ('#!/bin/sh\n' + HEADER
            + '[ "$IFACE" = %s ] || exit 0\n' % interface
            + 'ip token set %s dev %s 2>/dev/null || true\n' % (token, interface))


def networkmanager_changes(current, token):
    """The ``nmcli connection modify`` arguments that give the connection the ``token``, from
    its ``current`` settings (by the names of NETWORKMANAGER_SETTINGS); empty when it has it."""
    wanted = {'ipv6.addr-gen-mode': 'eui64', 'ipv6.token': token}
    changes = []
    for setting in NETWORKMANAGER_SETTINGS:
        value = current.get(setting) or ''
        if setting == 'ipv6.token' and value:
            try:
                value = str(ipaddress.IPv6Address(value))
            except ValueError:
                pass  # not a token this module would write: it is replaced
        if value != wanted[setting]:
            changes += [setting, wanted[setting]]
    return changes


def networkmanager_settings(text, names=NETWORKMANAGER_SETTINGS):
    """The settings in ``nmcli --get-values <names> connection show <id>`` output, a value a
    line, in which nmcli's terse mode escapes ``:`` and ``\\`` with a backslash (``\\:\\:40``)."""
    values = [line.strip().replace('\\:', ':').replace('\\\\', '\\') for line in text.splitlines()]
    return {name: (values[index] if index < len(values) else '') for index, name in enumerate(names)}
