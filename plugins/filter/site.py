# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The site plan and the questions the roles ask of it: one filter each, documented beside
this file in <name>.yml (ansible-doc -t filter homelab.ipv6.<name>)."""

from __future__ import annotations

from ansible_collections.homelab.ipv6.plugins.module_utils._core import inbound, site_plan as plan, site_queries as queries, smart_home
from ansible_collections.homelab.ipv6.plugins.plugin_utils import inventory
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('site_plan')
def site_plan(site, ula=None, gua=None, delegation=None):
    return plan.site_plan(site, ula, gua, delegation)


@filter_front_door('site_problems')
def site_problems(site, groups=None):
    return inventory.site_problems(site, groups)


@filter_front_door('inventory_problems')
def inventory_problems(plan, groups):
    return inventory.inventory_problems(plan, groups)


@filter_front_door('served_lans')
def served_lans(plan, names, path, interfaces=None, hostname='this host'):
    return queries.served_lans(plan, names, path, interfaces, hostname)


@filter_front_door('site_host')
def site_host(plan, hostname):
    return queries.site_host(plan, hostname)


@filter_front_door('inventory_host')
def inventory_host(name, hostnames):
    return queries.inventory_host(name, hostnames)


@filter_front_door('router_interface_id')
def router_interface_id(plan, hostname):
    return queries.router_interface_id(plan, hostname)


@filter_front_door('lan_networks')
def lan_networks(lans, ipv4_mapped=False):
    return queries.lan_networks(lans, ipv4_mapped)


@filter_front_door('lan_addresses')
def lan_addresses(addresses, plan):
    return queries.lan_addresses(plan, addresses)


@filter_front_door('site_zones')
def site_zones(plan, gua_reverse=False):
    return queries.site_zones(plan, gua_reverse)


@filter_front_door('host_records')
def host_records(plan, reverse_zones=None):
    return queries.host_records(plan, reverse_zones)


@filter_front_door('fixed_address')
def fixed_address(prefix, iid):
    return queries.fixed_address(prefix, iid)


@filter_front_door('router_addresses')
def router_addresses(lans, identifier):
    return queries.router_addresses(lans, identifier)


@filter_front_door('slaac_token')
def slaac_token(plan, hostname):
    return queries.slaac_token(plan, hostname)


@filter_front_door('router_inbound')
def router_inbound(site_plan_value, lans, uplink, ipv6_uplink=None, ssh_port=0):
    checked = plan.checked_plan(site_plan_value)
    return inbound.router_inbound(checked.get('inbound', []), plan.plan_lans(lans), uplink, ipv6_uplink, ssh_port)


@filter_front_door('router_smart_home')
def router_smart_home(site_plan_value, lans, service_types=None):
    checked = plan.checked_plan(site_plan_value)
    return smart_home.router_smart_home(checked, plan.plan_lans(lans), [] if service_types is None else service_types)


class FilterModule:
    def filters(self):
        return {
            'site_plan': site_plan,
            'site_problems': site_problems,
            'inventory_problems': inventory_problems,
            'served_lans': served_lans,
            'site_host': site_host,
            'slaac_token': slaac_token,
            'inventory_host': inventory_host,
            'router_interface_id': router_interface_id,
            'lan_networks': lan_networks,
            'lan_addresses': lan_addresses,
            'site_zones': site_zones,
            'host_records': host_records,
            'fixed_address': fixed_address,
            'router_addresses': router_addresses,
            'router_inbound': router_inbound,
            'router_smart_home': router_smart_home,
        }
