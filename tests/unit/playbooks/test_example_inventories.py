# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The example inventories under playbooks/inventories describe valid sites, set only
variables the roles have, with values their argument specs accept, and the 6rd prefixes
their comments promise are the ones the collection computes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.homelab.ipv6.plugins.module_utils._core.ula import subnet as ula_subnet
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import site_plan
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_queries import fixed_address, served_lans
from ansible_collections.homelab.ipv6.plugins.module_utils._sixrd import tunnel

INVENTORIES = Path(__file__).resolve().parents[3] / 'playbooks' / 'inventories'


def inventory(name):
    directory = INVENTORIES / name
    return (yaml.safe_load((directory / 'hosts.yml').read_text()),
            yaml.safe_load((directory / 'group_vars' / 'all.yml').read_text()))


@pytest.mark.parametrize('name', sorted(path.name for path in INVENTORIES.iterdir()))
def test_every_example_site_is_valid(name):
    """The site plan takes it (it raises on any mistake): each LAN gets the /64 of its subnet
    id, each host with an iid its address there, and every LAN a role of the example names
    is a LAN of the site (its role variables are checked against the specs below)."""
    _hosts, variables = inventory(name)
    site = variables['homelab_site']
    plan = site_plan(site, ula='fd00:1:2::/48')
    assert plan['domain'] == site['domain'].rstrip('.').lower()
    for lan, described in zip(plan['lans'], site['lans']):
        assert lan['ula_prefix'] == str(ula_subnet(plan['ula'], described['subnet_id']))
    for host in plan['hosts']:
        if host['iid'] and host['lan']:
            lan = next(lan for lan in plan['lans'] if lan['name'] == host['lan'])
            assert host['ula_address'] == fixed_address(lan['ula_prefix'], host['iid'])
    for role, settings in role_variables(name).items():
        for where, key, value in settings:
            if key.endswith('_lans') and value is not None:
                names = [lan['name'] for lan in served_lans(plan, value, key)]
                assert sorted(names) == sorted(value), (where, key)


@pytest.mark.parametrize('name, host, delegated, address', [
    ('sixrd-vps', 'vps', '2001:e41:cb00:712d::/64', '2001:e41:cb00:712d::1'),
    ('sixrd-home', 'router', '2001:db8:6000:22a0::/60', '2001:db8:6000:22a0::1'),
])
def test_the_6rd_examples_delegate_what_they_say(name, host, delegated, address):
    hosts, variables = inventory(name)
    ipv4 = hosts['sixrd_hosts']['hosts'][host]['ansible_host']
    values = tunnel(ipv4, variables['sixrd_prefix'], variables['sixrd_border_relay'], variables['sixrd_ipv4_mask_len'])
    assert (values['delegated_prefix'], values['address']) == (delegated, address)
    plan = site_plan(variables['homelab_site'], ula='fd00:1:2::/48', gua=delegated if delegated.endswith('/60') else None)
    if delegated.endswith('/60'):
        assert plan['lans'][0]['gua_prefix'] == '2001:db8:6000:22a1::/64'


ROLES = Path(__file__).resolve().parents[3] / 'roles'
# The prefix of every role's public variables, longest first (dns64_nat64_ before dns_).
ROLE_PREFIXES = sorted(((path.name + '_', path.name) for path in ROLES.iterdir() if (path / 'meta').is_dir()),
                       key=lambda item: -len(item[0]))


def role_variables(name):
    """Every variable the example sets for a role (group_vars/all and each host's), by role."""
    hosts, variables = inventory(name)
    found = [('group_vars/all.yml', variables)]

    def walk(group, path):
        for host, host_vars in (group.get('hosts') or {}).items():
            found.append((f'{path}.hosts.{host}', host_vars or {}))
        found.append((f'{path}.vars', group.get('vars') or {}))
        for child, child_group in (group.get('children') or {}).items():
            walk(child_group or {}, f'{path}.children.{child}')

    for group, group_body in hosts.items():
        walk(group_body or {}, f'hosts.yml {group}')
    by_role = {}
    for where, values in found:
        for key, value in values.items():
            role = next((role for prefix, role in ROLE_PREFIXES if key.startswith(prefix)), None)
            if role:
                by_role.setdefault(role, []).append((where, key, value))
    return by_role


def role_options(role):
    spec = yaml.safe_load((ROLES / role / 'meta' / 'argument_specs.yml').read_text())
    return spec['argument_specs']['main']['options']


def problems(by_role):
    """What the roles' argument specs say of the variables, one line each."""
    found = []
    for role, settings in sorted(by_role.items()):
        options = role_options(role)
        for where, key, value in settings:
            if key not in options:
                found.append(f'{where}: {key} is not a variable of role {role}')
                continue
            result = ArgumentSpecValidator({key: options[key]}).validate({key: value})
            found += [f'{where}: {key}: {error}' for error in result.error_messages]
    return found


@pytest.mark.parametrize('name', sorted(path.name for path in INVENTORIES.iterdir()))
def test_the_examples_role_variables_are_options_of_the_roles_with_valid_values(name):
    assert problems(role_variables(name)) == []


def test_the_check_reads_every_example_and_its_hosts():
    found = {name: sorted(key for settings in role_variables(name).values() for _where, key, _value in settings)
             for name in ('sixrd-home', 'dual-stack-home')}
    assert {'sixrd_prefix', 'sixrd_border_relay', 'sixrd_ipv4_mask_len'} <= set(found['sixrd-home'])
    assert {'radvd_default_lifetime', 'radvd_default_preference'} <= set(found['dual-stack-home']), found


def test_the_check_names_a_misspelt_variable_and_a_bad_value():
    assert problems({'radvd': [('group_vars/all.yml', 'radvd_max_intervall', 10),
                               ('group_vars/all.yml', 'radvd_max_interval', 'often')]}) == [
        'group_vars/all.yml: radvd_max_intervall is not a variable of role radvd',
        "group_vars/all.yml: radvd_max_interval: argument 'radvd_max_interval' is of type str and we were unable "
        "to convert to int: \"'often'\" cannot be converted to an int",
    ]
