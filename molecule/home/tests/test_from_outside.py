"""The gateway seen from outside the home: a stranger on the ISP's network and a host on the
Internet find nothing open but what a variable opens (SSH from the LANs, and on the uplink
only from the address an Ansible run over the WAN came from), while ICMPv6 that IPv6 needs
(echo, Packet Too Big; RFC 4890) passes. And the advertisements' lifetimes, read by rdisc6
on a client."""

import re
import subprocess

import pytest
from ansible_collections.homelab.ipv6.plugins.filter.site import fixed_address

from home_lab import connects, gua_source, listener
from lab_helpers import EPHEMERAL, global_addresses, run_playbook, wait_for

SSH_KEY = EPHEMERAL / "lab_ssh_key"
USER_RULES = "/etc/ufw/user.rules /etc/ufw/user6.rules"
SSH_OPTIONS = "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=5 -o BatchMode=yes"


def listening(gateway, port, proto="t"):
    """The addresses the gateway's daemons listen on for a port (wildcards left out)."""
    lines = gateway.check_output(f"ss -Hln{proto} 'sport = :{port}'").splitlines()
    addresses = {re.sub(r"%\S+$", "", line.split()[3].rsplit(":", 1)[0].strip("[]")) for line in lines}
    return sorted(addresses - {"*", "0.0.0.0", "::", "127.0.0.1", "::1", "127.0.0.53", "127.0.0.54"})


@pytest.fixture(scope="module")
def uplink(gateway, scenario_vars):
    """The gateway's addresses on the wan: IPv4, and its fixed address in the ISP's prefix."""
    return {"ipv4": global_addresses(gateway, family="inet", interface="eth0")[0],
            "ipv6": fixed_address(scenario_vars["lab_isp_prefix"], "::1")}


@pytest.fixture(scope="module")
def stranger(isp, plan, uplink):
    """The ISP host as a stranger on the wan, which also routes the site's ULA to the gateway,
    as any neighbour on the link could; the route is gone after the module."""
    ula = plan["ula"]
    isp.check_output(f"ip -6 route replace {ula} via {uplink['ipv6']} dev eth0")
    yield isp
    isp.run(f"ip -6 route del {ula} via {uplink['ipv6']} dev eth0")


@pytest.fixture(scope="module")
def gateway_addresses(gateway, uplink, lans):
    """Every address of the gateway: uplink, and its fixed ULA and GUA on each LAN."""
    lan_addresses = [fixed_address(prefix, "::1") for lan in lans.values() for prefix in lan["prefixes"]]
    return [uplink["ipv4"], uplink["ipv6"], *lan_addresses]


def test_ssh_answers_on_the_lan(gateway, client, lans):
    assert gateway.service("ssh").is_running
    assert connects(client, fixed_address(lans["home"]["ula_prefix"], "::1"), 22)


def answered(host, addresses, ports, timeout=3):
    """Which of the TCP ports and of DNS over UDP on the addresses answer host, all asked at
    once (a dropped probe costs its whole timeout): lines "tcp <address> <port>", "dns <address>"."""
    probes = [f"(timeout {timeout} bash -c '</dev/tcp/{a}/{p}' 2>/dev/null && echo 'tcp {a} {p}') &"
              for a in addresses for p in ports]
    # Any reply counts, REFUSED too; only silence is closed.
    probes += [f"(dig +tries=1 +time={timeout} @{a} SOA home.arpa | grep -q 'status:' && echo 'dns {a}') &"
               for a in addresses]
    return sorted(host.check_output(" ".join(probes) + " wait").splitlines())


