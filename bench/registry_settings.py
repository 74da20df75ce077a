"""Settings for the registry benchmark's server: the project's settings with the rate limits raised.

The public API's per-address limit (600/min) and the finder's (120/min) would otherwise stop one
load-testing client. They stay switched on, so their cost per request is in the figures; the limits
themselves are tested by the test suite.
"""
from mestring.settings import *  # noqa: F403

HSDS_API_RATE = "100000000/m"
FINDER_RATE = "100000000/m"
