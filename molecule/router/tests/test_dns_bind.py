"""The dns_bind role and the nsupdate module, checked with dig and nsupdate from the client.

router-gw is the home resolver; router-client asks it over IPv6 (ULA and GUA) and IPv4.
"""

import json
import re

import pytest
from ansible_collections.homelab.ipv6.plugins.filter.site import fixed_address

from router_lab import CLIENT
from lab_helpers import dig, failing_playbook, module_on, run_playbook, stranger_on_link, wait_for

KEY_FILE = "/etc/bind/homelab-ddns.key"


@pytest.fixture(scope="module")
def home(plan):
    return next(lan for lan in plan["lans"] if lan["name"] == "home")


@pytest.fixture(scope="module")
def nas(plan):
    return next(host for host in plan["hosts"] if host["name"] == "nas")


@pytest.fixture(scope="module")
def resolver(home, router, client):
    """router-gw's addresses on the home LAN, by family: what the client asks.

    Right after a boot named may still be finding the addresses the router role adds, so
    each one is waited for, within a bound.
    """
    ipv4 = json.loads(router.check_output("ip -j -4 address show dev eth1"))[0]["addr_info"][0]["local"]
    addresses = {"ula": fixed_address(home["ula_prefix"], "::100"), "gua": fixed_address(home["gua_prefix"], "::100"),
                 "ipv4": ipv4}
    for address in addresses.values():
        assert wait_for(lambda address=address: client.run(
            f"dig +tries=1 +time=1 +short @{address} SOA home.arpa").stdout.strip(), timeout=60), address
    return addresses


def the_key(router):
    text = router.file(KEY_FILE).content_string
    return re.search(r'secret "([^"]+)"', text)[1]


@pytest.mark.parametrize("family", ["ula", "gua", "ipv4"])
def test_static_host_records_answer_over_ipv6_and_ipv4(client, resolver, nas, family):
    server = resolver[family]
    assert dig(client, server, "AAAA", "nas.home.arpa") == ("NOERROR", sorted([nas["ula_address"], nas["gua_address"]]))
    assert dig(client, server, "A", "nas.home.arpa") == ("NOERROR", ["198.18.21.10"])
    assert dig(client, server, "-x", nas["ula_address"]) == ("NOERROR", ["nas.home.arpa."])
    assert dig(client, server, "-x", "198.18.21.10") == ("NOERROR", ["nas.home.arpa."])


def test_records_from_dns_bind_records(client, resolver):
    assert dig(client, resolver["ula"], "CNAME", "files.home.arpa") == ("NOERROR", ["nas.home.arpa."])
    assert dig(client, resolver["ula"], "MX", "home.arpa") == ("NOERROR", ["10", "router-gw.home.arpa."])


def test_the_gua_reverse_zone_is_not_served_unless_asked(client, resolver, nas):
    # dns_bind_gua_reverse is off in this lab: the GUA's PTR is the ISP's business, so no answer here.
    status, data = dig(client, resolver["ula"], "+norecurse", "-x", nas["gua_address"])
    assert data == [] and status in ("NOERROR", "NXDOMAIN", "REFUSED", "SERVFAIL")


@pytest.fixture
def stranger(client, router):
    with stranger_on_link(client, router) as address:
        yield address


def test_queries_from_outside_the_lan_acl_are_refused(client, resolver, stranger):
    assert dig(client, resolver["ula"], "AAAA", "nas.home.arpa", source=stranger)[0] == "REFUSED"
    assert dig(client, resolver["ula"], "A", "www.example.com", source=stranger)[0] == "REFUSED"


def test_recursion_is_allowed_from_the_lan(client, resolver):
    # The lab has no upstream (its forwarder is an address nobody answers on), so the
    # answer is SERVFAIL: named tried, where it refused the stranger outright.
    assert dig(client, resolver["ula"], "A", "www.example.com", timeout=30)[0] == "SERVFAIL"


