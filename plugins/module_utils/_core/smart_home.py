# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""What a router runs for the smart home across its LANs (docs/smart-home.md).

mDNS/DNS-SD stops at the router: avahi-daemon's reflector relays it between the LANs that say
``mdns: true``, and no other interface (its allow-interfaces). Routes to Thread networks are
learnt from the advertisements on the LANs that say ``thread_routes: true`` (route_information).
Which LAN's devices may open connections to which other LAN is the LANs' ``reaches``; that
policy is firewall data for the router's one applier.
"""

from __future__ import annotations

import re

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import shown
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_values import SiteError

# RFC 6763 section 7: "_", a service name, then ._tcp or ._udp.
_SERVICE_TYPE = re.compile(r'_([A-Za-z0-9-]{1,15})\._(?:tcp|udp)')
SERVICE_TYPES_VARIABLE = 'router_mdns_service_types'
MDNS_PORT = 5353
# Where a LAN's own devices reach the Thread networks behind its border routers through the
# router (devices that ignore RIOs send to their default router): the ULAs, fc00::/7.
ULA_RANGE = 'fc00::/7'


def _is_service_type(text):
    """RFC 6335 section 5.1: a service name has 1 to 15 letters, digits and hyphens, a letter
    among them, and no hyphen at either end or twice in a row."""
    match = _SERVICE_TYPE.fullmatch(text)
    name = match.group(1) if match else ''
    return bool(match) and any(c.isalpha() for c in name) and not name.startswith('-') \
        and not name.endswith('-') and '--' not in name


def service_types(value, path=SERVICE_TYPES_VARIABLE):
    """The service types to relay (an empty list: all), each as ``_ipp._tcp``."""
    if not isinstance(value, (list, tuple)):
        raise SiteError('%s: %s is not a list of service types such as [_ipp._tcp, _airplay._tcp]'
                        % (path, shown(value)))
    for index, item in enumerate(value):
        if not isinstance(item, str) or not _is_service_type(item):
            raise SiteError('%s[%d]: %s is not a DNS-SD service type; write one as _ipp._tcp (RFC 6763: an '
                            'underscore, a service name of 1 to 15 letters, digits and hyphens, then ._tcp or ._udp)'
                            % (path, index, shown(item)))
    return sorted(set(value))


def avahi_config(interfaces, types):
    """avahi-daemon.conf for a reflector on ``interfaces`` alone that publishes nothing of its own
    (the router is no service) and, when ``types`` lists some, relays only records of those."""
    lines = [
        '[server]',
        'use-ipv4=yes',
        'use-ipv6=yes',
        # Never the uplink, never a LAN that did not opt in: avahi reads no other interface.
        'allow-interfaces=%s' % ','.join(interfaces),
        'ratelimit-interval-usec=1000000',
        'ratelimit-burst=1000',
        '',
        '[wide-area]',
        'enable-wide-area=no',
        '',
        '[publish]',
        'disable-publishing=yes',
        '',
        '[reflector]',
        'enable-reflector=yes',
        'reflect-ipv=no',
    ]
    if types:
        lines.append('reflect-filters=%s' % ','.join(types))
    return '\n'.join(lines) + '\n'


def _reach_rules(lans, served):
    """One routed rule per pair of served LANs where the first reaches the second."""
    by_name = {lan['name']: lan for lan in served}
    return [{'route': True, 'interface': lan['interface'], 'interface_out': by_name[name]['interface'],
             'comment': '%s reaches %s' % (lan['name'], name)}
            for lan in served for name in lan.get('reaches', []) if name in by_name]


def router_smart_home(plan, served, types):
    """What a router runs for the LANs it serves (``served``, site-plan LANs): the reflector's
    interfaces and config (none unless two LANs or more opt in: one LAN has nothing to relay to),
    the Thread route learner's settings (interface -> LAN name, and the site's own ULA, into
    which no learnt route may lead), and its firewall data: mDNS in on the reflector's LANs,
    each LAN's ``reaches``, and each Thread LAN's own devices to the ULAs behind its border
    routers. ``problem`` names a bad ``router_mdns_service_types``, before anything changes."""
    try:
        types = service_types(types)
    except SiteError as error:
        types, problem = [], str(error)
    else:
        problem = ''
    mdns_lans = [lan for lan in served if lan.get('mdns')]
    reflector = len(mdns_lans) >= 2
    thread_lans = [lan for lan in served if lan.get('thread_routes')]
    firewall = _reach_rules(served, served)
    if reflector:
        firewall.append({'lans': mdns_lans, 'interface': '{interface}', 'proto': 'udp', 'to_port': str(MDNS_PORT),
                         'comment': 'mdns from {name}'})
    if thread_lans:
        firewall.append({'family': 'ipv6', 'route': True, 'lans': thread_lans, 'interface': '{interface}',
                         'interface_out': '{interface}', 'to_ip': ULA_RANGE, 'comment': '{name} to its Thread networks'})
    return {
        'mdns_interfaces': [lan['interface'] for lan in mdns_lans] if reflector else [],
        'mdns_lans': [lan['name'] for lan in mdns_lans],
        'avahi_config': avahi_config([lan['interface'] for lan in mdns_lans], types) if reflector else '',
        'thread_interfaces': {lan['interface']: lan['name'] for lan in thread_lans},
        'thread_settings': {'interfaces': {lan['interface']: lan['name'] for lan in thread_lans},
                            'own_prefixes': [plan['ula']]},
        'firewall': firewall,
        'problem': problem,
    }
