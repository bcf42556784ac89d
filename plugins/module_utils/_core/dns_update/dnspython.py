# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""dnspython, imported once for the package: ``dns`` is None and HAS_DNSPYTHON False without it
(the nsupdate module then says so with missing_required_lib; the address core works without it)."""

from __future__ import annotations

# The package's modules use dns.<module> through the one name ``dns`` bound here.
__all__ = ('HAS_DNSPYTHON', 'dns')

try:
    import dns.exception
    import dns.flags
    import dns.message
    import dns.name
    import dns.opcode
    import dns.query
    import dns.rcode
    import dns.rdata
    import dns.rdataclass
    import dns.rdatatype
    import dns.rdtypes.ANY.PTR
    import dns.rdtypes.ANY.TSIG
    import dns.rdtypes.IN.A
    import dns.rdtypes.IN.AAAA
    import dns.tsig
    import dns.update
except ImportError:
    dns = None
    HAS_DNSPYTHON = False
else:
    HAS_DNSPYTHON = True
