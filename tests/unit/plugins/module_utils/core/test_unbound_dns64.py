# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.homelab.ipv6.plugins.filter.config_writers import (
    unbound_dns64_config as unbound_dns64_config_filter,
)
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import site_plan
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_queries import site_zones
from ansible_collections.homelab.ipv6.plugins.module_utils._core.unbound_dns64 import HEADER, unbound_dns64_config

SITE = {
    'domain': 'home.arpa', 'ula': 'fd7a:b5e0:1b00::/48', 'gua': '2001:db8:5500::/56', 'dns_server': 'gw',
    'nat64_prefix': '2001:db8:5664:64::/96',
    'lans': [{'name': 'home', 'interface': 'eth1', 'subnet_id': 1, 'ipv4': '198.18.11.0/24', 'mode': 'stateful'},
             {'name': 'v6only', 'interface': 'eth2', 'subnet_id': 2, 'mode': 'stateless', 'dns64': True}],
    'hosts': [{'name': 'gw', 'iid': '::1', 'lan': 'home'}],
}


def dns64_lans(plan):
    return [lan for lan in plan['lans'] if lan['dns64']]


def test_the_home_resolver_answers_the_home_zones_and_the_rest_is_forwarded():
    plan = site_plan(SITE)
    text = unbound_dns64_config(dns64_lans(plan), plan['nat64_prefix'], site_zones(plan),
                                {'backend': 'tayga', 'dnssec': False, 'home_server': '::1',
                                 'forwarders': ['198.18.60.10']})
    assert text == HEADER + '''\
# DNS64 (RFC 6147) for v6only: names without an AAAA get one in
# 2001:db8:5664:64::/96, which tayga translates to IPv4.
server:
    interface: fd7a:b5e0:1b00:2::1
    # The fixed addresses may come up after unbound (the router role adds them).
    ip-freebind: yes
    # Only the served LANs, never an open resolver (an access-control of ::0/0 is one).
    access-control: 0.0.0.0/0 refuse
    access-control: ::/0 refuse
    access-control: fd7a:b5e0:1b00:2::/64 allow
    access-control: 2001:db8:5500:2::/64 allow
    module-config: "dns64 iterator"
    dns64-prefix: 2001:db8:5664:64::/96
    dns64-synthall: no
    # RFC 7050 discovery of the NAT64 prefix, for clients without PREF64: the DNS64
    # answers ipv4only.arpa itself (RFC 8880 section 7.2), with no Internet needed.
    local-zone: "ipv4only.arpa." static
    local-data: "ipv4only.arpa. A 192.0.0.170"
    local-data: "ipv4only.arpa. A 192.0.0.171"
    local-data: "ipv4only.arpa. AAAA 2001:db8:5664:64::c000:aa"
    local-data: "ipv4only.arpa. AAAA 2001:db8:5664:64::c000:ab"
    # RFC 9462: questions about this resolver (_dns.resolver.arpa) are answered here, empty,
    # so that clients keep the DNS64 rather than the forwarders' encrypted resolver.
    local-zone: "resolver.arpa." static
    # The home zones come from the home resolver: unbound's built-in answers for
    # home.arpa and the ULA and private IPv4 reverse zones step aside.
    do-not-query-localhost: no
    unblock-lan-zones: yes
    insecure-lan-zones: yes
    local-zone: "home.arpa." nodefault
    domain-insecure: "home.arpa"
    local-zone: "0.0.b.1.0.e.5.b.a.7.d.f.ip6.arpa." nodefault
    domain-insecure: "0.0.b.1.0.e.5.b.a.7.d.f.ip6.arpa"
    local-zone: "11.18.198.in-addr.arpa." nodefault
    domain-insecure: "11.18.198.in-addr.arpa"

stub-zone:
    name: "home.arpa"
    stub-addr: ::1

stub-zone:
    name: "0.0.b.1.0.e.5.b.a.7.d.f.ip6.arpa"
    stub-addr: ::1

stub-zone:
    name: "11.18.198.in-addr.arpa"
    stub-addr: ::1

forward-zone:
    name: "."
    forward-addr: 198.18.60.10
'''


def test_with_no_home_resolver_and_no_forwarders_unbound_validates_and_recurses_itself():
    plan = site_plan(SITE)
    text = unbound_dns64_config(dns64_lans(plan), '64:ff9b::/96', site_zones(plan), {'synthall': True})
    assert '    module-config: "dns64 validator iterator"\n    dns64-prefix: 64:ff9b::/96\n    dns64-synthall: yes\n' in text
    assert 'which jool translates' in text
    assert 'stub-zone' not in text and 'forward-zone' not in text and 'nodefault' not in text


def test_ipv4only_arpa_answers_in_any_nat64_prefix_length():
    # RFC 6052 section 2.2: a /64 prefix skips bits 64 to 71 (the u octet).
    plan = site_plan(SITE)
    text = unbound_dns64_config(dns64_lans(plan), '2001:db8:64::/64', site_zones(plan))
    assert '    local-data: "ipv4only.arpa. AAAA 2001:db8:64:0:c0:0:aa00:0"\n' in text
    text = unbound_dns64_config(dns64_lans(plan), '64:ff9b::/96', site_zones(plan))
    assert '    local-data: "ipv4only.arpa. AAAA 64:ff9b::c000:ab"\n' in text


def test_the_vms_behind_a_dns64_lans_routers_are_answered_too():
    plan = site_plan(dict(SITE, lans=[SITE['lans'][0], dict(SITE['lans'][1], delegate=60)]))
    text = unbound_dns64_config(dns64_lans(plan), plan['nat64_prefix'], site_zones(plan))
    assert '    access-control: 2001:db8:5500:2::/64 allow\n    access-control: 2001:db8:5500:80::/57 allow\n' in text


def test_a_lan_without_a_gua_is_answered_in_its_ula_alone():
    plan = site_plan(dict(SITE, gua='dhcpv6-pd'))
    text = unbound_dns64_config(dns64_lans(plan), plan['nat64_prefix'], site_zones(plan))
    assert [line for line in text.splitlines() if line.endswith(' allow')] == ['    access-control: fd7a:b5e0:1b00:2::/64 allow']


def test_the_filter_takes_plan_lans_and_names_itself_on_bad_input():
    plan = site_plan(SITE)
    assert unbound_dns64_config_filter(dns64_lans(plan), plan['nat64_prefix'], ('home.arpa',)) == unbound_dns64_config(
        dns64_lans(plan), plan['nat64_prefix'], ['home.arpa'])
    with pytest.raises(AnsibleFilterError, match=r'^homelab\.ipv6\.unbound_dns64_config: '):
        unbound_dns64_config_filter('v6only', plan['nat64_prefix'], [])