def test_no_port_of_the_gateway_answers_a_stranger_on_the_wan_or_the_internet(
        gateway, client, stranger, web, gateway_addresses):
    dns = listening(gateway, 53, "u")
    # BIND on the LAN addresses and unbound's DNS64 address among them.
    assert any(address in dns for address in gateway_addresses[2:]), dns
    everything = sorted(set(gateway_addresses + dns))
    assert answered(stranger, everything, (22, 53)) == []
    assert answered(web, [a for a in everything if ":" in a and not a.startswith("fd")], (22, 53)) == []
    # The same probes from the LAN find SSH and DNS (the probes themselves work).
    home = [a for a in everything if a in gateway_addresses[2:4]]
    assert {line.split()[0] for line in answered(client, home, (22,))} == {"tcp", "dns"}, home


def test_no_dhcp_server_answers_on_the_wan(stranger):
    """No DHCPv4 or DHCPv6 server of the home answers a stranger's request on the wan. The ISP's
    own DHCPv6 server (the prefix delegation) would answer it, so it pauses for the 12 s of the
    requests, much less than the routers' leases live (they retry their renewal); the next tests
    need its routes of the delegations back as they were."""
    routes = "ip -6 route show proto static"
    delegated = stranger.check_output(routes)
    stranger.check_output("systemctl stop kea-dhcp6-server")
    try:
        ask_on_the_wan(stranger)
    finally:
        stranger.check_output("systemctl start kea-dhcp6-server")
        assert wait_for(lambda: stranger.check_output(routes) == delegated, timeout=45), \
            (delegated, stranger.check_output(routes), stranger.run("journalctl -t lab-isp --no-pager -n 20").stdout)


def ask_on_the_wan(stranger):
    runs = " ".join(f"(timeout 12 dhclient -{family} -1 {option} -v -pf /run/lab-stranger{family}.pid "
                    f"-lf /run/lab-stranger{family}.leases eth0 > /run/lab-stranger{family}.log 2>&1; "
                    f"echo rc{family}=$?) &" for family, option in ((6, "-S"), (4, "")))
    results = stranger.check_output(runs + " wait")
    for family in (4, 6):
        stranger.run(f"dhclient -{family} -x -pf /run/lab-stranger{family}.pid eth0")
        log = stranger.file(f"/run/lab-stranger{family}.log").content_string
        assert f"rc{family}=0" not in results, results + log
        assert "RCV: Reply" not in log and "DHCPACK" not in log, log


@pytest.fixture
def lan_listener(v6client):
    """A TCP listener on a LAN host (the IPv6-only client), for the time of one test."""
    with listener(v6client, "lab-lan-listener", 8082) as port:
        yield port


def test_a_lan_hosts_listener_is_closed_to_the_internet_but_echo_passes(web, v6client, lans, lan_listener):
    address = gua_source(v6client, lans["v6only"])[0]
    assert not connects(web, address, lan_listener)
    assert web.run(f"ping -6 -c 2 -W 2 {address}").succeeded


def test_echo_and_packet_too_big_pass_the_gateway(web, v6client, uplink, scenario_vars):
    assert web.run(f"ping -6 -c 2 -W 2 {uplink['ipv6']}").succeeded
    # The ISP's route to the IPv6 web site is narrower (1480) than the LAN's link MTU (the
    # wan's 1492, advertised): a full-size packet from the LAN meets a Packet Too Big there,
    # which must come back in through the gateway's firewall.
    target = scenario_vars["lab_web6_address"]
    v6client.run(f"ip -6 route flush cache; ping -6 -c 3 -W 2 -M do -s 1444 {target}")
    route = v6client.check_output(f"ip -6 route get {target}")
    assert "mtu 1480" in route, route


