# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""The collection's core: the site plan, the writers of every file a daemon reads, the
prefix follower, and the address helpers they share.

Plain Python (the standard library, and dnspython for DNS updates), with no Ansible imports,
so it runs wherever it is needed: in the controller's filters, inside the collection's
modules on a managed host, and on the router as the prefix follower, which the router role
copies there as this whole package.
"""
