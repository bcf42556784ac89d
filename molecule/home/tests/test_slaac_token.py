"""Site hosts that form their own addresses, with their iid as token (the slaac_token role):
home-server, Debian 12 as its installer leaves it (ifupdown, SLAAC on its one NIC), on the
IPv6-only LAN with iid ::20, holds the addresses DNS publishes for it, in the ULA and the GUA, and
a client that looks its name up reaches it there; after the restart of every container,
ifupdown's hook gives it the token again before its first advertisement. The PC next door
(systemd-networkd, Debian 12) is a host of that site with iid ::30. test_renumbering follows both
into a new prefix."""

import json

from ansible_collections.homelab.ipv6.plugins.filter.site import site_plan
from home_lab import NEIGHBOUR_PC, SERVER, SLAAC, answers, followed_delegation, own_addresses
from lab_helpers import wait_for

SERVER_NAME = f"{SERVER}.home.arpa"


def planned(plan):
    return next(host for host in plan["hosts"] if host["name"] == SERVER)


def test_the_server_holds_the_addresses_its_name_has_and_answers_there(lab_host, clients, lans, plan, home_resolver):
    server, asker, entry = lab_host(SERVER), clients[SLAAC], planned(plan)
    wanted = sorted([entry["ula_address"], entry["gua_address"]])
    # Its stable addresses in the LAN's prefixes (those formed before the token are deprecated).
    assert wait_for(lambda: own_addresses(server, lans["v6only"])[0] == wanted, timeout=60), \
        server.check_output("ip -6 address show dev eth0")
    assert answers(asker, home_resolver, "AAAA", SERVER_NAME) == wanted
    for address in wanted:
        assert asker.run(f"ping -c 1 -W 2 {address}").succeeded, address
        assert answers(asker, home_resolver, "-x", address) == [SERVER_NAME + "."], address


def test_the_token_is_the_kernels_and_ifupdown_sets_it_at_boot(lab_host):
    server = lab_host(SERVER)
    assert server.check_output("ip token get dev eth0") == "token ::20 dev eth0"
    hook = server.file("/etc/network/if-pre-up.d/homelab-ipv6-slaac-token")
    assert hook.is_file and hook.mode == 0o755 and "ip token set ::20 dev eth0" in hook.content_string


def test_the_device_watcher_leaves_a_site_host_to_the_inventory(lab_host):
    """The server's addresses are the inventory's records: the watcher names no device there."""
    state = json.loads(lab_host("home-gw").file("/var/lib/homelab-ipv6/device-names.json").content_string or "{}")
    assert SERVER not in json.dumps(state), state


def test_the_pc_next_door_holds_its_iid_in_its_sites_prefixes_by_networkd(neighbour, neighbour_site):
    router, pc = neighbour
    plan = site_plan(neighbour_site, None, None, followed_delegation(router))
    entry = next(host for host in plan["hosts"] if host["name"] == NEIGHBOUR_PC)
    wanted = sorted([entry["ula_address"], entry["gua_address"]])
    assert wait_for(lambda: own_addresses(pc, plan["lans"][0])[0] == wanted, timeout=60), \
        pc.check_output("ip -6 address show dev eth0")
    assert router.run(f"ping -c 1 -W 2 {entry['ula_address']}").succeeded
