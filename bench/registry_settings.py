"""Settings for the registry benchmark's server: the project's settings with the API rate limit lifted.

The public API's per-client limit (600/min) and the finder's would otherwise stop one load-testing client; the
limit itself is measured by the test suite, not here.
"""
from mestring.settings import *  # noqa: F403

HSDS_API_RATE = "1000000/m"
RATELIMIT_ENABLE = False  # the finder's per-address limit (120/min), likewise
