# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""TSIG keys: read from a BIND key file as BIND reads it (quoted strings first, then
comments), or made from their parts. No message ever holds a secret."""

from __future__ import annotations

import base64
import binascii
import collections
import re

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import shown
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.dnspython import dns
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.errors import DnsUpdateError


DEFAULT_ALGORITHM = 'hmac-sha256'
ALGORITHMS = ('hmac-md5', 'hmac-sha1', 'hmac-sha224', 'hmac-sha256', 'hmac-sha384', 'hmac-sha512')
TsigKey = collections.namedtuple('TsigKey', 'name algorithm secret')


# The tokens of BIND's configuration grammar, as isc_lex reads named.conf and key files: a
# quoted string is read whole first, so a // or # inside a secret is text, not a comment.
_CONFIG_TOKEN = re.compile(r"""
      "(?P<string>(?:[^"\\]|\\.)*)"
    | (?P<comment>//[^\n]*|\#[^\n]*|/\*.*?\*/)
    | (?P<punctuation>[{};])
    | (?P<word>(?:[^\s"{};#/]|/(?![/*]))+)
    | (?P<space>\s+)
    | (?P<other>.)
""", re.S | re.X)


# The labels of names people give hosts, services (_ldap._tcp) and wildcards. dnspython would
# take anything, escaping it: 'my nas' would go to the server as my\032nas.
_NAME_LABEL = re.compile(r'[A-Za-z0-9_-]{1,63}|\*')


def _algorithm(value, what):
    algorithm = str(value).lower().rstrip('.')
    if algorithm not in ALGORITHMS:
        raise DnsUpdateError("%s is '%s'; use one of %s" % (what, value, ', '.join(ALGORITHMS)))
    return algorithm


def _secret(value, what):
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError, TypeError):
        # The value itself stays out of the message: it may be a secret with a typo.
        raise DnsUpdateError('%s is not base64 text (what tsig-keygen writes after "secret")' % what) from None
    return value


def dns_name(value, what, origin=None):
    """``value`` as a dnspython name, relative to ``origin`` unless it ends with a dot;
    ``what`` names the value in the message."""
    if not isinstance(value, str) or not value.strip():
        raise DnsUpdateError('%s is %s, which is not a DNS name' % (what, shown(value)))
    text = value.strip()
    labels = (text[:-1] if text.endswith('.') and text != '.' else text).split('.')
    if text != '.':
        for label in labels:
            if not label:
                raise DnsUpdateError('%s is %s, which has an empty label (two dots in a row, or a leading dot)'
                                     % (what, shown(value)))
            if len(label) > 63:
                raise DnsUpdateError('%s is %s, which has a label of %d characters; DNS allows 63'
                                     % (what, shown(value), len(label)))
            if not _NAME_LABEL.fullmatch(label):
                raise DnsUpdateError('%s is %s; a DNS name here has labels of letters, digits, - and _'
                                     % (what, shown(value)))
    try:
        return dns.name.from_text(text, origin if origin is not None else dns.name.root)
    except dns.exception.DNSException as error:
        raise DnsUpdateError('%s is %s, which is not a DNS name (%s)' % (what, shown(value), error)) from None


def make_key(name, secret, algorithm=DEFAULT_ALGORITHM):
    """A TsigKey from its parts; ``name`` is a key name, such as ``homelab-ddns``."""
    if not name:
        raise DnsUpdateError('key_name is empty; the key name is the one in the server\'s key "..." statement')
    return TsigKey(dns_name(name, 'key_name').to_text(), _algorithm(algorithm, 'key_algorithm'),
                   _secret(secret, 'key_secret of key %s' % name))


def _config_tokens(text, source):
    """The words, strings and punctuation of a BIND configuration text, each with its line."""
    tokens = []
    line = 1
    for match in _CONFIG_TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == 'other':
            what = 'a quoted string' if match.group() == '"' else 'a /* comment'
            raise DnsUpdateError('%s is not a BIND key file: %s on line %d is never closed' % (source, what, line))
        if kind in ('word', 'string', 'punctuation'):
            tokens.append((kind, match.group(kind), line))
        line += match.group().count('\n')
    return tokens


def _config_statements(tokens, source, position=0, closing=None):
    """The statements of a token list, each a (words, block, line) with block a list of
    statements or None, up to the ``}`` that ends a block (``closing`` is its opening line)."""
    statements = []
    words = []
    while position < len(tokens):
        kind, value, line = tokens[position]
        position += 1
        if kind != 'punctuation':
            words.append((value, line))
        elif value == '}':
            if closing is None:
                raise DnsUpdateError('%s is not a BIND key file: the } on line %d closes no {' % (source, line))
            if words:
                raise DnsUpdateError('%s is not a BIND key file: a ; is missing before the } on line %d'
                                     % (source, line))
            return statements, position
        elif value == ';':
            if words:
                statements.append(([word for word, _line in words], None, words[0][1]))
            words = []
        else:
            block, position = _config_statements(tokens, source, position, closing=line)
            if position >= len(tokens) or tokens[position][1] != ';':
                raise DnsUpdateError('%s is not a BIND key file: a ; is missing after the block that starts on '
                                     'line %d' % (source, line))
            position += 1
            statements.append(([word for word, _line in words], block, words[0][1] if words else line))
            words = []
    if closing is not None:
        raise DnsUpdateError('%s is not a BIND key file: the { on line %d is never closed' % (source, closing))
    if words:
        raise DnsUpdateError('%s is not a BIND key file: a ; is missing at its end' % source)
    return statements, position


def parse_key_file(text, name=None, source='the key file'):
    """The key in a BIND key file (``key "name" { algorithm ...; secret "..."; };``).

    The file is read as BIND reads it: quoted strings first, then comments (``//``, ``#``,
    ``/* */``), so a secret holding ``//`` stays whole. It may hold several keys and other
    statements (``rndc-confgen -a`` writes one key, ``tsig-keygen`` one); ``name`` picks one
    key, and is needed when there are several.
    """
    statements, _position = _config_statements(_config_tokens(text, source), source)
    keys = []
    for words, block, line in statements:
        if not words or words[0] != 'key' or block is None:
            continue
        if len(words) != 2:
            raise DnsUpdateError('%s is not a BIND key file: the key statement on line %d needs one name, '
                                 'as in key "homelab-ddns" { ... };' % (source, line))
        key_name = words[1].rstrip('.')
        fields = {}
        for field_words, _block, _line in block:
            if len(field_words) == 2 and field_words[0] in ('algorithm', 'secret'):
                fields[field_words[0]] = field_words[1]
        if 'secret' not in fields:
            raise DnsUpdateError('key %s in %s has no secret' % (key_name, source))
        algorithm = _algorithm(fields.get('algorithm', DEFAULT_ALGORITHM),
                               'the algorithm of key %s in %s' % (key_name, source))
        keys.append(TsigKey(dns_name(key_name, 'a key name in %s' % source).to_text(), algorithm,
                            _secret(fields['secret'], 'the secret of key %s in %s' % (key_name, source))))
    if not keys:
        raise DnsUpdateError('%s has no key "name" { algorithm ...; secret "..."; }; statement' % source)
    if name is not None:
        wanted = dns_name(name, 'key_name').to_text()
        keys = [key for key in keys if key.name == wanted]
        if not keys:
            raise DnsUpdateError('%s has no key named %s' % (source, name))
    if len(keys) > 1:
        raise DnsUpdateError('%s holds keys %s; key_name says which one to use'
                             % (source, ', '.join(key.name.rstrip('.') for key in keys)))
    return keys[0]


def dnspython_key(key):
    return dns.tsig.Key(key.name, key.secret, key.algorithm + '.')


def key_label(key):
    """How messages name a key: its name without the trailing dot, never its secret."""
    return key.name.rstrip('.') if key else 'no key'
