"""The router and radvd roles, checked from the router, the "ISP" and a client on both LANs.

Runs after converge and again after every container was restarted (side_effect.yml).
"""

import ipaddress
import json
import re

import pytest
from ansible_collections.homelab.ipv6.plugins.filter.addresses import eui64
from ansible_collections.homelab.ipv6.plugins.filter.site import fixed_address

from router_lab import CLIENT, ISP, ROUTER
from lab_helpers import address_in, failing_playbook, global_addresses, link_local, module_on, run_playbook, wait_for

# The client's interfaces, and the router's, on each LAN.
CLIENT_INTERFACE = {"home": "eth0", "iot": "eth1"}


@pytest.fixture(scope="module")
def lans(plan):
    return {lan["name"]: lan for lan in plan["lans"]}


def mac(host, interface):
    return host.file(f"/sys/class/net/{interface}/address").content_string.strip()


def rdisc6(host, interface):
    """The router advertisement on a link, as rdisc6 prints it: (field, value) pairs in order."""
    answer = host.run(f"rdisc6 -1 -w 3000 {interface}")
    assert answer.rc == 0, answer.stderr
    return [(match[1].strip(), match[2].strip())
            for match in re.finditer(r"^\s*([^:\n]+?)\s*:\s*(.*)$", answer.stdout, re.MULTILINE)]


# Each router, its fixed interface id, and the LANs it serves.
ROUTERS = {
    ROUTER: ("::100", ["home", "iot"]),
    "router-nd": ("::1", ["home"]),
    "router-ifup": ("::2", ["home"]),
}
LAN_INTERFACE = {"home": "eth1", "iot": "eth2"}


@pytest.mark.parametrize("name", ROUTERS)
def test_router_forwards(lab_host, name):
    assert lab_host(name).sysctl("net.ipv6.conf.all.forwarding") == 1


def test_router_uplink_keeps_learning_ras_while_forwarding(router):
    # router-nd's RAs are read by systemd-networkd, which keeps the kernel's accept_ra at 0.
    assert router.sysctl("net.ipv6.conf.eth0.accept_ra") == 2


@pytest.mark.parametrize("name", ROUTERS)
def test_router_keeps_its_slaac_address_from_the_isp_with_its_token(lab_host, scenario_vars, name):
    # SLAAC with the token, beside forwarding: the address follows the ISP's prefix.
    # (The address script flushes SLAAC addresses formed before the token was set.)
    host = lab_host(name)
    expected = fixed_address(scenario_vars["lab_isp_prefix"], ROUTERS[name][0])
    slaac = wait_for(lambda: expected in global_addresses(host, interface="eth0", flags="dynamic -tentative"), timeout=30)
    assert slaac, global_addresses(host, interface="eth0")


@pytest.mark.parametrize("name", ROUTERS)
def test_router_keeps_the_isp_default_route(lab_host, name):
    isp = link_local(lab_host(ISP), "eth0")
    host = lab_host(name)
    routes = wait_for(lambda: json.loads(host.check_output("ip -j -6 route show default")), timeout=30)
    assert [(route.get("gateway"), route["dev"], route["protocol"]) for route in routes] == [(isp, "eth0", "ra")]


@pytest.mark.parametrize("name", ROUTERS)
def test_router_has_its_fixed_address_in_every_lan_prefix(lab_host, lans, name):
    host = lab_host(name)
    iid, served = ROUTERS[name]
    for lan in served:
        expected = sorted(fixed_address(prefix, iid) for prefix in lans[lan]["prefixes"])
        assert wait_for(lambda: sorted(global_addresses(host, interface=LAN_INTERFACE[lan], flags="-tentative")) == expected,
                        timeout=10), global_addresses(host, interface=LAN_INTERFACE[lan])


@pytest.mark.parametrize("name, reapply", [
    # networkd owns the addresses: reconfiguring the link puts them back.
    ("router-nd", "networkctl reconfigure eth1 && networkctl reconfigure eth0"),
    # ifupdown runs the role's if-up.d hook when it brings the interface up again.
    ("router-ifup", "ifdown eth1 && ifup eth1"),
])
def test_the_network_stack_itself_restores_the_fixed_addresses(lab_host, lans, name, reapply):
    host = lab_host(name)
    host.check_output(f"ip -6 address flush dev eth1 scope global && {reapply}")
    expected = sorted(fixed_address(prefix, ROUTERS[name][0]) for prefix in lans["home"]["prefixes"])
    assert wait_for(lambda: sorted(global_addresses(host, interface="eth1")) == expected, timeout=20), \
        global_addresses(host, interface="eth1")


def test_radvd_runs_and_starts_at_boot(router):
    radvd = router.service("radvd")
    assert radvd.is_running and radvd.is_enabled


