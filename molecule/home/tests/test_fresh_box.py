"""The README's quick start on a box as users get it: a Debian 12 box across the street whose
LAN NICs are down with no address, reached over SSH as the user its installer made, whose sudo
asks for a password. The test takes the README's own blocks (inventory, site description,
commands), runs them as written (-K answered from a file), and proves from a client on each LAN
what the demo proves: a lease, a name, the Internet by name. The verify after the restart of
every container proves the same with no run, from what the box keeps across a reboot.

The lab's only changes to the README's text: its addresses (a podman network of the lab takes
none of 192.168.0.0/16, and the site's iid is ::53, as home-gw holds ::1 on the same wan), and
three lines that keep the box's resolver asking the lab's Internet DNS, not the root servers.
"""

import ipaddress
import json
import os
import re
import shlex
import subprocess
import textwrap
import time
from pathlib import Path

import pytest
import yaml
from ansible_collections.homelab.ipv6.plugins.filter.site import fixed_address
from ansible_collections.homelab.ipv6.plugins.module_utils._core.site_plan import site_plan

from home_lab import answers, fetch, in_network, lease_addresses
from lab_helpers import AFTER_RESTART, EPHEMERAL, append_report, global_addresses, wait_for

README = Path(os.environ.get("MOLECULE_PROJECT_DIRECTORY", ".")) / "README.md"
FRESH, FRESH_PC, FRESH_TV = "home-fresh", "home-fresh-pc", "home-fresh-tv"
CLIENTS = {FRESH_PC: "home", FRESH_TV: "iot"}
SUDO_PASSWORD = EPHEMERAL / "fresh-sudo-password"
SSH_KEY = EPHEMERAL / "lab_ssh_key"
# Where the results of the first verify's runs are kept for the report and the verify after the restart.
RUNS = EPHEMERAL / "fresh-box-runs.json"
# The lab's addresses for the README's private ones.
LAB_ADDRESSES = {"192.168.1.": "198.18.71.", "192.168.2.": "198.18.72."}
LAB_ONLY = """
# The lab's own: the resolver asks the lab's Internet DNS (the root servers are out of reach),
# whose example zones nobody signs.
dns_bind_forwarders: [198.18.60.10]
dns_bind_forward: only
dns_bind_dnssec_validation: "no"
"""


def quick_start():
    """The README's quick-start blocks, by the name their marker gives them."""
    found = re.findall(r"<!-- quick-start: (\S+)[^>]*-->\s*```\w*\n(.*?)```", README.read_text(), re.S)
    return {name: textwrap.dedent(body) for name, body in found}


