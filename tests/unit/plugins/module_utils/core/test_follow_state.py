# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The contract between the roles and the prefix follower, read from both ends: the roles'
own task files (what they leave) and the follower's schemas (what it reads)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from ansible_collections.homelab.ipv6.plugins.module_utils._core import bind_files, dhcp46_files, radvd, unbound_dns64
from ansible_collections.homelab.ipv6.plugins.module_utils._core.follow_state import (
    SCHEMAS,
    StaleState,
    read_state,
    state_problems,
)

ROOT = Path(__file__).resolve().parents[5]
ROLES = sorted(path.name for path in (ROOT / 'roles').iterdir())


def _follow_state_tasks():
    """Every follow_state task of every role: (role, the task's role argument, its content keys)."""
    found = []
    for role in ROLES:
        for path in sorted((ROOT / 'roles' / role / 'tasks').glob('*.yml')):
            for task in yaml.safe_load(path.read_text()) or []:
                for inner in task.get('block', [task]):
                    arguments = inner.get('homelab.ipv6.follow_state')
                    if arguments:
                        found.append((role, arguments['role'], sorted(arguments.get('content', {}))))
    return found


def test_each_role_that_the_follower_reads_leaves_its_state_with_the_module():
    assert sorted((role, written) for role, written, _keys in _follow_state_tasks()) == \
        sorted((role, role) for role in SCHEMAS)


@pytest.mark.parametrize('role, written, keys', _follow_state_tasks())
def test_what_a_role_leaves_is_what_the_follower_reads(role, written, keys):
    schema = SCHEMAS[written]
    assert set(schema['required']) <= set(keys) <= set(schema['required']) | set(schema['optional'])


# Each role's variable that holds its writer's settings, and the writer's defaults.
WRITERS = {
    'radvd': ('__radvd_settings', radvd.SETTINGS),
    'dns_bind': ('__dns_bind_settings', bind_files.SETTINGS),
    'dhcp46': ('__dhcp46_settings', dhcp46_files.SETTINGS),
    'dns64_nat64': ('__dns64_nat64_unbound_settings', unbound_dns64.SETTINGS),
}
_PLAIN_VARIABLE = re.compile(r'\{\{\s*(\w+)\s*(?:\|\s*(?:int|bool)\s*)?\}\}')


@pytest.mark.parametrize('role', sorted(WRITERS))
def test_a_role_gives_its_writer_every_setting_and_their_defaults_agree(role):
    variable, writer_defaults = WRITERS[role]
    settings = yaml.safe_load((ROOT / 'roles' / role / 'vars' / 'main.yml').read_text())[variable]
    assert sorted(settings) == sorted(writer_defaults)
    defaults = yaml.safe_load((ROOT / 'roles' / role / 'defaults' / 'main.yml').read_text())
    compared = 0
    for key, expression in settings.items():
        match = _PLAIN_VARIABLE.fullmatch(str(expression))
        # A role default that is itself an expression (the site's domain, this host's name) has no writer twin.
        if match and match.group(1) in defaults and '{{' not in str(defaults[match.group(1)]):
            assert defaults[match.group(1)] == writer_defaults[key], (key, match.group(1))
            compared += 1
    assert compared >= 3


@pytest.mark.parametrize('role', ROLES)
def test_defaults_and_argument_spec_agree(role):
    defaults = yaml.safe_load((ROOT / 'roles' / role / 'defaults' / 'main.yml').read_text()) or {}
    options = yaml.safe_load((ROOT / 'roles' / role / 'meta' / 'argument_specs.yml').read_text())['argument_specs']['main']['options']
    for name, value in defaults.items():
        spec = options[name]
        if spec.get('required'):
            continue
        if '{{' in str(value):
            # Computed at run time: the spec says so in words, and sets no default of its own.
            assert 'default' not in spec, name
        else:
            assert spec.get('default') == value, name
    assert set(options) - set(defaults) <= {'homelab_site'}


def test_problems_are_named_one_sentence_each():
    assert state_problems('router', []) == ['the state of router is not a JSON object']
    assert state_problems('dns64_nat64', {'lans': [], 'settings': [], 'config': 'x'}) == \
        ['the settings of dns64_nat64 are not a JSON object']
    assert state_problems('dhcp46', {'backend': 'kea', 'lans': [], 'settings': {}, 'paths': {}}) == []


def test_the_follower_reads_no_state_as_none_and_a_stale_one_as_stale(tmp_path):
    assert read_state('radvd', str(tmp_path / 'radvd.json')) is None
    (tmp_path / 'radvd.json').write_text('{"lans": ["home"], "settings": {}}')
    with pytest.raises(StaleState) as error:
        read_state('radvd', str(tmp_path / 'radvd.json'))
    assert str(error.value) == '%s: the state of radvd lacks config; run site.yml once to write it again' % (
        tmp_path / 'radvd.json')
    (tmp_path / 'radvd.json').write_text('{"lans": ')
    with pytest.raises(StaleState, match='is not a JSON object'):
        read_state('radvd', str(tmp_path / 'radvd.json'))
