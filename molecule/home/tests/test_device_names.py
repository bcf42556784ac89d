"""Names for the devices nobody typed into the inventory (dhcp46's device watcher, on home-gw).

home-phone is on the guest LAN (slaac) as an Android phone is: SLAAC with privacy extensions,
so it talks from temporary addresses, and a DHCPv4 lease with its hostname, no DHCPv6. The
watcher names its stable addresses, ULA and GUA, after that lease. home-v6client (IPv6 only, no
DHCP) announces itself by mDNS, as a printer does, and is named so; home-mostly (no DHCPv4
lease, no mDNS) tells nobody its name and gets none. The watcher's own key writes AAAA and PTR
records only, never over a name of the inventory."""

import ipaddress
import json

import pytest
from home_lab import GATEWAY, MOSTLY, PHONE, SLAAC, answers, first_answer, lease_addresses, own_addresses
from lab_helpers import last_round_sent, wait_for

PHONE_NAME = f"{PHONE}.home.arpa"
UNIT = "homelab-ipv6-device-names.service"
KEY = "/etc/homelab-ipv6/device-names.key"
# Where the phone's owner gives it another name to send.
RENAMED = "/etc/systemd/network/50-lab-client.network.d/renamed.conf"
# A second device on the guest LAN, made on the phone's link for one test, and its DHCPv4 client's settings.
PHONE_MAC, TWIN, TWIN_MAC, TWIN_CONFIG = "02:00:5e:00:53:54", "lab-twin", "02:00:5e:00:53:99", "/run/lab-twin-dhclient.conf"
# What the resolver says of a name nobody published.
NONE = "NXDOMAIN"


def watcher_journal(lab_host):
    """What the device watcher on the gateway has said, all of it."""
    return lab_host(GATEWAY).run(f"journalctl -u {UNIT} --no-pager -o cat").stdout


def test_the_phone_is_named_at_its_stable_addresses_never_a_temporary_one(clients, lans, home_resolver):
    phone, guest = clients[PHONE], lans["guest"]
    stable, temporary = own_addresses(phone, guest)
    assert len(stable) == len(guest["prefixes"]) == 2, stable
    assert temporary, "the phone has no temporary address: privacy extensions are off, the lab is not as it should be"
    assert wait_for(lambda: answers(phone, home_resolver, "AAAA", PHONE_NAME) == stable, timeout=60), \
        (answers(phone, home_resolver, "AAAA", PHONE_NAME), stable)
    # A PTR may wait for its reverse zone (after a restart the resolver takes the GUA's a little later).
    for address in stable:
        assert wait_for(lambda: answers(phone, home_resolver, "-x", address) == [PHONE_NAME + "."], timeout=70), address
    for address in temporary:
        assert answers(phone, home_resolver, "-x", address) == NONE, address
    # Its IPv4 name is the DHCP server's, as it was.
    assert first_answer(phone, home_resolver, "A", PHONE_NAME) == lease_addresses(phone, 4)


def test_an_ipv6_only_device_is_named_after_its_mdns_announcement(clients, lans, home_resolver):
    """home-v6client has no DHCP at all; avahi announces it as home-v6client.local."""
    v6client = clients[SLAAC]
    stable, _temporary = own_addresses(v6client, lans["v6only"])
    assert len(stable) == 2, stable
    assert wait_for(lambda: answers(v6client, home_resolver, "AAAA", f"{SLAAC}.home.arpa") == stable, timeout=90), \
        (answers(v6client, home_resolver, "AAAA", f"{SLAAC}.home.arpa"), stable)
    for address in stable:
        assert wait_for(lambda: answers(v6client, home_resolver, "-x", address) == [f"{SLAAC}.home.arpa."], timeout=70), \
            address


def test_a_device_that_tells_no_name_stays_unnamed(clients, home_resolver):
    """home-mostly takes no DHCPv4 lease (option 108) and runs no mDNS responder."""
    mostly = clients[MOSTLY]
    mostly.run("ping -c 1 -W 2 ff02::1%eth0")
    assert answers(mostly, home_resolver, "AAAA", f"{MOSTLY}.home.arpa") in (NONE, [])


def test_the_watcher_never_crashes_and_its_last_round_sent_its_records(lab_host):
    """After the restart of every container its first round may fail (the LAN addresses are not
    up yet: no route to the resolver); the next round, ten seconds on, sends what it could not."""
    assert wait_for(lambda: last_round_sent(watcher_journal(lab_host)), timeout=60), watcher_journal(lab_host)[-3000:]
    assert "Traceback" not in watcher_journal(lab_host), watcher_journal(lab_host)[-3000:]