def test_named_listens_on_lan_addresses_not_on_the_uplink(router, resolver):
    listening = router.check_output("ss -Hlnu 'sport = :53'")
    for family in ("ula", "gua", "ipv4"):
        assert resolver[family] in listening
    outside = json.loads(router.check_output("ip -j -4 address show dev eth0"))[0]["addr_info"][0]["local"]
    assert outside not in listening


def test_the_key_is_readable_by_root_and_named_only(router):
    key = router.file(KEY_FILE)
    assert (key.user, key.group, key.mode) == ("root", "bind", 0o640)


def test_named_runs_and_starts_at_boot(router):
    assert router.service("named").is_running and router.service("named").is_enabled


def nsupdate_from_the_client(router, resolver, records, *options):
    return module_on(CLIENT, "homelab.ipv6.nsupdate", {
        "server": resolver["ula"], "key_name": "homelab-ddns", "key_secret": the_key(router),
        "zone": "home.arpa", "ptr": True, "records": records}, *options)


def test_module_round_trip_add_query_delete(client, router, resolver, home):
    address = fixed_address(home["ula_prefix"], "::77")
    record = {"name": "laptop", "type": "AAAA", "values": [address]}
    checked = nsupdate_from_the_client(router, resolver, [record], "--check")
    assert checked["changed"] and dig(client, resolver["ula"], "AAAA", "laptop.home.arpa")[1] == []

    added = nsupdate_from_the_client(router, resolver, [record], "--diff")
    assert added["changed"], added
    assert the_key(router) not in json.dumps(added)
    assert dig(client, resolver["ula"], "AAAA", "laptop.home.arpa") == ("NOERROR", [address])
    assert dig(client, resolver["ula"], "-x", address) == ("NOERROR", ["laptop.home.arpa."])
    assert not nsupdate_from_the_client(router, resolver, [record])["changed"]

    removed = nsupdate_from_the_client(router, resolver, [dict(record, state="absent")])
    assert removed["changed"]
    assert dig(client, resolver["ula"], "AAAA", "laptop.home.arpa") == ("NXDOMAIN", [])
    assert dig(client, resolver["ula"], "-x", address)[1] == []


def transferred(client, resolver, zone, key=None):
    """The records of a zone transfer from the client, signed with ``key`` when given, and
    whether dig said the transfer failed."""
    signed = f"-y hmac-sha256:homelab-ddns:{key} " if key else ""
    answer = client.run(f"dig +tries=1 +time=5 {signed}@{resolver['ula']} AXFR {zone}")
    records = [line.split() for line in answer.stdout.splitlines() if line and not line.startswith(";")]
    return records, "Transfer failed" in answer.stdout


def test_the_key_may_transfer_the_zones_and_nobody_else_may(client, router, resolver):
    records, failed = transferred(client, resolver, "home.arpa")
    assert failed and records == []
    records, failed = transferred(client, resolver, "home.arpa", the_key(router))
    assert not failed and [record[3] for record in records].count("SOA") == 2


@pytest.mark.first_verify_only(
    "how the module takes a large change; a restart changes neither it nor named's update handling")
