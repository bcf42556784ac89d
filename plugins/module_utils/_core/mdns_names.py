# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""A device's own name, asked of the device by mDNS (RFC 6762): the device watcher's source for
the devices that take no DHCPv4 lease, on the LANs that opt in.

The watcher asks the device itself, at its stable address, for the PTR of that address (a
"legacy unicast" query from a port other than 5353, which a responder such as avahi answers by
unicast, section 6.7). Its answer, ``<name>.local.``, is its name. Asked of the device alone, at
an address it has just answered for from its own MAC: no other device on the LAN answers in its
place."""

from __future__ import annotations

import ipaddress
import socket
import time

from ansible_collections.homelab.ipv6.plugins.module_utils._core.device_names import host_label
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.dnspython import dns

MDNS_PORT = 5353
LOCAL = '.local.'


def mdns_label(answer_names):
    """The device's name from the PTR targets it answered (``name.local.``), as one DNS
    label, or None."""
    for target in answer_names:
        if target.lower().endswith(LOCAL):
            label = host_label(target[:-len(LOCAL)].replace('\\032', ' ').split('.')[-1])
            if label:
                return label
    return None


def _reply(sender, question, sources, timeout):
    """The first reply to ``question`` that comes from one of ``sources``, or None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sender.settimeout(max(deadline - time.monotonic(), 0.01))
        try:
            wire, source = sender.recvfrom(9000)
        except OSError:
            return None
        if ipaddress.ip_address(source[0].split('%')[0]) not in sources:
            continue
        try:
            reply = dns.message.from_wire(wire)
        except dns.exception.DNSException:
            continue
        if question.is_response(reply):
            return reply
    return None


def ask_name(address, at, interface, timeout=0.5, port=MDNS_PORT, sources=()):
    """The PTR targets the device at address ``at`` (on ``interface``, for a link-local one)
    gives for ``address`` (an empty list when it does not answer, or has no mDNS responder).
    The reply may come from ``at`` or any of ``sources``, the device's other addresses: a
    responder such as avahi answers from the one address it speaks from."""
    question = dns.message.make_query(ipaddress.ip_address(address).reverse_pointer + '.', 'PTR')
    question.flags = 0
    at = ipaddress.ip_address(at)
    scope = socket.if_nametoindex(interface) if at.is_link_local else 0
    accepted = {at} | {ipaddress.ip_address(source) for source in sources}
    with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as sender:
        try:
            sender.sendto(question.to_wire(), (str(at), port, 0, scope))
        except OSError:
            return []
        reply = _reply(sender, question, accepted, timeout)
    if reply is None:
        return []
    return [rdata.target.to_text() for rrset in reply.answer if rrset.rdtype == dns.rdatatype.PTR for rdata in rrset]
