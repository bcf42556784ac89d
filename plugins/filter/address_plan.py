# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The address-plan report (playbooks/address_plan.yml): its tables, and the questions it asks
the hosts. Each filter is documented beside this file in <name>.yml."""

from __future__ import annotations

from ansible_collections.homelab.ipv6.plugins.plugin_utils.address_plan import questions, report
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('address_plan')
def address_plan(plan, hosts, dns=None, gua_reverse=False):
    return report(plan, hosts, dns or {}, gua_reverse)


@filter_front_door('address_plan_questions')
def address_plan_questions(plan, hosts):
    return questions(plan, hosts)


class FilterModule:
    def filters(self):
        return {
            'address_plan': address_plan,
            'address_plan_questions': address_plan_questions,
        }