def test_a_small_office_goes_in_one_task_and_comes_out_in_another(client, router, resolver, home):
    """600 hosts with PTRs: the reverse zone takes more than one UPDATE, and every RRset is
    read by a zone transfer; a second run writes nothing; all of them go again in one task."""
    hosts = {f"office{number:03d}": fixed_address(home["ula_prefix"], f"::5e:{number:x}") for number in range(600)}
    records = [{"name": name, "type": "AAAA", "values": [address]} for name, address in hosts.items()]
    key = the_key(router)
    added = nsupdate_from_the_client(router, resolver, records)
    assert added["changed"] and len(added["changes"]) == 1200, added.get("msg")
    forward, _failed = transferred(client, resolver, "home.arpa", key)
    assert {(record[0], record[4]) for record in forward if record[3] == "AAAA"} >= {
        (f"{name}.home.arpa.", address) for name, address in hosts.items()}
    assert dig(client, resolver["ula"], "-x", hosts["office599"]) == ("NOERROR", ["office599.home.arpa."])

    again = nsupdate_from_the_client(router, resolver, records)
    assert not again["changed"] and again["changes"] == []

    removed = nsupdate_from_the_client(router, resolver, [dict(record, state="absent") for record in records])
    assert removed["changed"] and len(removed["changes"]) == 1200, removed.get("msg")
    forward, _failed = transferred(client, resolver, "home.arpa", key)
    assert not [record for record in forward if record[0].startswith("office")]
    assert dig(client, resolver["ula"], "-x", hosts["office000"])[1] == []


def test_a_wrong_secret_is_one_sentence_without_the_secret(router, resolver):
    wrong = "d3Jvbmctd3Jvbmctd3Jvbmctd3Jvbmctd3Jvbmctd3I="
    result = module_on(CLIENT, "homelab.ipv6.nsupdate", {
        "server": resolver["ula"], "key_name": "homelab-ddns", "key_secret": wrong, "zone": "home.arpa",
        "records": [{"name": "x", "values": ["fd00::1"]}]})
    assert result["failed"]
    assert "BADSIG" in result["msg"] or "BADKEY" in result["msg"] or "NOTAUTH" in result["msg"], result["msg"]
    assert "zone home.arpa, key homelab-ddns" in result["msg"]
    assert wrong not in json.dumps(result) and the_key(router) not in json.dumps(result)


@pytest.mark.first_verify_only("a converge of dns.yml, which no restart changes")
def test_a_record_added_by_hand_survives_a_reconverge(client, router, resolver):
    router.check_output(
        f"printf 'server ::1\\nzone home.arpa\\nupdate add scanner.home.arpa 300 A 198.18.21.50\\nsend\\n'"
        f" | nsupdate -k {KEY_FILE}")
    assert dig(client, resolver["ula"], "A", "scanner.home.arpa") == ("NOERROR", ["198.18.21.50"])
    run = run_playbook("dns.yml")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert dig(client, resolver["ula"], "A", "scanner.home.arpa") == ("NOERROR", ["198.18.21.50"])
    # The zone lives on in its journal; the role did not write the file again.
    assert router.file("/var/lib/bind/db.home.arpa.jnl").exists


BROKEN = {
    "forwarder": ({"dns_bind_forwarders": ["resolver.example"]},
                  "dns_bind_forwarders has 'resolver.example', which is not an IP address"),
    # No type is an AAAA, as for the nsupdate module, and 'nas' is no address.
    "record": ({"dns_bind_records": [{"name": "www", "values": ["nas"]}]},
               "dns_bind_records[0].values[0] is 'nas', which is not AAAA record data"),
    "record type": ({"dns_bind_records": [{"name": "www", "type": "AAAAA", "values": ["2001:db8::1"]}]},
                    "dns_bind_records[0].type is 'AAAAA', which is not a DNS record type"),
    "ttl": ({"dns_bind_ttl": -5}, "dns_bind_ttl: -5 is not a number of seconds from 0 to 2147483647"),
}


@pytest.mark.first_verify_only("bad input, which no restart changes")
@pytest.mark.parametrize("case", BROKEN)
def test_broken_dns_bind_variable_fails_before_the_live_files_change(router, case):
    extra_vars, message = BROKEN[case]
    before = {path: router.file(path).sha256sum for path in
              ("/etc/bind/named.conf.options", "/etc/bind/named.conf.local")}
    output = failing_playbook("dns.yml", extra_vars)
    assert message in output, output[-3000:]
    assert {path: router.file(path).sha256sum for path in before} == before
    assert wait_for(lambda: router.service("named").is_running, timeout=5)
