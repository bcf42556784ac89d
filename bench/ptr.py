# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PTR names for every address of a /112, three ways side by side in one run.

    homelab.ipv6.ptr            the filter of this collection, called as Ansible calls it
    ansible.utils.ipaddr        the filter homelabbers use today, with the 'revdns' query
    ipaddress.reverse_pointer   Python's standard library, the floor

Prints the best of several rounds for each and the two ratios the address-core issue
asks about (at least 10x faster than ansible.utils, within 2x of ipaddress).
Run it with `make bench`, which puts the collection on the path.
"""

from __future__ import annotations

import argparse
import ipaddress
import time

from ansible_collections.ansible.utils.plugins.filter.ipaddr import FilterModule as AnsibleUtilsIpaddr
from ansible_collections.homelab.ipv6.plugins.filter.addresses import ptr

NETWORK = ipaddress.IPv6Network('2001:db8:1:2::/112')


def homelab_ptr(addresses):
    return [ptr(address) for address in addresses]


def ansible_utils_revdns(addresses):
    ipaddr = AnsibleUtilsIpaddr().filters()['ipaddr']
    # ipaddr takes the Jinja2 environment first (pass_environment); it does not use it for revdns.
    return [ipaddr(None, address, 'revdns') for address in addresses]


def standard_library(addresses):
    return [ipaddress.ip_address(address).reverse_pointer + '.' for address in addresses]


def best_time(function, addresses, rounds):
    best = float('inf')
    for _round in range(rounds):
        started = time.perf_counter()
        function(addresses)
        best = min(best, time.perf_counter() - started)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--rounds', type=int, default=5, help='rounds per contender; the best counts (default 5)')
    args = parser.parse_args()

    addresses = [str(address) for address in NETWORK]
    reference = standard_library(addresses)
    assert homelab_ptr(addresses) == reference, 'homelab.ipv6.ptr disagrees with ipaddress'
    assert ansible_utils_revdns(addresses[:256]) == reference[:256], 'ansible.utils disagrees with ipaddress'

    ours = best_time(homelab_ptr, addresses, args.rounds)
    theirs = best_time(ansible_utils_revdns, addresses, max(1, args.rounds // 2))
    floor = best_time(standard_library, addresses, args.rounds)

    print('PTR names of the %d addresses of %s, best of the rounds:' % (len(addresses), NETWORK))
    for name, seconds in (('homelab.ipv6.ptr', ours), ('ansible.utils.ipaddr(revdns)', theirs),
                          ('ipaddress.reverse_pointer', floor)):
        print('  %-30s %8.3f s  %7.2f us/address' % (name, seconds, seconds / len(addresses) * 1e6))
    print('ansible.utils / homelab.ipv6 = %.1fx  (aim: at least 10x)' % (theirs / ours))
    print('homelab.ipv6 / ipaddress     = %.2fx  (aim: at most 2x)' % (ours / floor))


if __name__ == '__main__':
    main()