@pytest.mark.first_verify_only("a converge of the router role over SSH, which no restart changes")
def test_an_ansible_run_over_the_wan_keeps_its_way_in_and_no_one_else_gets_one(
        gateway, stranger, uplink, lab_subnets):
    # A box as the user first meets it, with no firewall yet: ufw reset (disabled, its files as
    # the package ships them, before6.rules included); the run over the WAN puts the router's
    # rules back and turns it on. The other roles' rules are kept aside for the rest of the lab.
    gateway.check_output(f"cp {USER_RULES} /root/")
    gateway.check_output("ufw --force reset")
    ssh = {"ansible_connection": "ssh", "ansible_host": uplink["ipv4"], "ansible_user": "root",
           "ansible_ssh_private_key_file": str(SSH_KEY), "ansible_ssh_common_args": SSH_OPTIONS}
    try:
        run = run_playbook("router.yml", ssh)
    finally:
        # Whatever came of the run, the rest of the lab keeps its firewall.
        gateway.check_output("ufw --force enable")
    # The lab host is on the wan as the first address of its subnet (the bridge's): the run came from there.
    lab_host_address = str(lab_subnets["home-a-wan"][0][1])
    try:
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
        rules = gateway.check_output("ufw status")
        assert re.findall(r"^22/tcp on eth0\s+LIMIT\s+(\S+)", rules, re.MULTILINE) == [lab_host_address], rules
        # Still in, over the WAN, after the firewall was applied from there.
        again = subprocess.run(["ssh", *SSH_OPTIONS.split(), "-i", str(SSH_KEY), f"root@{uplink['ipv4']}", "true"],
                               capture_output=True, text=True, check=False)
        assert again.returncode == 0, again.stderr + rules
        # ... and only from there: the stranger on the same wan is not.
        assert not connects(stranger, uplink["ipv4"], 22) and not connects(stranger, uplink["ipv6"], 22)
        # The inbound services are back: the IPv6 pinholes (before6.rules) and the IPv4 forward's route.
        forward = gateway.check_output("ip6tables -S ufw6-before-forward")
        assert "-d ::20/::ffff:ffff:ffff:ffff" in forward and "-d ::10/::ffff:ffff:ffff:ffff" in forward, forward
        assert "homelab.ipv6.router - inbound tcp 8443 to nas" in rules, rules
    finally:
        # The other roles' rules as their converge left them; and none of SSH on the uplink from
        # the lab host: the lab's own converges connect through podman, not over the WAN, and so
        # (as the router role says) close it, so the idempotence step measures the site, not this test.
        gateway.check_output("cp /root/user.rules /root/user6.rules /etc/ufw/ && ufw reload")


def rdisc6(host):
    """The fields of one router advertisement on the client's link, as rdisc6 prints them."""
    out = host.check_output("rdisc6 -1 -w 3000 eth0")
    fields = {"prefixes": {}}
    for prefix, valid, preferred in re.findall(
            r"Prefix\s+:\s+(\S+)\n(?:.*\n)*?\s+Valid time\s+:\s+(\d+).*\n\s+Pref\. time\s+:\s+(\d+)", out):
        fields["prefixes"][prefix] = (int(valid), int(preferred))
    fields["rdnss"] = [int(n) for n in re.findall(r"DNS server lifetime\s+:\s+(\d+)", out)]
    fields["dnssl"] = [int(n) for n in re.findall(r"DNS search list lifetime\s*:\s+(\d+)", out)]
    fields["router"] = int(re.search(r"Router lifetime\s+:\s+(\d+)", out)[1])
    return fields, out


def test_advertisements_keep_the_resolver_through_lost_ras_and_let_a_dead_gua_go_soon(v6client, lans):
    fields, out = rdisc6(v6client)
    lan = lans["v6only"]
    # radvd_max_interval is 10 in this lab (3 the shortest): RDNSS and DNSSL live 2 x that, radvd's
    # default, which its start takes without a warning; two advertisements at least fall in it.
    assert fields["rdnss"] == [20] and fields["dnssl"] == [20], out
    # The GUA no longer than the ISP's lease of it (RFC 9096): the lab's lease lives 60 s, preferred
    # 45, and the radvd role, left at its 2700/5400 s, caps them at the lease's; the ULA keeps
    # radvd's long ones.
    assert fields["prefixes"][lan["gua_prefix"]] == (60, 45), out
    assert fields["prefixes"][lan["ula_prefix"]] == (86400, 14400), out
