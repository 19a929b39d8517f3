"""Generate the sample files the demo and the README use (deterministic: same seed, same bytes).

    python examples/make_sample_data.py          # rewrites examples/*.csv

- ``events.csv``: four webinars of one account (``acme-webinars``).
- ``registrations.csv``: a few thousand registrations across them, with
  ``contactProperties.firstname`` / ``lastname``, and ten deliberately bad rows (invalid emails,
  dates without a UTC offset, garbage dates, epoch seconds instead of milliseconds) that the CLI
  must report with their line numbers and write to ``--failed-out``.
- ``attendance.csv``: most registrants attending, with ``properties.joinedAt`` / ``leftAt``.
- ``cancellations.csv``: some registrants who did not attend cancelling.

The attendance files cover every event, so each row also carries ``externalEventId`` and
``externalAccountId``: run with ``--event-id X --account-id A``, the CLI records only the rows of
event X and skips the others (never recording a row on the wrong event). Times are a mix of epoch
milliseconds and ISO 8601 with an offset, as real exports are.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

SEED = 20261124
HERE = Path(__file__).resolve().parent
ACCOUNT = "acme-webinars"
PEOPLE = 2000
FIRST = ["Ada", "Alan", "Grace", "Linus", "Barbara", "Edsger", "Frances", "Ken", "Margaret", "Dennis",
         "Radia", "Tim", "Katherine", "Donald", "Hedy", "John", "Sophie", "Guido", "Anita", "Niklaus"]  # fmt: skip
LAST = ["Lovelace", "Turing", "Hopper", "Torvalds", "Liskov", "Dijkstra", "Allen", "Thompson",
        "Hamilton", "Ritchie", "Perlman", "Berners-Lee", "Johnson", "Knuth", "Lamarr", "Backus",
        "Wilson", "van Rossum", "Borg", "Wirth"]  # fmt: skip
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com"]
CEST = timezone(timedelta(hours=2))

#: The ten bad registration rows: (email, interactionDateTime) and why each must fail.
BAD_ROWS = [
    ("jane.doe@example", ""),  # no top-level domain
    ("not-an-email", ""),  # no @ at all
    ("john smith@example.com", ""),  # a space
    ("", "2026-09-01T09:00:00+00:00"),  # no email
    ("naive.date@example.com", "2026-09-01T09:00:00"),  # no UTC offset
    ("naive.space@example.com", "2026-09-01 09:00"),  # no UTC offset
    ("garbage.date@example.com", "next tuesday"),  # not a date
    ("seconds@example.com", "1788253200"),  # epoch seconds, not milliseconds
    ("us.date@example.com", "09/01/2026 09:00"),  # not ISO 8601
    ("fraction@example.com", "1788253200000.5"),  # not an integer
]


@dataclass(frozen=True)
class Webinar:
    event_id: str
    name: str
    start: datetime
    minutes: int


WEBINARS = [
    Webinar("webinar-101", "Getting started with marketing events", datetime(2026, 9, 15, 16, 0, tzinfo=UTC), 60),
    Webinar("webinar-102", "Attribution that survives an audit", datetime(2026, 9, 22, 16, 0, tzinfo=UTC), 45),
    Webinar("webinar-103", "Bulk syncs without tears", datetime(2026, 9, 29, 15, 0, tzinfo=UTC), 90),
    Webinar("webinar-104", "Ask us anything", datetime(2026, 10, 6, 17, 30, tzinfo=UTC), 30),
]  # fmt: skip


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def as_time(rng: random.Random, moment: datetime) -> str:
    """Mostly epoch milliseconds; sometimes ISO 8601 in UTC or with a +02:00 offset."""
    pick = rng.random()
    if pick < 0.7:
        return str(ms(moment))
    if pick < 0.85:
        return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return moment.astimezone(CEST).isoformat(timespec="seconds")


def write(name: str, header: list[str], rows: list[list[str]]) -> None:
    with open(HERE / name, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"wrote examples/{name}: {len(rows):,} rows")


def events() -> None:
    header = ["externalEventId", "externalAccountId", "eventName", "eventOrganizer", "eventType",
              "startDateTime", "endDateTime", "eventDescription", "eventUrl", "eventCancelled", "eventCompleted"]  # fmt: skip
    rows = [
        [w.event_id, ACCOUNT, w.name, "Acme Marketing", "WEBINAR", w.start.isoformat(),
         (w.start + timedelta(minutes=w.minutes)).isoformat(), f"{w.name}: a live session with Q&A.",
         f"https://webinars.example.com/{w.event_id}", "false", "false"]
        for w in WEBINARS
    ]  # fmt: skip
    write("events.csv", header, rows)


def main() -> None:
    rng = random.Random(SEED)
    events()
    people = []
    for number in range(PEOPLE):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        local = f"{first}.{last}".lower().replace(" ", "").replace("-", "")
        people.append((f"{local}.{number}@{rng.choice(DOMAINS)}", first, last))

    registrations: list[tuple[datetime, list[str]]] = []
    attendance: list[tuple[datetime, list[str]]] = []
    cancellations: list[tuple[datetime, list[str]]] = []
    for email, first, last in people:
        for webinar in rng.sample(WEBINARS, k=rng.choice([1, 1, 2])):
            registered = webinar.start - timedelta(
                days=rng.uniform(1, 20), minutes=rng.randrange(1440)
            )
            registrations.append(
                (
                    registered,
                    [webinar.event_id, ACCOUNT, email, as_time(rng, registered), first, last],
                )
            )
            fate = rng.random()
            if fate < 0.7:
                joined = webinar.start + timedelta(minutes=rng.uniform(-5, 15))
                left = joined + timedelta(minutes=rng.uniform(5, webinar.minutes))
                attendance.append((joined, [webinar.event_id, ACCOUNT, email, as_time(rng, joined),
                                            joined.isoformat(timespec="seconds"), left.isoformat(timespec="seconds")]))  # fmt: skip
            elif fate < 0.78:
                cancelled = registered + (webinar.start - registered) * rng.uniform(0.2, 0.9)
                cancellations.append(
                    (cancelled, [webinar.event_id, ACCOUNT, email, as_time(rng, cancelled)])
                )

    # The bad rows go in among the good ones, each for some event (so each is reported once).
    ordered = [row for _, row in sorted(registrations, key=lambda pair: pair[0])]
    for email, when in BAD_ROWS:
        webinar = rng.choice(WEBINARS)
        ordered.insert(
            rng.randrange(len(ordered)), [webinar.event_id, ACCOUNT, email, when, "Bad", "Row"]
        )
    write("registrations.csv",
          ["externalEventId", "externalAccountId", "email", "interactionDateTime",
           "contactProperties.firstname", "contactProperties.lastname"], ordered)  # fmt: skip
    write("attendance.csv",
          ["externalEventId", "externalAccountId", "email", "interactionDateTime", "properties.joinedAt", "properties.leftAt"],
          [row for _, row in sorted(attendance, key=lambda pair: pair[0])])  # fmt: skip
    write("cancellations.csv",
          ["externalEventId", "externalAccountId", "email", "interactionDateTime"],
          [row for _, row in sorted(cancellations, key=lambda pair: pair[0])])  # fmt: skip


if __name__ == "__main__":
    main()