def ansible_environment():
    """A user's shell: none of molecule's Ansible settings, the SSH key they copied, the
    collection where `make` links it."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ANSIBLE_", "MOLECULE_"))}
    env.update(ANSIBLE_COLLECTIONS_PATH=os.environ["ANSIBLE_COLLECTIONS_PATH"], ANSIBLE_HOST_KEY_CHECKING="False",
               ANSIBLE_PRIVATE_KEY_FILE=str(SSH_KEY), ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0")
    return env


def recap(output, host="gw"):
    """The PLAY RECAP numbers of host."""
    line = re.search(rf"^{host}\s+:\s+(.*)$", output, re.MULTILINE)
    assert line, output[-3000:]
    return {key: int(value) for key, value in re.findall(r"(\w+)=(\d+)", line[1])}


@pytest.fixture(scope="module")
def fresh(lab_host):
    return lab_host(FRESH)


@pytest.fixture(scope="module")
def fresh_site(scenario_vars):
    """The README's site description with the lab's addresses, as the quick start applies it."""
    text = quick_start()["inventory/group_vars/all.yml"]
    for readme, lab in LAB_ADDRESSES.items():
        text = text.replace(readme, lab)
    return text.replace('iid: "::1"', f'iid: "{scenario_vars["lab_fresh_iid"]}"')


@pytest.fixture(scope="module")
def fresh_plan(runs, fresh, fresh_site):  # pylint: disable=unused-argument
    ula = json.loads(fresh.check_output("cat /etc/ansible/facts.d/homelab_ipv6_ula.fact"))["prefix"]
    return site_plan(yaml.safe_load(fresh_site)["homelab_site"], ula)


@pytest.fixture(scope="module")
def fresh_lans(fresh_plan):
    return {lan["name"]: lan for lan in fresh_plan["lans"]}


@pytest.fixture(scope="module")
def runs(lab_phase, fresh, fresh_site, scenario_vars, tmp_path_factory):
    """The quick start's commands, run once, in the first verify: the dry run, the run, the run
    again (which must change nothing), the address plan. Their results, kept for the verify after
    the restart, which runs nothing."""
    if lab_phase == AFTER_RESTART:
        assert RUNS.exists(), f"the first verify ran the quick start and kept its results in {RUNS}"
        return json.loads(RUNS.read_text())
    blocks = quick_start()
    assert f"ansible_user: {scenario_vars['lab_fresh_user']}" in blocks["inventory/hosts.yml"], blocks
    assert f"gua: {scenario_vars['lab_fresh_gua']}" in blocks["inventory/group_vars/all.yml"], blocks
    # The box as users get it, or the lab is not in the state this test needs.
    links = json.loads(fresh.check_output("ip -j address show"))
    lan_links = {link["ifname"]: link for link in links if link["ifname"] in ("eth1", "eth2")}
    assert sorted(lan_links) == ["eth1", "eth2"], links
    for link in lan_links.values():
        assert "UP" not in link["flags"] and not [a for a in link["addr_info"] if a["family"] == "inet"], link
    user = scenario_vars["lab_fresh_user"]
    assert fresh.run(f"runuser -u {user} -- sudo -n true").rc != 0, f"sudo must ask {user} for a password"

    directory = tmp_path_factory.mktemp("quick-start")
    uplink = global_addresses(fresh, family="inet", interface="eth0")[0]
    (directory / "inventory" / "group_vars").mkdir(parents=True)
    (directory / "inventory" / "hosts.yml").write_text(blocks["inventory/hosts.yml"].replace("192.0.2.1", uplink))
    (directory / "inventory" / "group_vars" / "all.yml").write_text(fresh_site + LAB_ONLY)
    results = []
    for line in blocks["commands"].splitlines():
        if not line.strip():
            continue
        # -K asks for the sudo password on the terminal; the lab answers from a file.
        argv = [part for word in shlex.split(line)
                for part in (["--become-password-file", str(SUDO_PASSWORD)] if word == "-K" else [word])]
        runs_of_line = 2 if "homelab.ipv6.site" in argv and "--check" not in argv else 1
        for number in range(runs_of_line):
            started = time.monotonic()
            # As a shell that cd'd there runs it: the address plan goes to $PWD/address-plan.
            done = subprocess.run(argv, cwd=directory, env=dict(ansible_environment(), PWD=str(directory)),
                                  capture_output=True, text=True, check=False, timeout=1800)
            results.append({"command": line, "run": number + 1, "rc": done.returncode, "directory": str(directory),
                            "seconds": round(time.monotonic() - started, 1),
                            "output": done.stdout + done.stderr})
            if done.returncode != 0:
                break
    RUNS.write_text(json.dumps(results))
    for result in results:
        if result["rc"] == 0:
            numbers = recap(result["output"])
            append_report("fresh-box.txt", f"{result['command']} (run {result['run']}): {result['seconds']} s, "
                                           f"{numbers.get('ok', 0)} tasks ok, {numbers.get('changed', 0)} changed, "
                                           f"{numbers.get('skipped', 0)} skipped")
    return results


@pytest.mark.first_verify_only("the quick start runs once, on the box as users get it")
def test_the_readme_quick_start_runs_on_a_fresh_box_and_a_second_run_changes_nothing(runs):
    for result in runs:
        assert result["rc"] == 0, (result["command"], result["run"], result["output"][-6000:])
    dry, first, second, report = runs
    assert "--check" in dry["command"] and "homelab.ipv6.address_plan" in report["command"]
    # Where the user ran it: the directory of their inventory.
    assert Path(report["directory"], "address-plan", "address-plan.md").is_file(), report["directory"]
    # The dry run says which ULA the real run will generate, and every play shows that one; it
    # shows the files of the daemons it has not installed yet.
    assert re.search(r"the site's ULA is to be generated on gw", " ".join(dry["output"].split())), dry["output"]
    assert len(set(re.findall(r"fd[0-9a-f]{2}:[0-9a-f]{1,4}:[0-9a-f]{1,4}::/48", dry["output"]))) == 1, dry["output"]
    for shown in ("after: /etc/radvd.conf", "after: /etc/bind/named.conf.options", "kea-dhcp4.conf",
                  "after: /etc/kea/kea-dhcp6.conf"):
        assert shown in dry["output"], (shown, dry["output"][-6000:])
    assert recap(first["output"])["changed"] > 0
    assert recap(second["output"])["changed"] == 0, second["output"][-6000:]
    # Quiet: no warning that a group the inventory does not have matched no host.
    for result in runs:
        assert "Could not match supplied host pattern" not in result["output"], result["output"][-3000:]


def test_the_router_brought_its_lan_links_up_with_its_addresses(runs, fresh, fresh_lans, scenario_vars):
    """After the run and after a reboot (the verify after the restart): up, with the router's
    IPv4 of the plan and its fixed IPv6 addresses, which the box's own boot puts back."""
    assert all(result["rc"] == 0 for result in runs)
    for lan in fresh_lans.values():
        fixed = {fixed_address(prefix, scenario_vars["lab_fresh_iid"]) for prefix in lan["prefixes"]}

        def configured(lan=lan):
            link = json.loads(fresh.check_output(f"ip -j address show dev {lan['interface']}"))[0]
            return "UP" in link["flags"] and {a["local"] for a in link["addr_info"]}
        addresses = wait_for(configured, timeout=30)
        assert addresses, fresh.check_output("ip address show")
        assert lan["ipv4_router"] in addresses and fixed <= addresses, (addresses, fixed)


