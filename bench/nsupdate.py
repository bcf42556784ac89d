# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Dynamic DNS at scale, three ways side by side in one run, on a BIND the bench starts itself.

    homelab.ipv6.nsupdate       this collection's module, every record in one task
    community.general.nsupdate  the module homelabbers use today, looped one record per item
                                (a sample of the records, its time scaled to all of them)
    nsupdate -k                 BIND's own client with the same batch, in one command task

For each size, `records` is what a user writes: an AAAA and an A for each of size/2 hosts,
with ptr, so the update also writes a PTR for each of them (2 x size resource records in
three zones). Every contender starts on empty zones of a fresh named on 127.0.0.1 and ::1,
and every result is checked by a signed zone transfer of the three zones. Then
homelab.ipv6.nsupdate runs again on the full zones, which must read and write nothing.

Each contender is a task of its own ansible-playbook run on localhost; the time is the
task's, taken by a callback. One more task is handed the same records and does nothing with
them: what Ansible itself takes to move them, which no module handed them can go below. Prints the times and the two ratios the issue aims at:
community.general / homelab.ipv6 (at least 100x) and homelab.ipv6 / nsupdate -k (at most
1.2x). Needs named and nsupdate (Debian bind9, bind9-dnsutils); run it with `make bench`.
All traffic goes to loopback.
"""

from __future__ import annotations

import argparse
import base64
import ipaddress
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dns.exception
import dns.name
import dns.query
import dns.rdatatype
import dns.tsig
import dns.zone

ROOT = Path(__file__).resolve().parent.parent
KEY_NAME = 'bench-ddns'
FORWARD = 'bench.home.arpa.'
IPV6_HOSTS = ipaddress.IPv6Network('2001:db8:42::/64')
IPV4_HOSTS = ipaddress.IPv4Network('198.18.0.0/16')
ZONES = (FORWARD, '0.0.0.0.2.4.0.0.8.b.d.0.1.0.0.2.ip6.arpa.', '18.198.in-addr.arpa.')
TTL = 3600


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


class Named:
    """A named of the bench's own, on loopback, with empty zones a key may update and transfer."""

    def __init__(self, workdir, secret):
        self.workdir = workdir
        self.secret = secret
        self.port = free_port()
        self.process = None

    def start(self):
        zones = self.workdir / 'zones'
        shutil.rmtree(zones, ignore_errors=True)
        zones.mkdir(parents=True)
        statements = []
        for number, zone in enumerate(ZONES):
            (zones / ('%d.zone' % number)).write_text(
                '$TTL 3600\n@ IN SOA ns.%s hostmaster.%s 1 3600 600 86400 300\n@ IN NS ns.%s\n'
                'ns.%s IN AAAA ::1\n' % (FORWARD, FORWARD, FORWARD, FORWARD) if zone == FORWARD else
                '$TTL 3600\n@ IN SOA ns.%s hostmaster.%s 1 3600 600 86400 300\n@ IN NS ns.%s\n'
                % (FORWARD, FORWARD, FORWARD))
            statements.append('zone "%s" { type primary; file "%s/%d.zone"; update-policy { grant %s zonesub ANY; }; '
                              'allow-transfer { key %s; }; };' % (zone, zones, number, KEY_NAME, KEY_NAME))
        (self.workdir / 'named.conf').write_text(
            'key "%s" { algorithm hmac-sha256; secret "%s"; };\n'
            'options { directory "%s"; pid-file "%s/named.pid"; listen-on port %d { 127.0.0.1; };\n'
            '  listen-on-v6 port %d { ::1; }; recursion no; notify no; dnssec-validation no; };\n'
            'controls { };\n%s\n' % (KEY_NAME, self.secret, zones, self.workdir, self.port, self.port, '\n'.join(statements)))
        subprocess.run(['named-checkconf', str(self.workdir / 'named.conf')], check=True)
        self.process = subprocess.Popen(['named', '-g', '-c', str(self.workdir / 'named.conf')],
                                        stdout=open(self.workdir / 'named.log', 'a'), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                self.transfer(ZONES[-1])
                return
            except (OSError, EOFError, dns.exception.DNSException):
                time.sleep(0.2)
        sys.exit('named did not come up on port %d; see %s' % (self.port, self.workdir / 'named.log'))

    def stop(self):
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
            self.process = None

    def transfer(self, zone):
        key = dns.tsig.Key(KEY_NAME, self.secret, 'hmac-sha256')
        messages = dns.query.xfr('127.0.0.1', zone, port=self.port, keyring=key, timeout=30, relativize=False)
        return dns.zone.from_xfr(messages, relativize=False)

    def records(self):
        """Every A, AAAA and PTR of the three zones, as (name, type, data) text, and the serials."""
        found, serials = set(), []
        for zone in ZONES:
            content = self.transfer(zone)
            serials.append(content.get_rdataset(zone, 'SOA')[0].serial)
            for owner, ttl, rdata in content.iterate_rdatas():
                if rdata.rdtype in (dns.rdatatype.A, dns.rdatatype.AAAA, dns.rdatatype.PTR) and \
                        owner != dns.name.from_text('ns.' + FORWARD):
                    found.add((owner.to_text(), dns.rdatatype.to_text(rdata.rdtype), rdata.to_text(), ttl))
        return found, serials


def hosts(size):
    """size/2 hosts, each with an AAAA and an A."""
    return [('host%05d' % number, str(IPV6_HOSTS[number + 1]), str(IPV4_HOSTS[number + 1]))
            for number in range(size // 2)]


def module_records(size):
    records = []
    for name, ipv6, ipv4 in hosts(size):
        records.append({'name': name, 'type': 'AAAA', 'values': [ipv6]})
        records.append({'name': name, 'type': 'A', 'values': [ipv4]})
    return records


def expected(size):
    wanted = set()
    for name, ipv6, ipv4 in hosts(size):
        owner = '%s.%s' % (name, FORWARD)
        wanted.add((owner, 'AAAA', ipv6, TTL))
        wanted.add((owner, 'A', ipv4, TTL))
        wanted.add((ipaddress.ip_address(ipv6).reverse_pointer + '.', 'PTR', owner, TTL))
        wanted.add((ipaddress.ip_address(ipv4).reverse_pointer + '.', 'PTR', owner, TTL))
    return wanted


def nsupdate_batch(size, port, per_send=400):
    """nsupdate's input making the same changes as the module: each RRset guarded by the
    prerequisite that it does not exist yet, one `send` per 400 of them (a message's limit)."""
    lines = ['server 127.0.0.1 %d' % port]
    changes = {zone: [] for zone in ZONES}
    for name, ipv6, ipv4 in hosts(size):
        owner = '%s.%s' % (name, FORWARD)
        for rdtype, address in (('AAAA', ipv6), ('A', ipv4)):
            changes[FORWARD].append((owner, rdtype, address))
            reverse = ipaddress.ip_address(address).reverse_pointer + '.'
            changes[ZONES[1] if rdtype == 'AAAA' else ZONES[2]].append((reverse, 'PTR', owner))
    for zone, zone_changes in changes.items():
        for start in range(0, len(zone_changes), per_send):
            lines.append('zone %s' % zone)
            for owner, rdtype, data in zone_changes[start:start + per_send]:
                lines.append('prereq nxrrset %s %s' % (owner, rdtype))
                lines.append('update add %s %d %s %s' % (owner, TTL, rdtype, data))
            lines.append('send')
    return '\n'.join(lines) + '\n'


def community_items(size, sample):
    """community.general.nsupdate takes one record per call, and PTRs as records of their zone."""
    items = []
    for record in module_records(size)[:sample]:
        address = record['values'][0]
        items.append(dict(zone=FORWARD, record=record['name'], type=record['type'], value=address))
        items.append(dict(zone=ZONES[1] if record['type'] == 'AAAA' else ZONES[2],
                          record=ipaddress.ip_address(address).reverse_pointer + '.', type='PTR',
                          value='%s.%s' % (record['name'], FORWARD)))
    return items


CALLBACK = '''
import json, os, time
from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'task_seconds'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self.started = None
        self.results = []

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.started = (task.get_name(), time.monotonic())

    def _ended(self, result, failed):
        name, started = self.started
        self.results.append(dict(task=name, seconds=time.monotonic() - started, failed=failed,
                                 changed=result._result.get('changed'), msg=result._result.get('msg')))

    def v2_runner_on_ok(self, result):
        self._ended(result, False)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._ended(result, True)

    def v2_playbook_on_stats(self, stats):
        with open(os.environ['BENCH_TASK_SECONDS'], 'w') as handle:
            json.dump(self.results, handle)
'''


class Runner:
    """ansible-playbook on localhost, one play of one task, timed by the task_seconds callback."""

    def __init__(self, workdir):
        self.workdir = workdir
        (workdir / 'callbacks').mkdir(exist_ok=True)
        (workdir / 'callbacks' / 'task_seconds.py').write_text(CALLBACK)

    def run(self, name, task, variables=None):
        play = [{'name': name, 'hosts': 'localhost', 'connection': 'local', 'gather_facts': False,
                 'vars': variables or {}, 'tasks': [dict(task, name=name)]}]
        playbook = self.workdir / 'play.json'
        playbook.write_text(json.dumps(play))
        results = self.workdir / 'task-seconds.json'
        env = dict(os.environ, BENCH_TASK_SECONDS=str(results), ANSIBLE_CALLBACK_PLUGINS=str(self.workdir / 'callbacks'),
                   ANSIBLE_CALLBACKS_ENABLED='task_seconds', ANSIBLE_STDOUT_CALLBACK='null',
                   ANSIBLE_COLLECTIONS_PATH=str(ROOT / 'build' / 'collections'), ANSIBLE_PYTHON_INTERPRETER=sys.executable,
                   ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false')
        run = subprocess.run(['ansible-playbook', '-i', 'localhost,', str(playbook)], env=env, capture_output=True,
                             text=True, check=False)
        outcome = json.loads(results.read_text()) if results.exists() else []
        results.unlink(missing_ok=True)
        if run.returncode or not outcome or outcome[-1]['failed']:
            sys.exit('%s failed: %s\n%s' % (name, outcome[-1]['msg'] if outcome else '', run.stderr[-2000:]))
        return outcome[-1]


def check(named, size, who):
    found, serials = named.records()
    wanted = expected(size)
    if found != wanted:
        sys.exit('%s left the zones wrong: %d records missing, %d not asked for' % (
            who, len(wanted - found), len(found - wanted)))
    return serials


def measure(size, sample, workdir, named, runner):
    key_file = workdir / 'bench.key'
    results = {}

    ours = {'homelab.ipv6.nsupdate': dict(server='127.0.0.1', port=named.port, key_file=str(key_file), zone=FORWARD,
                                          ptr=True, records='{{ bench_records }}')}
    records = {'bench_records': module_records(size)}
    named.start()
    try:
        results['ours'] = runner.run('homelab.ipv6.nsupdate, %d records' % size, ours, records)['seconds']
        serials = check(named, size, 'homelab.ipv6.nsupdate')
        again = runner.run('homelab.ipv6.nsupdate again, %d records' % size, ours, records)
        if again['changed'] or check(named, size, 'the second run') != serials:
            sys.exit('the second run of homelab.ipv6.nsupdate changed the zones')
        results['again'] = again['seconds']
    finally:
        named.stop()

    # What Ansible itself takes to hand the same records to a task that does nothing with them.
    handing = {'ansible.builtin.validate_argument_spec': {
        'argument_spec': {'records': {'type': 'list'}}, 'provided_arguments': {'records': '{{ bench_records }}'}}}
    results['handing'] = runner.run('the records handed to a task, %d records' % size, handing, records)['seconds']

    named.start()
    try:
        batch = workdir / 'batch.txt'
        batch.write_text(nsupdate_batch(size, named.port))
        results['nsupdate'] = runner.run('nsupdate -k, %d records' % size, {
            'ansible.builtin.command': dict(argv=['nsupdate', '-v', '-k', str(key_file), str(batch)])})['seconds']
        check(named, size, 'nsupdate -k')
    finally:
        named.stop()

    named.start()
    try:
        items = community_items(size, sample)
        looped = runner.run('community.general.nsupdate, %d of %d records' % (sample, size), {
            'community.general.nsupdate': dict(
                server='127.0.0.1', port=named.port, key_name=KEY_NAME, key_secret=named.secret,
                key_algorithm='hmac-sha256', protocol='tcp', zone='{{ item.zone }}', record='{{ item.record }}',
                type='{{ item.type }}', value='{{ item.value }}', ttl=TTL),
            'loop': '{{ bench_items }}'}, {'bench_items': items})
        found, _serials = named.records()
        if len(found) != len(items) or not found <= expected(size):
            sys.exit('community.general.nsupdate left %d records for the %d it was given' % (len(found), len(items)))
        results['community'] = looped['seconds'] * size / sample
    finally:
        named.stop()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--sizes', type=int, nargs='+', default=[1000, 10000], help='records per run (default 1000 10000)')
    parser.add_argument('--sample', type=int, default=50,
                        help='records community.general.nsupdate is timed on, scaled to the size (default 50)')
    args = parser.parse_args()
    for tool in ('named', 'nsupdate', 'named-checkconf'):
        if shutil.which(tool) is None:
            sys.exit('%s is missing: install Debian bind9 and bind9-dnsutils (make bench does)' % tool)

    secret = base64.b64encode(os.urandom(32)).decode()
    with tempfile.TemporaryDirectory(prefix='bench-nsupdate.') as temporary:
        workdir = Path(temporary)
        (workdir / 'bench.key').write_text('key "%s" {\n\talgorithm hmac-sha256;\n\tsecret "%s";\n};\n'
                                           % (KEY_NAME, secret))
        named, runner = Named(workdir, secret), Runner(workdir)
        rows = [(size, measure(size, args.sample, workdir, named, runner)) for size in args.sizes]

    print('Dynamic DNS updates of N records (N/2 hosts with AAAA + A, and their N PTRs), each checked by AXFR;')
    print('"handing" is a task that is handed the same records and does nothing with them:')
    print('  %8s %12s %12s %14s %12s %22s' % ('records', 'homelab', 'again', 'nsupdate -k', 'handing',
                                              'community (scaled)'))
    for size, result in rows:
        print('  %8d %10.2f s %10.2f s %12.2f s %10.2f s %20.1f s' % (
            size, result['ours'], result['again'], result['nsupdate'], result['handing'], result['community']))
    for size, result in rows:
        print('%d records: community.general / homelab.ipv6 = %.0fx (aim: at least 100x); '
              'homelab.ipv6 / nsupdate -k = %.2fx (aim: at most 1.2x)'
              % (size, result['community'] / result['ours'], result['ours'] / result['nsupdate']))


if __name__ == '__main__':
    main()
