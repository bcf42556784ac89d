# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""Reading addresses and prefixes strictly, and writing them as RFC 5952 text.

Every address or prefix the collection outputs goes through ``format_address``,
``format_network`` or ``format_mixed``. Pure standard library, no Ansible imports.
"""

from __future__ import annotations

import ipaddress
import re

# ASCII digits only: Python's int() and \\d also take '٤٤٣' and full-width digits, which no
# daemon's parser reads as a number.
_DECIMAL = re.compile(r'[0-9]+')


class AddressError(ValueError):
    """A value that is not the address, prefix or identifier it should be; the message says why."""


def shown(value):
    """The value as an error message quotes it, in the YAML flow style the user wrote it in:
    strings in single quotes, numbers, true/false/null, [lists] and {mappings}.

    ansible-core 2.19 hands plugins its own subclasses of str, int, list and dict; this reads
    them as the plain types, so a message never shows a class name.
    """
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, (str, ipaddress.IPv4Address, ipaddress.IPv6Address,
                          ipaddress.IPv4Network, ipaddress.IPv6Network)):
        text = str(value)
        # A newline or another control character shows as its escape ('eth0\\n'), so that the
        # message stays one line and the character the user did not see is visible.
        return "'%s'" % text if text.isprintable() else repr(text)
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return repr(float(value))
    if isinstance(value, (list, tuple)):
        return '[%s]' % ', '.join(shown(item) for item in value)
    if isinstance(value, dict):
        return '{%s}' % ', '.join('%s: %s' % (key if isinstance(key, str) else shown(key), shown(item))
                                  for key, item in value.items())
    return repr(value)


def kind(value):
    """What a value is, in YAML's words: text, a number, true/false, null, a list, a mapping."""
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'true/false'
    if isinstance(value, (int, float)):
        return 'a number'
    if isinstance(value, str):
        return 'text'
    if isinstance(value, (list, tuple)):
        return 'a list'
    if isinstance(value, dict):
        return 'a mapping'
    return 'another kind of value'


def decimal(value):
    """The integer that ``value`` is, when it is an int or a string of ASCII digits; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str) and _DECIMAL.fullmatch(value):
        return int(value)
    return None


def _text(value, what):
    if isinstance(value, bool) or not isinstance(value, str):
        raise AddressError("%s is not %s: expected text, got %s" % (shown(value), what, kind(value)))
    return value


def _without_zone(text):
    # fe80::1%eth0: the zone names a link on one host; it is not part of the address.
    address, sep, zone = text.partition('%')
    if sep and not zone:
        raise AddressError("'%s' has an empty zone after '%%'" % text)
    return address


def parse_address(value, version=None):
    """Return the ``ipaddress`` address for ``value`` (text or an address object).

    A zone (``fe80::1%eth0``) is accepted and dropped. ``version`` (4 or 6) restricts the family.
    """
    if isinstance(value, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        address = value
    else:
        text = _without_zone(_text(value, 'an IP address'))
        try:
            address = ipaddress.IPv6Address(text) if ':' in text else ipaddress.IPv4Address(text)
        except ValueError:
            raise AddressError('%s is not an IP address' % shown(value)) from None
    if version is not None and address.version != version:
        raise AddressError('%s is an IPv%d address; an IPv%d address is needed here'
                           % (shown(value), address.version, version))
    return address


def parse_network(value, version=None):
    """Return the ``ipaddress`` network for prefix text such as ``2001:db8::/32``.

    The length is required and host bits must be zero: ``2001:db8::1/64`` is refused with the
    prefix it probably meant, so a typo never silently becomes another network.
    """
    if isinstance(value, (ipaddress.IPv4Network, ipaddress.IPv6Network)):
        network = value
    else:
        text = _text(value, 'a prefix')
        if '/' not in text:
            raise AddressError('%s has no prefix length; write a prefix such as 2001:db8::/64' % shown(value))
        try:
            network = ipaddress.ip_network(text, strict=False)
        except ValueError:
            raise AddressError('%s is not an IP prefix' % shown(value)) from None
        if network.network_address != ipaddress.ip_address(text.split('/')[0]):
            raise AddressError('%s has host bits set; the /%d prefix that contains it is %s'
                               % (shown(value), network.prefixlen, format_network(network)))
    if version is not None and network.version != version:
        raise AddressError('%s is an IPv%d prefix; an IPv%d prefix is needed here'
                           % (shown(value), network.version, version))
    return network


def format_address(address):
    """RFC 5952 text: lowercase, leading zeros dropped, the longest zero run as ``::``.

    IPv4-mapped addresses keep their dotted quad (RFC 5952 section 5) on every Python version.
    """
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped is not None:
        return '::ffff:%s' % address.ipv4_mapped
    # Rebuilt from the integer so that a scope id (Python 3.9+) never leaks into the text.
    return str(ipaddress.IPv6Address(int(address)))


def format_network(network):
    """RFC 5952 text of a prefix: ``<address>/<length>``."""
    return '%s/%d' % (format_address(network.network_address), network.prefixlen)


def _compress_hextets(hextets):
    """RFC 5952 section 4.2: the longest run of two or more zero fields, the first on a tie."""
    best_start, best_length, start = -1, 1, None
    for index, hextet in enumerate(hextets + [1]):
        if hextet == 0 and start is None:
            start = index
        elif hextet != 0 and start is not None:
            if index - start > best_length:
                best_start, best_length = start, index - start
            start = None
    fields = ['%x' % hextet for hextet in hextets]
    if best_start < 0:
        return ':'.join(fields)
    return ':'.join(fields[:best_start]) + '::' + ':'.join(fields[best_start + best_length:])


def format_mixed(address):
    """RFC 5952 text with the last 32 bits as a dotted quad, as for ``64:ff9b::192.0.2.33``."""
    value = int(address)
    hextets = [(value >> shift) & 0xFFFF for shift in range(112, 31, -16)]
    head = _compress_hextets(hextets)
    separator = '' if head.endswith('::') else ':'
    return '%s%s%s' % (head, separator, ipaddress.IPv4Address(value & 0xFFFFFFFF))
