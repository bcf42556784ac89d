# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the homelab.ipv6 collection: names here change in any release without notice.
# Other collections and standalone plugins or modules must not import them.
"""The router's prefix follower: when the ISP delegates another prefix, the network follows.

dhcpcd, the router's DHCPv6-PD client, runs this as its script (the router role installs it
with the collection's own Python under /usr/lib/homelab-ipv6/python). It keeps the lease as
the local fact ``homelab_prefix_delegation``, and when the prefix changed, expands the site
plan again from the site description the roles left and the new delegation, with the same
functions the roles use (``site_plan``, ``router_addresses``, ``radvd_config``), and applies
what changed: the router's fixed addresses, radvd.conf, then BIND's files and the site's
records (when the resolver runs here too), then the DHCPv6 servers' files and unbound's DNS64
file (when they run here too). No Ansible, no controller.
"""

from __future__ import annotations

import fcntl
import grp
import json
import os
import pwd
import subprocess
import sys
import time

from ansible_collections.homelab.ipv6.plugins.module_utils._core.addresses import AddressError
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.apply import apply_records
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.errors import DnsUpdateError
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.key_file import parse_key_file
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.primary import Primary
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dns_update.records import wanted_records
from ansible_collections.homelab.ipv6.plugins.module_utils._core.files import FileError, fact_text, read_text
from ansible_collections.homelab.ipv6.plugins.module_utils._core.follow_state import PATHS, StaleState, read_state
from ansible_collections.homelab.ipv6.plugins.module_utils._core.prefix_delegation import (
    DelegationError,
    delegation_from_dhcpcd,
)
from ansible_collections.homelab.ipv6.plugins.module_utils._core.radvd import (
    advertised_prefixes,
    departed_prefixes,
    radvd_config,
)
from ansible_collections.homelab.ipv6.plugins.module_utils._core.bind_files import SETTINGS as BIND_SETTINGS, bind_files
from ansible_collections.homelab.ipv6.plugins.module_utils._core.dhcp46_files import (
    SETTINGS as DHCP_SETTINGS,
    dhcp46_files,
    dhcpv6_lans,
)
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import site_plan
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_queries import router_addresses, served_lans, site_zones
from ansible_collections.homelab.ipv6.plugins.module_utils._core.unbound_dns64 import unbound_dns64_config

NAME = 'homelab-ipv6 prefix follower'


class FollowError(Exception):
    """A step that failed; what was done before it stays, the next lease event tries again."""


def _read_json(path, default=None):
    text = read_text(path, missing=None)
    return default if text is None else json.loads(text)


def _read_text(path):
    return read_text(path, missing=None)


