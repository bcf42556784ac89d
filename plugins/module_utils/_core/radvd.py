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

import json
import re

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import shown

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
    # The link MTU advertised (AdvLinkMTU), or 0 for none (link_mtu_choice decides it).
    'link_mtu': 0,
}
# The MTU of an Ethernet LAN, and IPv6's minimum (RFC 8200): a way out below the first is
# advertised on the LANs, and radvd takes nothing below the second.
ETHERNET_MTU = 1500
IPV6_MINIMUM_MTU = 1280

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


def _whole(value):
    """``value`` as a whole number, or None (a bool, text or fraction is not one)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.strip().isdigit() else None


def timer_problems(variables):
    """What is wrong with the advertisement timers, a sentence each, naming the role variables
    (``variables`` maps radvd_max_interval, radvd_min_interval, radvd_default_lifetime,
    radvd_dns_lifetime, radvd_gua_preferred_lifetime and radvd_gua_valid_lifetime to their values,
    None for unset): the bounds of RFC 4861 section 6.2.1, which radvd enforces, and RFC 8106's."""
    value = {name[len('radvd_'):]: variables.get(name) for name in variables}
    number = {name: _whole(raw) for name, raw in value.items()}
    longest = number.get('max_interval')
    if longest is None or not 4 <= longest <= 1800:
        return ['radvd_max_interval is %s; RFC 4861 allows 4 to 1800 seconds' % value.get('max_interval')]
    problems = []
    if value.get('min_interval') is not None and not (number['min_interval'] is not None
                                                      and 3 <= number['min_interval'] <= 0.75 * longest):
        problems.append('radvd_min_interval is %s; RFC 4861 allows 3 seconds to 0.75 x radvd_max_interval (%s)'
                        % (value['min_interval'], 0.75 * longest))
    lifetime = number.get('default_lifetime')
    if value.get('default_lifetime') is not None and not (lifetime == 0 or (lifetime is not None
                                                                            and longest <= lifetime <= 9000)):
        problems.append('radvd_default_lifetime is %s; RFC 4861 allows 0 (not a default router) or radvd_max_interval '
                        '(%d) to 9000 seconds' % (value['default_lifetime'], longest))
    dns = number.get('dns_lifetime')
    if value.get('dns_lifetime') is not None and not (dns is not None and longest <= dns <= 4294967295):
        problems.append('radvd_dns_lifetime is %s; a client would drop the resolver between two advertisements: give at '
                        'least radvd_max_interval (%d) seconds, 3 x that by RFC 8106' % (value['dns_lifetime'], longest))
    preferred, valid = number.get('gua_preferred_lifetime'), number.get('gua_valid_lifetime')
    if preferred is None or valid is None or not 0 <= preferred <= valid <= 4294967295:
        problems.append('radvd_gua_preferred_lifetime is %s and radvd_gua_valid_lifetime is %s; the preferred lifetime '
                        'must be 0 or more and not longer than the valid one'
                        % (value.get('gua_preferred_lifetime'), value.get('gua_valid_lifetime')))
    return problems


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
        if int(settings['link_mtu'] or 0):
            lines.append('    AdvLinkMTU %d;' % int(settings['link_mtu']))
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


def departed_prefixes(before, lans, advertise_gua=True):
    """The prefixes the radvd.conf in place (its text ``before``) advertises and ``lans`` no
    longer do: a renumbering, which radvd's shutdown advertisement deprecates at once."""
    advertised = advertised_prefixes(lans, advertise_gua)
    return [prefix for prefix in configured_prefixes(before) if prefix not in advertised]


# radvd 2.20 has nat64prefix (PREF64, RFC 8781); 2.19, Debian 12's, has not.
PREF64_SINCE = (2, 20)


