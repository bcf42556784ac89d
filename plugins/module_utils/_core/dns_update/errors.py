# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""The one error of a DNS update: a record, key or server answer that stops it."""

from __future__ import annotations


class DnsUpdateError(Exception):
    """A record, key or server answer that stops the update; the message is one sentence."""
