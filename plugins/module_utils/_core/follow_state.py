# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""The written contract between the roles and the router's prefix follower.

On a site whose ISP delegates the prefix, each role that keeps a file the prefix changes
(router, radvd, dns_bind, dhcp46, dns64_nat64) leaves the follower a JSON state: what the
role decided (its LANs, its writer's settings, where its files are). The roles write it
with the ``follow_state`` module, which checks it against ``SCHEMAS``; the follower reads it
with :func:`read_state`, which checks it again and raises :class:`StaleState` when a file
left by an older run lacks what this code needs. Each writer's settings are checked against
the writer's own ``SETTINGS``, so a setting the writer does not know is a bug found at once.
"""

from __future__ import annotations

import json

from ansible_collections.homelab.ipv6.plugins.module_utils._core import bind_files, dhcp46_files, radvd, unbound_dns64
from ansible_collections.homelab.ipv6.plugins.module_utils._core.files import read_text

FOLLOW_DIR = '/etc/homelab-ipv6/follow'
# Where Ansible's setup module reads local facts from.
FACTS_DIR = '/etc/ansible/facts.d'

PATHS = {
    # The lease the follower keeps (ansible_local.homelab_prefix_delegation).
    'fact': FACTS_DIR + '/homelab_prefix_delegation.fact',
    # What the roles left for the follower, one file per role.
    'router': FOLLOW_DIR + '/router.json',
    'radvd': FOLLOW_DIR + '/radvd.json',
    'dns_bind': FOLLOW_DIR + '/dns_bind.json',
    'dhcp46': FOLLOW_DIR + '/dhcp46.json',
    'dns64_nat64': FOLLOW_DIR + '/dns64_nat64.json',
    # What dns_bind offers the roles that update or forward to its zones (dhcp46, dns64_nat64).
    'dns_bind_fact': FACTS_DIR + '/homelab_dns_bind.fact',
    # The prefix the network follows now ('' for none), written once it all went through.
    'followed': '/var/lib/homelab-ipv6/followed-prefix',
    'lock': '/run/homelab-ipv6-prefix-follower.lock',
}

# Each role's state: the keys it must hold, the keys it may hold, and the writer whose
# SETTINGS its 'settings' are (None: no settings).
SCHEMAS = {
    'router': {'required': ('site', 'ula', 'lans', 'token', 'address_wanted', 'address_script'),
               'optional': (), 'settings': None},
    'radvd': {'required': ('lans', 'settings', 'config'), 'optional': (), 'settings': radvd.SETTINGS},
    'dns_bind': {'required': ('settings', 'records', 'options_file', 'local_file'), 'optional': ('server', 'port'),
                 'settings': bind_files.SETTINGS},
    'dhcp46': {'required': ('backend', 'lans', 'settings'), 'optional': ('key_file', 'zones_fact', 'paths'),
               'settings': dhcp46_files.SETTINGS},
    'dns64_nat64': {'required': ('lans', 'settings', 'config'), 'optional': ('zones_fact',),
                    'settings': unbound_dns64.SETTINGS},
}
ROLES = tuple(SCHEMAS)


class StaleState(Exception):
    """A role's state that this code cannot read: a run of an older collection left it."""


def state_problems(role, state):
    """What is wrong with ``state`` as ``role``'s state: a sentence each, empty when nothing is."""
    schema = SCHEMAS[role]
    if not isinstance(state, dict):
        return ['the state of %s is not a JSON object' % role]
    problems = []
    missing = [key for key in schema['required'] if key not in state]
    unknown = sorted(set(state) - set(schema['required']) - set(schema['optional']))
    if missing:
        problems.append('the state of %s lacks %s' % (role, ', '.join(missing)))
    if unknown:
        problems.append('the state of %s has %s, which the follower does not read' % (role, ', '.join(unknown)))
    settings = state.get('settings')
    if schema['settings'] is not None and 'settings' in state:
        if not isinstance(settings, dict):
            problems.append('the settings of %s are not a JSON object' % role)
        else:
            strange = sorted(set(settings) - set(schema['settings']))
            if strange:
                problems.append("the settings of %s have %s, which its writer does not know" % (role, ', '.join(strange)))
    return problems


def state_text(state):
    """The text of a state file: sorted, indented JSON, the same bytes for the same state."""
    return json.dumps(state, indent=4, sort_keys=True) + '\n'


def read_state(role, path=None):
    """``role``'s state, or None when the role left none (it does not run on this host, or the
    site does not follow a delegated prefix); StaleState when the file is not what this code
    reads."""
    path = path or PATHS[role]
    text = read_text(path, missing=None)
    if text is None:
        return None
    try:
        state = json.loads(text)
    except ValueError:
        state = None
    problems = state_problems(role, state)
    if problems:
        raise StaleState('%s: %s; run site.yml once to write it again' % (path, '; '.join(problems)))
    return state
