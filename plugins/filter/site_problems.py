# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: site_problems
short_description: What is wrong with the site description and what the inventory lacks for it
version_added: 0.1.0
description:
  - Returns the sentence that names the first mistake in the site description (its path and the
    value as written), or, for a valid description, the sentences of
    P(homelab.ipv6.inventory_problems#filter); an empty list when there is nothing to say.
  - C(site.yml) and the example playbooks fail with these sentences, once each, before any host
    changes. A filter that raised instead would see its message repeated in ansible-core's chain
    of causes.
positional: groups
options:
  _input:
    description: The site description, C(homelab_site).
    type: raw
    required: true
  groups:
    description: The inventory's groups (the C(groups) variable); without them, the description alone is checked.
    type: dict
"""

EXAMPLES = r"""
- name: Check the site description and the inventory
  ansible.builtin.assert:
    that: __problems | length == 0
    fail_msg: "{{ __problems | join(' ') }}"
  vars:
    __problems: "{{ homelab_site | homelab.ipv6.site_problems(groups) }}"
"""

RETURN = r"""
_value:
  description: >-
    The sentences, for example C(homelab_site.lans[1].mode: 'statefull' is not a LAN mode; choose one of
    slaac, stateful, stateless, hybrid).
  type: list
  elements: str
"""

from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door
from ansible_collections.homelab.ipv6.plugins.plugin_utils.inventory import site_problems as problems_of


@filter_front_door('site_problems')
def site_problems(site, groups=None):
    return problems_of(site, groups)


class FilterModule:
    def filters(self):
        return {'site_problems': site_problems}