@pytest.mark.parametrize("name", list(CLIENTS))
def test_each_client_gets_a_lease_in_its_lans_pool_and_a_name(runs, lab_host, fresh_lans, name):
    assert all(result["rc"] == 0 for result in runs)
    host, lan = lab_host(name), fresh_lans[CLIENTS[name]]
    ipv4 = wait_for(lambda: lease_addresses(host, 4), timeout=60)
    first, last = (ipaddress.ip_address(address) for address in lan["ipv4_pool"])
    assert len(ipv4) == 1 and first <= ipaddress.ip_address(ipv4[0]) <= last, (ipv4, lan["ipv4_pool"])
    resolver = lan["ipv4_router"]
    fqdn = f"{name}.home.arpa"
    assert wait_for(lambda: answers(host, resolver, "A", fqdn) == ipv4, timeout=60), answers(host, resolver, "A", fqdn)
    assert wait_for(lambda: answers(host, resolver, "-x", ipv4[0]) == [fqdn + "."], timeout=30)
    if lan["mode"] == "stateful":
        # The GUA lease's PTR too: the resolver serves the GUA's reverse zone by default.
        ipv6 = wait_for(lambda: lease_addresses(host, 6), timeout=60)
        assert len(ipv6) == 1 and in_network(ipv6, lan["gua_prefix"]), ipv6
        assert wait_for(lambda: answers(host, resolver, "AAAA", fqdn) == ipv6, timeout=60)
        assert wait_for(lambda: answers(host, resolver, "-x", ipv6[0]) == [fqdn + "."], timeout=30)


@pytest.mark.parametrize("name", list(CLIENTS))
def test_each_client_finds_nas_by_its_short_name_and_the_internet_by_name(runs, lab_host, fresh_plan, scenario_vars,
                                                                          name):
    assert all(result["rc"] == 0 for result in runs)
    host = lab_host(name)
    nas = next(entry for entry in fresh_plan["hosts"] if entry["name"] == "nas")
    found = wait_for(lambda: host.run("getent ahosts nas").stdout, timeout=60)
    assert nas["ipv4"] in found and nas["ula_address"] in found, found
    for site in (scenario_vars["lab_web_name"], scenario_vars["lab_web6_name"]):
        url = f"http://{site}/?fresh-{name}"
        page = wait_for(lambda url=url: fetch(host, url), timeout=60, interval=2)
        assert page == "homelab.ipv6 lab: the Internet\n", host.run(f"curl -v --max-time 5 {url}").stderr