def test_slaac_lan_client_forms_its_eui64_addresses(client, lans):
    expected = sorted(eui64(mac(client, "eth0"), prefix) for prefix in lans["home"]["prefixes"])
    slaac = wait_for(lambda: sorted(global_addresses(client, interface="eth0", flags="dynamic")) == expected
                     and expected, timeout=30)
    assert slaac == expected, global_addresses(client, interface="eth0")


def test_slaac_lan_client_routes_through_the_router(client, router):
    routes = wait_for(lambda: json.loads(client.check_output("ip -j -6 route show default dev eth0")), timeout=30)
    assert [route.get("gateway") for route in routes] == [link_local(router, "eth1")]


def test_stateful_lan_gives_no_slaac_address(client, lans):
    # The iot RA has arrived (it gave the default route) ...
    assert wait_for(lambda: json.loads(client.check_output("ip -j -6 route show default dev eth1")), timeout=30)
    # ... and its prefixes have A=0: addresses there come from DHCPv6 only, as /128s; a
    # SLAAC address would carry the advertised /64.
    links = json.loads(client.check_output("ip -j -6 address show dev eth1 scope global"))
    slaac = [info["local"] for link in links for info in link["addr_info"] if info.get("prefixlen") == 64]
    assert address_in(slaac, [ipaddress.ip_network(p) for p in lans["iot"]["prefixes"]]) is None, slaac


@pytest.mark.parametrize("lan, managed, other, autonomous", [
    ("home", "No", "No", "Yes"),
    ("iot", "Yes", "Yes", "No"),
])
def test_advertisement_flags_follow_the_lan_mode(client, lans, lan, managed, other, autonomous):
    fields = rdisc6(client, CLIENT_INTERFACE[lan])
    assert ("Stateful address conf.", managed) in fields
    assert ("Stateful other conf.", other) in fields
    assert ("Router preference", "high") in fields
    prefixes = [value for key, value in fields if key == "Prefix"]
    assert sorted(prefixes) == sorted(lans[lan]["prefixes"])
    assert [value for key, value in fields if key == "Autonomous address conf."] == [autonomous] * len(prefixes)


@pytest.mark.parametrize("lan", ["home", "iot"])
def test_advertisements_name_the_home_resolver_and_domain(client, lans, lan):
    fields = rdisc6(client, CLIENT_INTERFACE[lan])
    assert ("Recursive DNS server", fixed_address(lans[lan]["ula_prefix"], "::100")) in fields
    assert ("DNS search list", "home.arpa") in fields


def test_ufw_is_active_with_ipv6_and_default_deny(router):
    status = router.check_output("ufw status verbose")
    assert "Status: active" in status
    assert "Default: deny (incoming), allow (outgoing), deny (routed)" in status
    assert "IPV6=yes" in router.file("/etc/default/ufw").content_string.splitlines()


def test_ufw_rule_for_ipv6_only_has_no_ipv4_twin(router):
    v6 = router.file("/etc/ufw/user6.rules").content_string
    v4 = router.file("/etc/ufw/user.rules").content_string
    assert "### tuple ### allow tcp 443 ::/0 any ::/0 in comment=" in v6
    assert "### tuple ### allow tcp 443 " not in v4
    # SSH has both, on purpose.
    assert "### tuple ### allow tcp 22 ::/0 any ::/0 in" in v6
    assert "### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in" in v4


def test_ping6_between_client_and_router_through_default_deny(client, router, lans):
    router_address = fixed_address(lans["home"]["ula_prefix"], "::100")
    client_address = eui64(mac(client, "eth0"), lans["home"]["ula_prefix"])
    for source, target in ((client, router_address), (router, client_address)):
        ping = source.run(f"ping -6 -c 2 -W 2 {target}")
        assert ping.rc == 0, ping.stdout + ping.stderr


@pytest.mark.parametrize("name", [ROUTER, "router-ifup"])
def test_reapplying_the_addresses_changes_nothing(lab_host, name):
    assert lab_host(name).check_output("/usr/local/sbin/homelab-ipv6-addresses") == ""


BROKEN = {
    "radvd_max_interval": (
        {"radvd_max_interval": 2},
        "radvd_max_interval is 2; RFC 4861 allows 4 to 1800 seconds"),
    "radvd_rdnss": (
        {"radvd_rdnss": ["ff02::1"]}, "radvd_rdnss[0]: 'ff02::1' is not a unicast IPv6 address"),
    "radvd_dnssl": (
        {"radvd_dnssl": ["home arpa"]},
        "radvd_dnssl[0]: 'home arpa' is not a domain name (labels of letters, digits and -, such as home.arpa)"),
    "fc01 prefix": (
        {"homelab_site": {"domain": "home.arpa", "ula": "fc01::/48",
                          "lans": [{"name": "home", "interface": "eth1", "subnet_id": 1}]}},
        "homelab_site.ula: ULA prefix 'fc01::/48' is in fc00::/8, where the L bit is 0"),
}