def pref64_choice(lans, wanted, version, hostname='this host'):
    """Whether radvd advertises the NAT64 prefix as PREF64 on the ``dns64`` LANs of ``lans``, and
    why it cannot where it must: ``{'advertise': bool, 'problem': sentence or ''}``.

    ``wanted`` is radvd_pref64: True asks for it, False leaves it out, None gives it wherever radvd
    can, and needs it where an IPv6-mostly LAN's CLAT looks for it. ``version`` is the radvd
    package's (``1:2.20-1+b1``), '' when there is none to install.
    """
    dns64 = [lan['name'] for lan in lans if lan['dns64']]
    mostly = [lan['name'] for lan in lans if lan.get('ipv6_mostly')]
    release = re.search(r'([0-9]+)[.]([0-9]+)', version or '')
    possible = bool(release) and (int(release.group(1)), int(release.group(2))) >= PREF64_SINCE
    needed = bool(dns64) and (bool(wanted) if wanted is not None else bool(mostly))
    advertise = bool(dns64) and wanted is not False and possible
    if possible or not needed:
        return {'advertise': advertise, 'problem': ''}
    who = ('radvd_pref64: true asks for' if wanted is not None else
           'the IPv6-mostly LAN%s %s need%s' % ('s' if len(mostly) > 1 else '', ', '.join(mostly), '' if len(mostly) > 1 else 's'))
    found = 'radvd %s' % release.group(0) if release else 'No radvd package (no package lists?)'
    return {'advertise': False, 'problem': (
        '%s on %s cannot advertise the NAT64 prefix as PREF64 (RFC 8781), which %s on %s: radvd 2.20 or newer has it '
        '(Debian 13, or bookworm-backports: apt install -t bookworm-backports radvd); or set radvd_pref64: false, '
        'and the clients find the prefix by RFC 7050 alone' % (found, hostname, who, ', '.join(dns64)))}


def configured_prefixes(text):
    """The prefixes a radvd.conf advertises (``prefix X``), in its order."""
    prefixes = []
    for line in (text or '').splitlines():
        words = line.split()
        if len(words) >= 2 and words[0] == 'prefix':
            prefixes.append(words[1])
    return prefixes


def _route_devices(route):
    """The interfaces a route (``ip -j route`` JSON) leaves by: its own, or its next hops'."""
    hops = route.get('nexthops') or [route]
    return [hop['dev'] for hop in hops if isinstance(hop, dict) and hop.get('dev')]


def _route_mtu(route):
    """The MTU a route itself carries (``ip route ... mtu 1480``), or None."""
    metrics = route.get('metrics') or []
    return next((int(metric['mtu']) for metric in metrics if isinstance(metric, dict) and 'mtu' in metric), None)


def uplink_mtus(routes_text, links_text):
    """The MTU of each way out of the host's default IPv6 routes, by interface: the link's, or
    the route's own where lower. ``routes_text`` is ``ip -6 -j route show default``, ``links_text``
    ``ip -j link show``."""
    links = {link['ifname']: int(link['mtu']) for link in json.loads(links_text or '[]') if 'mtu' in link}
    mtus = {}
    for route in json.loads(routes_text or '[]'):
        for device in _route_devices(route):
            if device in links:
                candidates = [links[device], _route_mtu(route) or links[device], mtus.get(device, links[device])]
                mtus[device] = min(candidates)
    return mtus


def link_mtu_choice(setting, routes_text='', links_text='', hostname='this host'):
    """The MTU radvd advertises on the LANs (AdvLinkMTU): ``setting`` (radvd_link_mtu) as a
    number (0 for none), or with ``auto`` the lowest MTU of the ways out of the default IPv6
    routes (a 6rd tunnel's 1280, a PPPoE line's 1492) where it is below Ethernet's 1500, so
    that no client of the LAN sends what the uplink cannot carry. ``problem`` says why a
    setting cannot be advertised ('' when it can); ``source`` names the interface auto chose."""
    choice = {'mtu': 0, 'source': '', 'problem': ''}
    if setting == 'auto':
        mtus = uplink_mtus(routes_text, links_text)
        if mtus:
            source = min(sorted(mtus), key=mtus.get)
            if IPV6_MINIMUM_MTU <= mtus[source] < ETHERNET_MTU:
                choice.update(mtu=mtus[source], source=source)
        return choice
    text = str(setting)
    if isinstance(setting, bool) or not text.isdigit() or not (int(text) == 0 or IPV6_MINIMUM_MTU <= int(text) <= 65535):
        choice['problem'] = ('radvd_link_mtu %s on %s is not auto, 0 (advertise none) or an MTU from %d (the IPv6 '
                             'minimum) to 65535' % (shown(setting), hostname, IPV6_MINIMUM_MTU))
        return choice
    choice['mtu'] = int(text)
    return choice
