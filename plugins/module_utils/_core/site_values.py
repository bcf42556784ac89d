# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""The checks of single values of the site description, and the error every check of it raises.

Each takes the value as the user wrote it and the inventory path it came from
(``homelab_site.lans[1].interface``), and raises SiteError naming both.
"""

from __future__ import annotations

import ipaddress
import re

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import AddressError, format_address, parse_address, shown

SITE_VARIABLE = 'homelab_site'


# Matched with fullmatch: '$' would also match before a trailing newline ('eth0\n').
_LABEL = re.compile(r'(?!-)[A-Za-z0-9-]{1,63}(?<!-)')


_INTERFACE_NAME = re.compile(r'[^\s/:\x00]+')


# IFNAMSIZ is 16 bytes with the terminating NUL: the kernel counts bytes, not characters.
_INTERFACE_NAME_BYTES = 15


_NAME = re.compile(r'[A-Za-z0-9][A-Za-z0-9_-]*')


# RFC 5453: the top 128 interface ids of a subnet are reserved anycast ids.
_RESERVED_ANYCAST = range(0xFDFFFFFFFFFFFF80, 1 << 64)


class SiteError(AddressError):
    """A site description that cannot describe a network; the message names the path."""


def fail(path, message):
    raise SiteError('%s: %s' % (path, message))


def checked(path, check, *args):
    """Run a core parser, re-raising its error under the inventory path of the value."""
    try:
        return check(*args)
    except SiteError:
        raise
    except AddressError as error:
        raise SiteError('%s: %s' % (path, error)) from None


def as_mapping(value, path, known):
    if not isinstance(value, dict):
        fail(path, 'expected a mapping, got %s' % shown(value))
    unknown = sorted(set(value) - set(known))
    if unknown:
        fail(path, 'unknown key%s %s; known keys are %s'
             % ('s' if len(unknown) > 1 else '', ', '.join(unknown), ', '.join(sorted(known))))
    return value


def as_list(value, path):
    if value is None:
        return []
    if not isinstance(value, list):
        fail(path, 'expected a list, got %s' % shown(value))
    return value


def plain_name(value, path):
    if not isinstance(value, str) or not _NAME.fullmatch(value):
        fail(path, '%s is not a name; use letters, digits, - and _' % shown(value))
    return value


def domain_name(value, path='%s.domain' % SITE_VARIABLE):
    """A DNS domain name, without the trailing dot, lowercase."""
    if not isinstance(value, str):
        fail(path, '%s is not a domain name' % shown(value))
    name = value[:-1] if value.endswith('.') else value
    labels = name.split('.')
    if len(name) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        fail(path, '%s is not a domain name (labels of letters, digits and -, such as home.arpa)'
             % shown(value))
    return name.lower()


def host_name(value, path):
    """A host's name in the site's domain: one DNS label, lowercase."""
    if not isinstance(value, str) or not _LABEL.fullmatch(value):
        fail(path, '%s is not a host name (one label of letters, digits and -)' % shown(value))
    return value.lower()


def interface_name(value, path):
    """A Linux interface name: at most 15 bytes, no whitespace, '/' or ':'."""
    if not isinstance(value, str) or not _INTERFACE_NAME.fullmatch(value) or value in ('.', '..'):
        fail(path, '%s is not a network interface name (such as eth1 or enp2s0: no spaces, / or :)'
             % shown(value))
    if len(value.encode('utf-8')) > _INTERFACE_NAME_BYTES:
        fail(path, '%s is %d bytes long; Linux takes interface names of at most %d bytes'
             % (shown(value), len(value.encode('utf-8')), _INTERFACE_NAME_BYTES))
    return value


def interface_id(value, path):
    """A fixed interface id written as ``::100``: the low 64 bits of an address, as an integer."""
    address = checked(path, parse_address, value, 6)
    identifier = int(address)
    if identifier >> 64:
        fail(path, '%s sets bits of the prefix; an interface id has only the low 64 bits, such as ::100'
             % shown(value))
    if identifier == 0:
        fail(path, "'::' is the subnet-router anycast address, not a host's interface id")
    if identifier in _RESERVED_ANYCAST:
        fail(path, '%s is a reserved subnet anycast id (RFC 5453)' % shown(value))
    return identifier


def address_in(prefix, identifier):
    if prefix is None:
        return None
    return format_address(ipaddress.IPv6Address(int(ipaddress.IPv6Network(prefix).network_address) | identifier))


def unique_list(items):
    return list(dict.fromkeys(items))
