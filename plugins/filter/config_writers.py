# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The writers of the daemons' files (radvd, BIND, Kea/dhcpd, unbound) and the reader of the
resolver's TSIG key: the same code the router's prefix follower runs, internal to the
collection's roles. Each filter is documented beside this file in <name>.yml."""

from __future__ import annotations

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.homelab.ipv6.plugins.module_utils._core import bind_files as bind, dhcp46_files as dhcp, radvd
from ansible_collections.homelab.ipv6.plugins.module_utils._core import unbound_dns64
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.key_file import parse_key_file
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import checked_plan, plan_lans
from ansible_collections.homelab.ipv6.plugins.plugin_utils.front_door import filter_front_door


@filter_front_door('bind_files')
def bind_files(plan, settings=None):
    return bind.bind_files(checked_plan(plan), settings)


@filter_front_door('dhcp46_files')
def dhcp46_files(plan, lans, settings=None, key=None):
    return dhcp.dhcp46_files(checked_plan(plan), plan_lans(lans), settings, key)


@filter_front_door('radvd_config')
def radvd_config(lans, settings=None, delegation=None):
    return radvd.radvd_config(plan_lans(lans), settings, delegation)


@filter_front_door('unbound_dns64_config')
def unbound_dns64_config(lans, nat64_prefix, home_zones, settings=None):
    return unbound_dns64.unbound_dns64_config(plan_lans(lans), nat64_prefix, list(home_zones), settings)


@filter_front_door('radvd_departed')
def radvd_departed(before, lans, advertise_gua=True):
    return radvd.departed_prefixes(before or '', plan_lans(lans), boolean(advertise_gua))


@filter_front_door('radvd_link_mtu')
def radvd_link_mtu(setting, routes='', links='', hostname='this host'):
    return radvd.link_mtu_choice(setting, routes, links, hostname)


@filter_front_door('radvd_pref64')
def radvd_pref64(lans, wanted, version, hostname='this host'):
    return radvd.pref64_choice(plan_lans(lans), None if wanted is None else boolean(wanted), version or '', hostname)


# The messages of parse_key_file name the key and the line, never the secret.
@filter_front_door('tsig_key')
def tsig_key(text, name=None, source='the key file'):
    key = parse_key_file(text, name, source)
    return {'name': key.name.rstrip('.'), 'algorithm': key.algorithm, 'secret': key.secret}


class FilterModule:
    def filters(self):
        return {
            'bind_files': bind_files,
            'dhcp46_files': dhcp46_files,
            'radvd_config': radvd_config,
            'unbound_dns64_config': unbound_dns64_config,
            'radvd_departed': radvd_departed,
            'radvd_pref64': radvd_pref64,
            'radvd_link_mtu': radvd_link_mtu,
            'tsig_key': tsig_key,
        }
