# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""RFC 2136 dynamic updates signed with TSIG (RFC 8945), with dnspython.

The ``nsupdate`` module is a front door onto this: it reads the RRsets a list of records
touches from the primary, plans the changes, and sends one UPDATE per zone whose
prerequisites are the RRsets as they were read, so a change made in between by someone
else (a DHCP server's update, a hand-typed ``nsupdate``) is never overwritten. No Ansible
imports; the secret of a key never goes into a message this package writes.

The package: ``key_file`` (TSIG keys), ``records`` (what is wanted, and the change to it),
``wire`` (the UPDATE message and its batches), ``primary`` (talking to the server) and
``apply`` (the per-zone plan and the whole update); ``errors`` and ``dnspython`` hold what
they share.
"""
