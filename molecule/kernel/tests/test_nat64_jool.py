"""The dns64_nat64 role's Jool backend on Debian's stock kernel: the IPv6-only LAN host
fetches a page from an IPv4-only server through Jool, Jool shows the session, and the
instance comes back from Debian's jool.service after a reboot. (DNS64 names are checked
in the home scenario, with TAYGA; here the kernel's data path is, by address.)"""

import json
import os
from pathlib import Path

from ansible_collections.homelab.ipv6.plugins.filter.addresses import nat64
from ansible_collections.homelab.ipv6.plugins.module_utils._jool import instances, pool4_rows, sessions

from lab_helpers import wait_for

WEB = "203.0.113.80"
PAGE = "homelab.ipv6 kernel lab: served over IPv4 only\n"
REPORTS = Path(os.environ.get("MOLECULE_PROJECT_DIRECTORY", ".")) / "build" / "reports"


def fetch(vm, prefix):
    return vm.run(f"ip netns exec lan curl -6 --silent --max-time 5 http://[{nat64(WEB, prefix)}]/")


def test_the_jool_instance_translates_the_site_prefix_to_the_ipv4_uplink(vm, scenario_vars):
    assert instances(vm.check_output("jool instance display --csv")) == {"default": "netfilter"}
    prefix = scenario_vars["homelab_site"]["nat64_prefix"]
    assert f"pool6,{prefix}" in vm.check_output("jool -i default global display --csv").splitlines()
    assert pool4_rows(vm.check_output("jool -i default pool4 display --csv --tcp")) == [
        (0, "TCP", "203.0.113.1/32", 61001, 65535)]


def test_the_instance_is_kept_for_jools_unit(vm):
    kept = json.loads(vm.file("/etc/jool/jool.conf").content_string)
    assert kept["instance"] == "default"
    assert vm.service("jool").is_enabled


def test_an_ipv6_only_host_fetches_an_ipv4_only_page_through_jool(vm, scenario_vars):
    prefix = scenario_vars["homelab_site"]["nat64_prefix"]
    page = wait_for(lambda: fetch(vm, prefix).stdout, timeout=60, interval=2)
    assert page == PAGE


def test_jool_shows_the_session(vm, scenario_vars):
    fetch(vm, scenario_vars["homelab_site"]["nat64_prefix"])
    display = vm.check_output("jool -i default session display --csv --tcp --numeric")
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "jool-session-display-tcp.csv").write_text(display + "\n")
    remote = [session for session in sessions(display) if session["ipv4_remote"] == f"{WEB}#80"]
    assert remote, display
    assert remote[0]["ipv4_local"].startswith("203.0.113.1#")
