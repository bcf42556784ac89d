"""Fixtures of the router lab that its test files share: the router, the client, the site plan."""

import pytest
from ansible_collections.homelab.ipv6.plugins.filter.site import site_plan
from lab_helpers import kept_ula
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
    return site_plan(scenario_vars["homelab_site"], kept_ula(router))