def _write(path, text, mode=0o644, group=None, owner=None):
    """Replace ``path`` whole (a reader sees the old file or the new one, never half)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    new = path + '.new'
    with open(new, 'w', encoding='utf-8') as handle:
        handle.write(text)
    os.chmod(new, mode)
    _own(new, owner, group)
    os.replace(new, path)


def _own(path, owner=None, group=None):
    if owner is None and group is None:
        return
    try:
        uid = pwd.getpwnam(owner).pw_uid if owner else -1
        gid = grp.getgrnam(group).gr_gid if group else -1
    except KeyError:
        # Not a host with BIND's user (the unit tests): the file keeps the follower's own.
        return
    os.chown(path, uid, gid)


def _checked_write(path, text, check, run, **ownership):
    """Write ``path`` only after ``check`` (argv, the file's name last) accepts the new text."""
    candidate = path + '.homelab-check'
    _write(candidate, text, **ownership)
    try:
        _run(run, check + [candidate])
        os.replace(candidate, path)
    finally:
        if os.path.exists(candidate):
            os.unlink(candidate)


def _run(run, argv):
    result = run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    if result.returncode != 0:
        output = (result.stdout or '').strip()[-300:]
        raise FollowError('%s failed (exit %d): %s' % (' '.join(argv), result.returncode, output))
    return result.stdout or ''


def follow_addresses(plan, router, run):
    """The router's fixed addresses, by the router role's own script and wanted-addresses file."""
    lans = served_lans(plan, router['lans'], 'router_lans')
    text = router_addresses(lans, router['token'])
    if _read_text(router['address_wanted']) != text:
        _write(router['address_wanted'], text)
    if not os.path.exists(router['address_script']):
        # The first converge starts dhcpcd before it installs the script, then runs it itself.
        return None
    if 'changed' in _run(run, [router['address_script']]):
        return "moved the router's addresses on %s" % ', '.join(lan['interface'] for lan in lans)
    return None


def follow_radvd(plan, radvd, run):
    """radvd.conf from the new plan; a restart when a prefix left it, whose shutdown advertisement
    deprecates the departed prefixes at once (DeprecatePrefix), else a reload."""
    lans = served_lans(plan, radvd['lans'], 'radvd_lans')
    config = radvd['config']
    text = radvd_config(lans, radvd['settings'], plan.get('gua_delegation'))
    before = _read_text(config)
    if before == text:
        return None
    advertise_gua = radvd['settings'].get('advertise_gua', True)
    advertised = advertised_prefixes(lans, advertise_gua)
    departed = departed_prefixes(before, lans, advertise_gua)
    _checked_write(config, text, ['radvd', '--configtest', '--config'], run)
    _run(run, ['systemctl', 'restart' if departed else 'reload', 'radvd'])
    return 'advertised %s%s' % (', '.join(advertised), ' and deprecated %s' % ', '.join(departed) if departed else '')


def _read_key(path, name):
    """The TSIG key ``name`` in the BIND key file at ``path`` (DnsUpdateError when it is not there)."""
    with open(path, encoding='utf-8') as handle:
        return parse_key_file(handle.read(), name, source='the key file %s' % path)


def _serving(run, zone, seconds=20):
    for _attempt in range(seconds):
        if _run(run, ['dig', '+norecurse', '+short', '@::1', 'SOA', zone]).strip():
            return True
        time.sleep(1)
    return False


def follow_dns(plan, dns, run, fact_path=PATHS['dns_bind_fact']):
    """BIND's files from the new plan, as the dns_bind role writes them (bind_files): a new GUA
    reverse zone, the LAN prefixes in the ACL and listening; then the records of the site's
    hosts, as TSIG-signed updates with the site's key (AAAA RRsets replaced whole, the PTRs in
    the new reverse zone; the old reverse zone is no longer served)."""
    settings = dict(BIND_SETTINGS, **dns['settings'])
    files = bind_files(plan, settings)
    changed = []
    for zone in files['zones']:
        path = '%s/db.%s' % (settings['zone_dir'], zone)
        if not os.path.exists(path):
            # Created once, as the role does; named keeps the zone from updates after it.
            _checked_write(path, files['zone_files'][zone], ['named-checkzone', '-q', zone], run,
                           owner='bind', group='bind')
            changed.append('zone %s' % zone)
    for path, text in ((dns['options_file'], files['options']), (dns['local_file'], files['local'])):
        if _read_text(path) != text:
            _checked_write(path, text, ['named-checkconf'], run, group='bind')
            changed.append(os.path.basename(path))
    # The local fact the dns_bind role keeps, as it would write it (its zones change).
    kept = _read_text(fact_path)
    if kept is not None and kept != fact_text(files['fact']):
        _write(fact_path, fact_text(files['fact']))
    if changed:
        _run(run, ['named-checkconf', '-z'])
        _run(run, ['rndc', 'reconfig'])
        late = [zone for zone in files['zones'] if not _serving(run, zone)]
        if late:
            raise FollowError('named does not serve %s after rndc reconfig' % ', '.join(late))
    try:
        key = _read_key(settings['key_file'], settings['key_name'])
        wanted = wanted_records(files['records'] + dns.get('records', []), zone=plan['domain'],
                                default_ttl=settings['ttl'])
        with Primary(dns.get('server', '::1'), port=dns.get('port', 53), key=key) as primary:
            changes = apply_records(primary, wanted, zone=plan['domain'])
    except DnsUpdateError as error:
        raise FollowError(str(error)) from None
    rrsets = sum(len(zone_changes) for zone_changes in changes.values())
    if not changed and not rrsets:
        return None
    return 'rewrote %s; updated %d RRsets by signed updates' % (', '.join(changed) or 'no BIND file', rrsets)


# Where each backend's DHCPv6 files live, what checks them, and the unit that reads them.
DHCP_FILES = {
    'kea': [('kea_ddns', '/etc/kea/kea-dhcp-ddns.conf', ['kea-dhcp-ddns', '-t'], 'kea-dhcp-ddns-server'),
            ('kea_dhcp6', '/etc/kea/kea-dhcp6.conf', ['kea-dhcp6', '-t'], 'kea-dhcp6-server')],
    'isc': [('dhcpd6', '/etc/dhcp/dhcpd6.conf', ['dhcpd', '-t', '-6', '-cf'], 'homelab-dhcpd6')],
}


def _resolver_zones(state):
    """The zones the resolver serves now, as follow_dns left them in its local fact, when a role's
    follow state names that fact (the resolver runs here); else None."""
    kept = _read_json(state['zones_fact']) if state.get('zones_fact') else None
    return kept.get('zones') if kept is not None else None


def follow_dhcp(plan, dhcp, run):
    """The DHCPv6 files from the new plan, as the dhcp46 role writes them (dhcp46_files): a
    stateful LAN's pool and reservations in the new prefix, and for Kea the new GUA reverse
    zone in kea-dhcp-ddns.conf; each server that reads a changed file is restarted (its leases
    are kept; the clients renew into the new prefix at T1)."""
    lans = served_lans(plan, dhcp['lans'], 'dhcp46_lans')
    settings = dict(DHCP_SETTINGS, **dhcp['settings'])
    zones = _resolver_zones(dhcp)
    if zones is not None:
        settings['reverse_zones'] = [zone for zone in zones if zone != plan['domain']]
    key = None
    if dhcp.get('key_file'):
        try:
            key = _read_key(dhcp['key_file'], settings['key_name'])._asdict()
        except DnsUpdateError as error:
            raise FollowError(str(error)) from None
    files = dhcp46_files(plan, lans, settings, key)
    serving = dhcpv6_lans(lans)
    kea = dhcp['backend'] == 'kea'
    rewritten = []
    for name, path, check, unit in DHCP_FILES[dhcp['backend']]:
        path = dhcp.get('paths', {}).get(name, path)
        if name not in files or _read_text(path) == files[name]:
            continue
        ownership = {'mode': 0o640, 'group': '_kea'} if kea else {}
        _checked_write(path, files[name], check, run, **ownership)
        rewritten.append(os.path.basename(path))
        if name == 'kea_ddns' or serving:
            _run(run, ['systemctl', 'restart', unit])
    if not rewritten:
        return None
    leased = [lan['dhcpv6_prefix'] for lan in serving if lan['managed']]
    return 'rewrote %s%s' % (', '.join(rewritten), '; DHCPv6 leases in %s' % ', '.join(leased) if leased else '')


def follow_dns64(plan, dns64, run):
    """unbound's DNS64 file from the new plan, as the dns64_nat64 role writes it
    (unbound_dns64_config): the LANs' new GUA /64s may ask, and the new GUA reverse zone is asked
    of the home resolver (the zones of its local fact, as follow_dns left them); unbound restarts,
    since it binds and reads its zones at start."""
    lans = served_lans(plan, dns64['lans'], 'dns64_nat64_lans')
    zones = _resolver_zones(dns64)
    text = unbound_dns64_config(lans, plan['nat64_prefix'], site_zones(plan) if zones is None else zones,
                                dns64['settings'])
    config = dns64['config']
    if _read_text(config) == text:
        return None
    _checked_write(config, text, ['unbound-checkconf'], run)
    _run(run, ['systemctl', 'restart', 'unbound'])
    return 'rewrote %s' % os.path.basename(config)


# What a step may raise: the new plan does not fit, a daemon refused its file, a file is missing,
# or a role's state is not what this code reads. Logged, and the next lease event tries again.
STEP_ERRORS = (AddressError, FollowError, FileError, OSError, StaleState)


def _follow_lifetimes(fact, paths, run, log):
    """At a renewal of the followed prefix: radvd.conf again when the ISP now grants other
    lifetimes, which cap the GUA's (radvd_config). When they are the same, as at nearly every
    renewal, radvd's file is compared and left alone, and radvd is not touched."""
    try:
        router, radvd = read_state('router', paths['router']), read_state('radvd', paths['radvd'])
        if router is None or radvd is None:
            return 0
        step = follow_radvd(site_plan(router['site'], router['ula'], None, fact), radvd, run)
    except STEP_ERRORS as error:
        log('%s: the ISP renewed %s, but writing radvd.conf failed: %s; the next lease event tries again'
            % (NAME, fact['prefix'], error))
        return 1
    if step:
        log('%s: the ISP renewed %s on %s for %s/%s s (preferred/valid): %s'
            % (NAME, fact['prefix'], fact['interface'], _seconds(fact.get('preferred_lifetime')),
               _seconds(fact.get('valid_lifetime')), step))
    return 0


def _seconds(lifetime):
    return 'infinite' if lifetime is None else lifetime


def _to_stderr(line):
    """A line for the journal: dhcpcd hands the script's stderr to it."""
    sys.stderr.write(line + '\n')
    sys.stderr.flush()


def follow(env, now=None, paths=None, run=subprocess.run, log=None):
    """Run for one event of dhcpcd (its environment ``env``); returns the exit status."""
    paths = dict(PATHS, **(paths or {}))
    now = time.time() if now is None else now
    log = log or _to_stderr
    try:
        fact = delegation_from_dhcpcd(env, now, _read_json(paths['fact'], {}))
    except DelegationError as error:
        log('%s: %s (%s on %s); nothing changed' % (NAME, error, env.get('reason'), env.get('interface')))
        return 1
    if fact is None:
        return 0
    _write(paths['fact'], fact_text(fact))
    wanted = fact['prefix'] or ''
    if _read_text(paths['followed']) == wanted:
        return _follow_lifetimes(fact, paths, run, log) if wanted else 0
    was = fact['previous'] or 'none'
    what = ('the ISP delegated %s on %s (was %s)' % (wanted, fact['interface'], was) if wanted
            else 'the ISP delegates no prefix on %s any more (it was %s); the LANs keep their ULA'
            % (fact['interface'], was))
    done = []
    try:
        router = read_state('router', paths['router'])
        if router is None:
            log('%s: %s, but %s is missing: run site.yml once' % (NAME, what, paths['router']))
            return 1
        _follow_prefix(site_plan(router['site'], router['ula'], None, fact), router, paths, run, done)
    except STEP_ERRORS as error:
        log('%s: %s, but following it failed: %s%s; the next lease event tries again'
            % (NAME, what, error, ' (done before it: %s)' % '; '.join(done) if done else ''))
        return 1
    _write(paths['followed'], wanted)
    log('%s: %s: %s' % (NAME, what, '; '.join(done) or 'nothing to change'))
    return 0


# After the router's own addresses, in this order: the role whose state a step reads, and the step.
_STEPS = (
    ('radvd', lambda plan, state, run, paths: follow_radvd(plan, state, run)),
    ('dns_bind', lambda plan, state, run, paths: follow_dns(plan, state, run, paths['dns_bind_fact'])),
    ('dhcp46', lambda plan, state, run, paths: follow_dhcp(plan, state, run)),
    ('dns64_nat64', lambda plan, state, run, paths: follow_dns64(plan, state, run)),
)


def _follow_prefix(plan, router, paths, run, done):
    """Every file the new ``plan`` changes, of the roles that left the follower a state; what
    each step did goes into ``done`` as it goes, for the message when a later one fails."""
    did = follow_addresses(plan, router, run)
    done += [did] if did else []
    for role, step in _STEPS:
        state = read_state(role, paths[role])
        did = step(plan, state, run, paths) if state is not None else None
        done += [did] if did else []


def main():
    """dhcpcd's script (the router role's prefix-follower calls it and exits with what it returns):
    one lease event at a time, since dhcpcd may run it again at once."""
    os.makedirs(os.path.dirname(PATHS['lock']), exist_ok=True)
    with open(PATHS['lock'], 'w', encoding='utf-8') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return follow(dict(os.environ))
