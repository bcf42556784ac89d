# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""The delegation a DHCPv6-PD client holds, as the router keeps it (a local fact).

dhcpcd runs its ``script`` with the lease in the environment (dhcpcd-run-hooks(8)): ``reason``,
``interface``, and for each IA_PD ``new_dhcp6_ia_pd<N>_prefix<M>``, ``..._length``,
``..._pltime`` and ``..._vltime``. ``delegation_from_dhcpcd`` reads that into the fact every
role and the address-plan report read; pure, so it is tested without dhcpcd.
"""

from __future__ import annotations

import ipaddress
import re

FACT = 'homelab_prefix_delegation'
SOURCE = 'dhcpv6-pd'
# RFC 8415 section 7.7: 0xffffffff is an infinite lifetime.
INFINITE = 0xFFFFFFFF
# Reasons that carry the lease the client holds now.
BOUND = ('BOUND6', 'RENEW6', 'REBIND6', 'REBOOT6')
# Reasons after which the client holds no delegation: the lease ran out, or was given back.
LOST = ('EXPIRE6', 'RELEASE6')

_PREFIX = re.compile(r'new_dhcp6_ia_pd(\d+)_prefix(\d+)')


class DelegationError(ValueError):
    """A lease that names no usable prefix."""


def _lifetime(env, key):
    text = env.get(key, '')
    if not text.isdigit():
        return None
    return int(text)


def delegated_prefixes(env):
    """Every prefix of the lease in ``env`` with a valid lifetime above 0, longest-lived first:
    (network, preferred lifetime, valid lifetime). A server that moves a client to a new
    prefix answers with the old one at lifetime 0 beside it (RFC 8415 section 18.3.4)."""
    found = []
    for key in sorted(env):
        match = _PREFIX.fullmatch(key)
        if not match:
            continue
        length = env.get(key + '_length', '')
        try:
            network = ipaddress.IPv6Network('%s/%s' % (env[key], length))
        except ValueError:
            raise DelegationError('the lease names %s/%s, which is not an IPv6 prefix' % (env[key], length)) from None
        preferred, valid = _lifetime(env, key + '_pltime'), _lifetime(env, key + '_vltime')
        if valid == 0:
            continue
        found.append((network, preferred, valid))
    return sorted(found, key=lambda item: -(INFINITE if item[2] is None else item[2]))


def _finite(lifetime):
    if lifetime is None or lifetime >= INFINITE:
        return None
    return lifetime


def _until(now, lifetime):
    lifetime = _finite(lifetime)
    return None if lifetime is None else int(now) + lifetime


def delegation_from_dhcpcd(env, now, kept=None):
    """The fact after dhcpcd ran its script with ``env`` at ``now`` (epoch seconds), given the
    fact ``kept`` before it; None when the reason says nothing of the delegation (an RA, a
    carrier change, dhcpcd stopping: a restart keeps the lease it saved)."""
    kept = dict(kept or {})
    reason = env.get('reason', '')
    if reason in BOUND:
        prefixes = delegated_prefixes(env)
        if not prefixes:
            # A reply without a prefix (NoPrefixAvail in the IA_PD) holds nothing.
            network, preferred, valid = None, None, None
        else:
            network, preferred, valid = prefixes[0]
    elif reason in LOST:
        network, preferred, valid = None, None, None
    else:
        return None
    prefix = network.with_prefixlen if network is not None else None
    previous = kept.get('previous')
    changed_at = kept.get('changed_at')
    if prefix != kept.get('prefix'):
        previous = kept.get('prefix') or previous
        changed_at = int(now)
    return {
        'source': SOURCE,
        'interface': env.get('interface') or kept.get('interface'),
        'prefix': prefix,
        'preferred_until': _until(now, preferred) if prefix else None,
        'valid_until': _until(now, valid) if prefix else None,
        # As the ISP granted them at the last reply (None: infinite): radvd advertises no longer.
        'preferred_lifetime': _finite(preferred) if prefix else None,
        'valid_lifetime': _finite(valid) if prefix else None,
        'previous': previous,
        'changed_at': changed_at,
        'updated_at': int(now),
        'reason': reason,
    }
