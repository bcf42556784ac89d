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
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import yaml
from ansible_collections.homelab.ipv6.plugins.module_utils.site import site_plan

SCENARIO = Path(__file__).resolve().parent.parent / 'molecule' / 'router'
ROUTER, CLIENT = 'router-gw', 'router-client2'
POOL = ('::1:1', '::1:1000')


def podman(container, command, check=True):
    return subprocess.run(['podman', 'exec', container, 'sh', '-c', command], capture_output=True, text=True,
                          check=check)


def inventory():
    ephemeral = Path(os.environ.get('MOLECULE_EPHEMERAL_DIRECTORY', ''))
    candidates = [ephemeral / 'inventory'] if str(ephemeral) else []
    candidates += sorted(Path.home().glob('.ansible/tmp/molecule.*.router/inventory'))
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    sys.exit('the router lab is not up: run `make demo` first')


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
    started = time.monotonic()
    run = podman(CLIENT, 'perfdhcp -6 -l eth0 -R %d -n %d -r %d -p 60 -W 2000000' % (clients, clients, clients),
                 check=False)
    elapsed = time.monotonic() - started
    # perfdhcp prints per exchange: "***Rate statistics***" ... "received packets: N" twice
    # (SA then RR); the replies of the Request/Reply exchange are the leases.
    received = [int(n) for n in re.findall(r'received packets: (\d+)', run.stdout)]
    if len(received) < 2:
        sys.exit('perfdhcp gave no statistics:\n%s%s' % (run.stdout[-2000:], run.stderr[-2000:]))
    return received[1], elapsed


def registrations(lan, prefix):
    """How many addresses of the DHCPv6 pool have a PTR to a name with this run's prefix."""
    network = ipaddress.IPv6Network(lan['ula_prefix'])
    first, last = (int(ipaddress.IPv6Address(iid)) for iid in POOL)
    queries = '\n'.join('-x %s' % network[iid] for iid in range(first, last + 1))
    podman(CLIENT, "cat > /tmp/bench-ptr.txt <<'EOF'\n%s\nEOF" % queries)
    answers = podman(CLIENT, 'dig +short +tries=1 +time=2 @%s -f /tmp/bench-ptr.txt' % lan['dns_servers'][0],
                     check=False).stdout
    return sum(1 for line in answers.split() if line.startswith(prefix + '-'))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--clients', type=int, default=200)
    args = parser.parse_args()
    lan = iot_lan()
    results = {}
    run_id = '%x' % int(time.time())
    for backend in ('isc', 'kea'):
        prefix = 'bench-%s-%s' % (backend, run_id)
        switch_to(backend, prefix)
        leases, elapsed = perfdhcp(args.clients)
        time.sleep(2)  # let the last updates reach named before counting
        results[backend] = (leases, elapsed, registrations(lan, prefix))
    print('%-5s %8s %10s %10s %14s' % ('', 'clients', 'leases', 'leases/s', 'registered'))
    for backend, (leases, elapsed, registered) in results.items():
        print('%-5s %8d %10d %10.1f %14d' % (backend, args.clients, leases, leases / elapsed, registered))
    isc_rate = results['isc'][0] / results['isc'][1]
    kea_rate = results['kea'][0] / results['kea'][1]
    print('kea/isc leases per second: %.2f' % (kea_rate / isc_rate if isc_rate else float('inf')))
    # Leave the lab as converge set it up.
    switch_to('kea', 'dhcp')


if __name__ == '__main__':
    main()
