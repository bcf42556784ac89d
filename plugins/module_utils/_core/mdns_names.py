# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""A device's own name, asked of the device by mDNS (RFC 6762): the device watcher's source for
the devices that take no DHCPv4 lease, on the LANs that opt in.

The watcher asks the device itself, at its link-local address, for the PTR of one of its
addresses (a "legacy unicast" query from a port other than 5353, which a responder such as
avahi answers by unicast, section 6.7). Its answer, ``<name>.local.``, is its name. Asked of the
device alone and answered from its own link-local address: no other device on the LAN can
answer in its place."""

from __future__ import annotations

import ipaddress

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


def ask_name(address, link_local, interface, timeout=1.0, port=MDNS_PORT):
    """The PTR targets the device at ``link_local`` on ``interface`` gives for ``address``
    (an empty list when it does not answer, or has no mDNS responder)."""
    question = dns.message.make_query(ipaddress.ip_address(address).reverse_pointer + '.', 'PTR')
    question.flags = 0
    # A link-local address means nothing without its link (the reply comes back with its scope).
    where = '%s%%%s' % (link_local, interface) if ipaddress.ip_address(link_local).is_link_local else str(link_local)
    try:
        answer = dns.query.udp(question, where, port=port, timeout=timeout,
                               ignore_unexpected=True)
    except (dns.exception.DNSException, OSError):
        return []
    return [rdata.target.to_text() for rrset in answer.answer if rrset.rdtype == dns.rdatatype.PTR for rdata in rrset]
