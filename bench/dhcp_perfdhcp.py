# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""200 simulated DHCPv6 clients against each dhcp46 backend, side by side in one run.

Needs the router lab up (`make demo`), whose router-gw runs dhcp46 and dns_bind. For each
backend, isc then kea: molecule/router/dhcp.yml switches router-gw to it, with a name
prefix of its own for this run; perfdhcp (Debian kea-admin) on router-client2 plays 200
DHCPv6 clients on the iot LAN, each doing Solicit/Advertise/Request/Reply once; then every
address of the pool is looked up in reverse DNS to count the clients the backend
registered under this run's prefix. All traffic stays on the lab's iot LAN.

Prints leases, leases per second and registrations for both backends, and the ratio of
the two rates. Run it with `make bench-dhcp`.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import yaml
from molecule.text import checksum
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import site_plan

SCENARIO = Path(__file__).resolve().parent.parent / 'molecule' / 'router'
ROUTER, CLIENT = 'router-gw', 'router-client2'
POOL = ('::1:1', '::1:1000')


def podman(container, command, check=True):
    return subprocess.run(['podman', 'exec', container, 'sh', '-c', command], capture_output=True, text=True,
                          check=check)


def inventory():
    """The router lab's inventory, where molecule keeps it for this checkout."""
    project = Path(__file__).resolve().parent.parent.name
    path = Path.home() / '.ansible' / 'tmp' / ('molecule.%s.router' % checksum(project, 4)) / 'inventory'
    if not path.exists():
        sys.exit('the router lab is not up: run `make demo` first')
    return str(path)


def switch_to(backend, prefix):
    run = subprocess.run(['ansible-playbook', '-i', inventory(), str(SCENARIO / 'dhcp.yml'), '--extra-vars',
                          json.dumps({'dhcp46_backend': backend, 'dhcp46_generated_prefix': prefix})],
                         capture_output=True, text=True, check=False)
    if run.returncode:
        sys.exit('switching router-gw to %s failed:\n%s' % (backend, run.stdout[-3000:]))


def iot_lan():
    """The iot LAN of the lab's site plan, with the ULA the site role kept on the router."""
    site = yaml.safe_load((SCENARIO / 'molecule.yml').read_text())['provisioner']['inventory']['group_vars']['all']
    kept = json.loads(podman(ROUTER, 'cat /etc/ansible/facts.d/homelab_ipv6_ula.fact').stdout)
    plan = site_plan(site['homelab_site'], kept['prefix'])
    return next(lan for lan in plan['lans'] if lan['name'] == 'iot')


def perfdhcp(clients):
    # DHCPv6 clients speak from their link-local address, and the router's firewall lets
    # only those reach 547: the lab client's own dhclient and global addresses step aside.
    podman(CLIENT, 'pkill dhclient; ip -6 address flush dev eth0 scope global', check=False)
    started = time.monotonic()
    # As fast as it can (-r well above what either server does), once per client; the wait
    # for late replies (-W, 0.2 s) counts in perfdhcp's rate, so it is kept short.
    run = podman(CLIENT, 'perfdhcp -6 -l eth0 -R %d -n %d -r 2000 -p 60 -W 200000' % (clients, clients),
                 check=False)
    elapsed = time.monotonic() - started
    # perfdhcp prints per exchange: "***Rate statistics***" ... "received packets: N" twice
    # (SA then RR); the replies of the Request/Reply exchange are the leases.
    received = [int(n) for n in re.findall(r'received packets: (\d+)', run.stdout)]
    rate = re.search(r'Rate: ([0-9.]+) 4-way exchanges/second', run.stdout)
    if len(received) < 2 or not rate:
        sys.exit('perfdhcp gave no statistics:\n%s%s' % (run.stdout[-2000:], run.stderr[-2000:]))
    return received[1], float(rate[1]), elapsed


def registrations(lan, prefix):
    """How many addresses of the DHCPv6 pool have a PTR to a name with this run's prefix."""
    network = ipaddress.IPv6Network(lan['ula_prefix'])
    first, last = (int(ipaddress.IPv6Address(iid)) for iid in POOL)
    queries = '\n'.join('-x %s' % network[iid] for iid in range(first, last + 1))
    # Asked on the resolver itself: the bench client has only its link-local address left.
    podman(ROUTER, "cat > /tmp/bench-ptr.txt <<'EOF'\n%s\nEOF" % queries)
    answers = podman(ROUTER, 'dig +short +tries=1 +time=2 @::1 -f /tmp/bench-ptr.txt', check=False).stdout
    return sum(1 for line in answers.split() if line.startswith(prefix + '-'))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--clients', type=int, default=200)
    args = parser.parse_args()
    lan = iot_lan()
    results = {}
    run_id = '%x' % int(time.time())
    for backend in ('isc', 'kea'):
        prefix = 'bench-%s-%s' % (backend, run_id)
        switch_to(backend, prefix)
        leases, rate, elapsed = perfdhcp(args.clients)
        # The last updates may still be on their way to named; give them a bounded moment.
        registered = 0
        for _attempt in range(10):
            registered = registrations(lan, prefix)
            if registered >= leases:
                break
            time.sleep(1)
        results[backend] = (leases, rate, elapsed, registered)
    print('%-5s %8s %8s %18s %12s %12s' % ('', 'clients', 'leases', '4-way exchanges/s', 'run (s)', 'registered'))
    for backend, (leases, rate, elapsed, registered) in results.items():
        print('%-5s %8d %8d %18.1f %12.1f %12d' % (backend, args.clients, leases, rate, elapsed, registered))
    isc_rate, kea_rate = results['isc'][1], results['kea'][1]
    print('kea/isc leases per second: %.2f' % (kea_rate / isc_rate if isc_rate else float('inf')))
    # Leave the lab as converge set it up.
    switch_to('kea', 'dhcp')


if __name__ == '__main__':
    main()
