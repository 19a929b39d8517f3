"""One worker process of the shared-OAuth test: ``python _oauth_worker.py BASE_URL REDIS_URL``.

Reads the app's credentials from the environment (never from argv: other users see argv), builds
``OAuth(..., store=RedisTokenStore(REDIS_URL))`` and makes one read per line it reads on stdin,
answering each with ``ok`` (or the error), so the test can expire the token between rounds.
"""

from __future__ import annotations

import os
import sys

from hubspot_events import HubSpotError, HubSpotEvents, OAuth, RedisTokenStore


def main() -> None:
    base_url, redis_url = sys.argv[1:3]
    auth = OAuth(
        os.environ["OAUTH_CLIENT_ID"],
        os.environ["OAUTH_CLIENT_SECRET"],
        os.environ["OAUTH_REFRESH_TOKEN"],
        store=RedisTokenStore(redis_url, account="acct-1", poll_s=0.01),
    )
    with HubSpotEvents(auth=auth, base_url=base_url, rate_limit=None, max_retries=0) as client:
        print("ready", flush=True)
        for _ in sys.stdin:
            try:
                client.events.search("webinar")
                print("ok", flush=True)
            except HubSpotError as error:
                print(f"failed: {error}", flush=True)


if __name__ == "__main__":
    main()
