"""Fixtures of the router lab that its test files share: the router, the client, the site plan."""

import json

import pytest
from ansible_collections.homelab.ipv6.plugins.filter.site_plan import site_plan
from router_lab import CLIENT, ROUTER


@pytest.fixture(scope="module")
def router(lab_host):
    return lab_host(ROUTER)


@pytest.fixture(scope="module")
def client(lab_host):
    return lab_host(CLIENT)


@pytest.fixture(scope="module")
def plan(router, scenario_vars):
    """The site plan, with the ULA the site role generated and kept on the router."""
    kept = json.loads(router.file("/etc/ansible/facts.d/homelab_ipv6_ula.fact").content_string)
    return site_plan(scenario_vars["homelab_site"], kept["prefix"])