@pytest.mark.first_verify_only("bad input, which no restart changes")
@pytest.mark.parametrize("case", BROKEN)
def test_broken_radvd_variable_fails_before_the_live_file_changes(router, case):
    extra_vars, message = BROKEN[case]
    before = router.file("/etc/radvd.conf").sha256sum
    output = failing_playbook("radvd.yml", extra_vars)
    assert message in output, output[-3000:]
    assert router.file("/etc/radvd.conf").sha256sum == before
    assert router.service("radvd").is_running


@pytest.mark.first_verify_only("bad input, which no restart changes")
def test_a_misspelt_radvd_variable_is_named_and_changes_nothing(router):
    before = router.file("/etc/radvd.conf").sha256sum
    run = run_playbook("radvd.yml", {"radvd_max_intervall": 30})
    assert run.returncode == 0, run.stdout[-3000:]
    assert ("radvd_max_intervall is set, but the radvd role has no such variable, so it does nothing; "
            "did you mean radvd_max_interval?") in " ".join((run.stdout + run.stderr).split()), run.stderr[-3000:]
    assert router.file("/etc/radvd.conf").sha256sum == before


@pytest.mark.first_verify_only("bad input, which no restart changes")
@pytest.mark.parametrize("extra_vars, message", [
    ({"router_firewall_ssh_port": 70000},
     "router_firewall_ssh_port: 70000 is not a port; give a number from 0 to 65535 (0 for none)"),
    ({"router_firewall_rules": [{"proto": "tcp", "to_port": "https"}]},
     "router_firewall_rules[0].to_port: 'https' is not a port, a range such as 6000:6007, or a comma list of them"),
])
def test_broken_router_firewall_variable_fails_before_ufw_changes(router, extra_vars, message):
    before = router.check_output("ufw status verbose")
    output = failing_playbook("converge.yml", extra_vars)
    assert message in output, output[-3000:]
    assert router.check_output("ufw status verbose") == before


@pytest.mark.first_verify_only("bad input, which no restart changes")
def test_radvd_on_a_host_that_does_not_forward_says_why_before_installing(client):
    output = failing_playbook("radvd-elsewhere.yml", {"lab_target": CLIENT, "radvd_lans": ["home"]})
    assert ("net.ipv6.conf.all.forwarding is 0 on router-client, and radvd will not start on a host that "
            "does not forward IPv6; apply the homelab.ipv6.router role first") in output, output[-3000:]
    assert not client.package("radvd").is_installed


def test_dhcpv6_reaches_the_router_through_default_deny(client, router):
    # The lab's DHCPv6 server (dhcp46) answers on the stateful LAN; an Information-request
    # to ff02::1:2 needs the router's 547 rule to get through ufw's default deny.
    assert "Default: deny (incoming)" in router.check_output("ufw status verbose")
    client.run("dhclient -6 -x -pf /run/lab-inforequest.pid eth1")
    answer = client.run("timeout 30 dhclient -6 -1 -S -v -pf /run/lab-inforequest.pid "
                        "-lf /run/lab-inforequest.leases eth1")
    client.run("dhclient -6 -x -pf /run/lab-inforequest.pid eth1")
    assert answer.rc == 0 and "RCV: Reply" in answer.stderr + answer.stdout, answer.stdout + answer.stderr


def ufw6_on_the_router(arguments, *options):
    """Run homelab.ipv6.ufw6 on the router through Ansible; return its result."""
    result = module_on(ROUTER, "homelab.ipv6.ufw6", arguments, *options)
    assert not result.get("failed"), result
    return result


def test_ufw6_check_mode_plans_without_touching_ufw(router):
    before = router.file("/etc/ufw/user6.rules").sha256sum
    result = ufw6_on_the_router({"rules": [{"proto": "tcp", "to_port": "8443"}]}, "--check", "--diff")
    assert result["changed"]
    assert result["commands"] == ["ufw allow in proto tcp from ::/0 to ::/0 port 8443"]
    assert result["diff"]["after"].endswith("allow in proto tcp from ::/0 to ::/0 port 8443\n")
    assert router.file("/etc/ufw/user6.rules").sha256sum == before


def test_ufw6_reports_the_rules_it_reads_and_their_twins(router):
    result = ufw6_on_the_router({"rules": [{"proto": "tcp", "to_port": "443"}]})
    assert not result["changed"]
    rules = {rule["rule"]: rule["v4_twin"] for rule in result["rules"]}
    assert rules["allow in proto tcp from ::/0 to ::/0 port 443 comment lab - https over IPv6 only"] is False
    # SSH from each LAN only (IPv4 twin and all); nothing opens it on the uplink, as this run
    # did not come over SSH.
    for interface, lan in (("eth1", "home"), ("eth2", "iot")):
        assert rules[f"allow in on {interface} proto tcp from ::/0 to ::/0 port 22 "
                     f"comment homelab.ipv6.router - ssh from {lan}"] is True
    assert not [rule for rule in rules if "port 22 " in rule and " on eth1 " not in rule and " on eth2 " not in rule]
