"""The router lab's hosts, by container name; its fixtures are in conftest.py."""

ROUTER, ISP, CLIENT = "router-gw", "router-isp", "router-client"