def answers_from_gateway(clients, resolver):
    """The phone's AAAA, asked by another client of the home (the phone is away)."""
    return answers(clients[SLAAC], resolver, "AAAA", PHONE_NAME)


def nsupdate(gateway, *lines):
    """What nsupdate says of one update signed with the device watcher's key, sent to the resolver."""
    script = "\\n".join(("server ::1",) + lines + ("send",))
    return gateway.run(f"printf '{script}\\n' | nsupdate -k {KEY}")


def test_the_watchers_key_writes_aaaa_and_ptr_but_nothing_of_the_inventory(lab_host, plan, lans):
    gateway = lab_host(GATEWAY)
    nas = next(host for host in plan["hosts"] if host["name"] == "nas")
    spare = str(ipaddress.ip_network(lans["guest"]["ula_prefix"])[0xdead])
    refused = [
        ("update add nas.home.arpa. 60 AAAA %s" % spare, "an inventory host's AAAA"),
        ("update add device-test.home.arpa. 60 A 198.18.52.250", "an A record"),
        ("update add home.arpa. 60 NS gw.home.arpa.", "the zone's NS"),
        ("update delete %s PTR" % ipaddress.ip_address(nas["ula_address"]).reverse_pointer, "an inventory host's PTR"),
    ]
    for line, what in refused:
        said = nsupdate(gateway, line)
        assert said.rc != 0 and "REFUSED" in said.stdout + said.stderr, (what, said.stdout, said.stderr)
    assert answers(gateway, "::1", "AAAA", "nas.home.arpa") == sorted([nas["ula_address"], nas["gua_address"]])
    # A device's AAAA is what the key is for.
    said = nsupdate(gateway, "update add device-test.home.arpa. 60 AAAA %s" % spare)
    assert said.rc == 0, said.stdout + said.stderr
    assert answers(gateway, "::1", "AAAA", "device-test.home.arpa") == [spare]
    said = nsupdate(gateway, "update delete device-test.home.arpa. AAAA")
    assert said.rc == 0, said.stdout + said.stderr


@pytest.mark.first_verify_only("a device leaving and coming back needs no restart to change it")
def test_a_device_that_leaves_loses_its_name_and_gets_it_back_when_it_returns(clients, lans, home_resolver,
                                                                              scenario_config):
    phone, resolver = clients[PHONE], lans["home"]["dns_servers"][0]
    forget_after = scenario_config["provisioner"]["inventory"]["host_vars"][GATEWAY]["dhcp46_device_names_forget_after"]
    stable, _temporary = own_addresses(phone, lans["guest"])
    assert wait_for(lambda: answers(phone, home_resolver, "AAAA", PHONE_NAME) == stable, timeout=60)
    # The phone leaves (its link goes down); the resolver is asked from the gateway meanwhile.
    phone.run("ip link set dev eth0 down")
    try:
        gone = wait_for(lambda: answers_from_gateway(clients, resolver) in (NONE, []), timeout=forget_after + 60)
    finally:
        phone.run("ip link set dev eth0 up")
    assert gone, answers_from_gateway(clients, resolver)
    for address in stable:
        assert answers(clients[SLAAC], home_resolver, "-x", address) == NONE, address
    assert wait_for(lambda: answers(phone, home_resolver, "AAAA", PHONE_NAME) == own_addresses(phone, lans["guest"])[0],
                    timeout=90), answers(phone, home_resolver, "AAAA", PHONE_NAME)


