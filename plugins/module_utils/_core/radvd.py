# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""radvd.conf from the LANs of the site plan.

One writer for both the ``radvd`` role (through the ``radvd_config`` filter) and the
router's prefix follower, which rewrites the file when the ISP delegates another prefix:
the two must write the same bytes, or the next converge would undo the follower.
"""

from __future__ import annotations

HEADER = ('# Written by homelab.ipv6 (the radvd role, and the router\'s prefix follower when the ISP\n'
          '# changes the prefix): edits here are lost at the next run.\n')

# The settings, as the radvd role's variables name them without the radvd_ prefix.
SETTINGS = {
    'default_preference': 'medium',
    'default_lifetime': None,
    'min_interval': None,
    'max_interval': 600,
    'rdnss': None,
    'dnssl': [],
    'dns_lifetime': None,
    'gua_preferred_lifetime': 2700,
    'gua_valid_lifetime': 5400,
    'advertise_gua': True,
    # The NAT64 prefix advertised as PREF64 (RFC 8781) on the LANs with DNS64, or None; radvd
    # 2.20 has the option, 2.19 has not (the role decides, from the version it finds).
    'pref64': None,
}

# RFC 8781 section 4: the PREF64 lifetime goes in units of 8 seconds, at most 65528.
_PREF64_UNIT = 8
_PREF64_LONGEST = 65528


def _on(flag):
    return 'on' if flag else 'off'


def advertised_prefixes(lans, advertise_gua=True):
    """The prefixes radvd advertises on ``lans``: every LAN prefix, or the ULAs alone."""
    if advertise_gua:
        return [prefix for lan in lans for prefix in lan['prefixes']]
    return [lan['ula_prefix'] for lan in lans]


def gua_lifetimes(settings, delegation=None):
    """The preferred and valid lifetimes radvd gives the GUA prefixes: the settings', but no longer
    than the ISP granted the delegation they come from (``delegation``, the plan's
    ``gua_delegation``), so that no client keeps an address the ISP may already have taken back
    (RFC 9096 section 3: the lesser of the limit and the delegated prefix's lifetime). The
    lifetimes are those of the ISP's last reply, not a countdown: radvd.conf stays the same from
    one renewal to the next, and the router renews before they run low."""
    preferred, valid = int(settings['gua_preferred_lifetime']), int(settings['gua_valid_lifetime'])
    delegation = delegation or {}
    if delegation.get('valid_lifetime') is not None:
        valid = min(valid, int(delegation['valid_lifetime']))
    if delegation.get('preferred_lifetime') is not None:
        preferred = min(preferred, int(delegation['preferred_lifetime']))
    return min(preferred, valid), valid


def pref64_lifetime(max_interval):
    """The PREF64 lifetime for advertisements at most ``max_interval`` seconds apart: three times
    that (RFC 8781 section 4.1, as long as the router lifetime), rounded up to whole units of 8
    seconds, and no longer than the option can say."""
    lifetime = 3 * int(max_interval)
    return min(-(-lifetime // _PREF64_UNIT) * _PREF64_UNIT, _PREF64_LONGEST)


def default_dns_lifetime(max_interval):
    """How long clients keep the advertised resolver and search domain: twice the longest
    interval between advertisements, radvd's own default. RFC 8106 section 5.1 asks for at least
    the longest interval and suggests three times it, but radvd warns at every start about
    anything above twice it; with radvd's default shortest interval (a third of the longest),
    two to six advertisements fall in that time, so one lost advertisement never takes the
    resolver away."""
    return 2 * int(max_interval)


def radvd_config(lans, settings=None, delegation=None):
    """The text of radvd.conf for ``lans`` (plan LANs), with ``settings`` (see SETTINGS), the GUA
    lifetimes capped by ``delegation`` (see gua_lifetimes)."""
    settings = dict(SETTINGS, **(settings or {}))
    gua_preferred, gua_valid = gua_lifetimes(settings, delegation)
    advertised = advertised_prefixes(lans, settings['advertise_gua'])
    dns_lifetime = settings['dns_lifetime']
    if dns_lifetime is None:
        dns_lifetime = default_dns_lifetime(settings['max_interval'])
    lines = [HEADER.rstrip('\n')]
    for lan in lans:
        lines += ['', '# LAN %s: mode %s' % (lan['name'], lan['mode']), 'interface %s' % lan['interface'], '{',
                  '    AdvSendAdvert on;',
                  '    AdvManagedFlag %s;' % _on(lan['managed']),
                  '    AdvOtherConfigFlag %s;' % _on(lan['other']),
                  '    AdvDefaultPreference %s;' % settings['default_preference']]
        if settings['default_lifetime'] is not None:
            lines.append('    AdvDefaultLifetime %s;' % settings['default_lifetime'])
        if settings['min_interval'] is not None:
            lines.append('    MinRtrAdvInterval %s;' % settings['min_interval'])
        lines.append('    MaxRtrAdvInterval %s;' % settings['max_interval'])
        for prefix in lan['prefixes']:
            if prefix not in advertised:
                continue
            lines += ['', '    prefix %s' % prefix, '    {', '        AdvOnLink on;',
                      '        AdvAutonomous %s;' % _on(prefix in lan['slaac_prefixes'])]
            if prefix == lan['gua_prefix']:
                lines += ['        AdvPreferredLifetime %s;' % gua_preferred,
                          '        AdvValidLifetime %s;' % gua_valid]
            # On a restart (a prefix left the plan), the shutdown advertisement sends every
            # prefix with a preferred lifetime of 0: clients stop using the departed ones now.
            lines += ['        DeprecatePrefix on;', '    };']
        rdnss = lan['dns_servers'] if settings['rdnss'] is None else settings['rdnss']
        if rdnss:
            lines += ['', '    RDNSS %s' % ' '.join(rdnss), '    {',
                      '        AdvRDNSSLifetime %s;' % dns_lifetime, '    };']
        if settings['dnssl']:
            lines += ['', '    DNSSL %s' % ' '.join(settings['dnssl']), '    {',
                      '        AdvDNSSLLifetime %s;' % dns_lifetime, '    };']
        # The LAN's NAT64 prefix, for the clients' CLAT (RFC 8781); RFC 7050 is the fallback.
        if settings['pref64'] and lan['dns64']:
            lines += ['', '    nat64prefix %s' % settings['pref64'], '    {',
                      '        AdvValidLifetime %s;' % pref64_lifetime(settings['max_interval']), '    };']
        lines.append('};')
    return '\n'.join(lines) + '\n'


def configured_prefixes(text):
    """The prefixes a radvd.conf advertises (``prefix X``), in its order."""
    prefixes = []
    for line in (text or '').splitlines():
        words = line.split()
        if len(words) >= 2 and words[0] == 'prefix':
            prefixes.append(words[1])
    return prefixes