@pytest.mark.first_verify_only("a device renamed and named back needs no restart to change it")
def test_a_device_that_takes_an_inventory_name_gets_no_record_and_the_owner_keeps_its_own(
        clients, lab_host, plan, lans, home_resolver):
    """The phone's owner renames it nas, which is a host of the inventory (networkd sends the
    name its .network gives, as a phone sends the name its owner set): its DHCPv4 lease says
    nas, the watcher publishes nothing for it (and drops the phone's old name), nas keeps its
    records; named back, the phone gets its name again."""
    phone = clients[PHONE]
    nas = next(host for host in plan["hosts"] if host["name"] == "nas")
    nas_aaaa = sorted([nas["ula_address"], nas["gua_address"]])
    stable, _temporary = own_addresses(phone, lans["guest"])
    assert wait_for(lambda: answers(phone, home_resolver, "AAAA", PHONE_NAME) == stable, timeout=60)
    try:
        phone.check_output(f"mkdir -p {RENAMED.rsplit('/', 1)[0]} && printf '[DHCPv4]\\nHostname=nas\\n' > {RENAMED} "
                           "&& networkctl reload && networkctl renew eth0")
        assert wait_for(lambda: answers(phone, home_resolver, "AAAA", PHONE_NAME) in (NONE, []), timeout=60), \
            answers(phone, home_resolver, "AAAA", PHONE_NAME)
        assert answers(phone, home_resolver, "AAAA", "nas.home.arpa") == nas_aaaa
        journal = watcher_journal(lab_host)
        assert "nas is taken (a host of the inventory, or a DHCPv6 client): 02:00:5e:00:53:54 gets none" in journal, \
            journal[-2000:]
    finally:
        phone.run(f"rm -f {RENAMED} && networkctl reload && networkctl renew eth0")
    assert answers(phone, home_resolver, "AAAA", "nas.home.arpa") == nas_aaaa
    assert wait_for(lambda: answers(phone, home_resolver, "AAAA", PHONE_NAME) == stable, timeout=60), \
        answers(phone, home_resolver, "AAAA", PHONE_NAME)


@pytest.mark.first_verify_only("a second device on the LAN for a minute needs no restart to be refused")
def test_a_second_device_that_takes_the_phones_name_gets_no_record_and_the_phone_keeps_its_own(
        clients, lab_host, lans, home_resolver):
    """Another device on the guest LAN, a MAC of its own (a macvlan of the phone's link, whose
    kernel numbers it by SLAAC, EUI-64), takes a DHCPv4 lease that says home-phone: the watcher
    refuses it the name the phone holds, the phone keeps its AAAA and its A, and the other
    device's addresses get no name."""
    phone, guest = clients[PHONE], lans["guest"]
    stable, _temporary = own_addresses(phone, guest)
    assert wait_for(lambda: answers(phone, home_resolver, "AAAA", PHONE_NAME) == stable, timeout=60)
    ipv4 = first_answer(phone, home_resolver, "A", PHONE_NAME)
    dhclient = f"dhclient -4 -sf /bin/true -cf {TWIN_CONFIG} -pf /run/lab4-{TWIN}.pid -lf /run/lab4-{TWIN}.leases {TWIN}"
    phone.check_output(f"ip link add {TWIN} link eth0 address {TWIN_MAC} type macvlan mode bridge && "
                       f"sysctl -qw net.ipv6.conf.{TWIN}.accept_ra=1 net.ipv6.conf.{TWIN}.autoconf=1 && "
                       f"ip link set {TWIN} up && printf 'send host-name \"{PHONE}\";\n' > {TWIN_CONFIG}")
    try:
        def twin_stable():
            return own_addresses(phone, guest, TWIN)[0]
        assert wait_for(lambda: len(twin_stable()) == 2, timeout=30), phone.check_output(f"ip -6 address show dev {TWIN}")
        leased = phone.run(f"timeout 30 {dhclient} -1")
        assert leased.rc == 0, leased.stdout + leased.stderr

        def refused():
            return f"{PHONE} is {PHONE_MAC}'s: {TWIN_MAC} gets none" in watcher_journal(lab_host)
        assert wait_for(refused, timeout=60), watcher_journal(lab_host)[-2000:]
        assert answers(phone, home_resolver, "AAAA", PHONE_NAME) == stable
        assert first_answer(phone, home_resolver, "A", PHONE_NAME) == ipv4
        for address in twin_stable():
            assert answers(phone, home_resolver, "-x", address) == NONE, address
    finally:
        phone.run(f"{dhclient} -r; ip link del {TWIN}")
        # The device has left: the gateway forgets its neighbour entries (the report counts a device there).
        gateway = lab_host(GATEWAY)
        for entry in json.loads(gateway.check_output("ip -j -6 neigh show")):
            if entry.get("lladdr") == TWIN_MAC:
                gateway.run(f"ip -6 neigh del {entry['dst']} dev {entry['dev']}")


def test_the_address_plan_report_lists_the_named_devices_and_where_their_names_came_from(address_plan):
    page = (address_plan / "address-plan.md").read_text()
    devices = page[page.index("## Devices named by the device watcher"):]
    assert f"| {PHONE_NAME} | guest | 02:00:5e:00:53:54 |" in devices and "| its DHCPv4 lease |" in devices, devices
    assert f"| {SLAAC}.home.arpa | v6only | 02:00:5e:00:53:53 |" in devices and "| its mDNS name |" in devices, devices
