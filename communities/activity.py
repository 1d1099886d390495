"""The activity stream as people read it: what happened, with runs of the
same thing by the same person on the same page said once ("Amina
appreciated 4 replies in Exit tickets…"). The rows come from the ledger
through communities.selectors; this module only groups them for showing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import ActivityEvent, Verb

# How a run of one verb reads, with {n} the number of rows.
RUNS = {
    Verb.REPLIED: "replied {n} times",
    Verb.CHANGED_PRACTICE: "said {n} replies changed their practice",
    Verb.INQUIRY_ADVANCED: "moved an inquiry on {n} stages",
    Verb.INQUIRY_REVERTED: "took an inquiry back {n} stages",
}


@dataclass
class ActivityItem:
    event: ActivityEvent  # the latest of the run (its time is the item's)
    events: list[ActivityEvent] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.events)

    @property
    def phrase(self) -> str:
        """The verb as the stream says it, for one row or a run of them."""
        n = self.count
        verb = self.event.verb
        if n == 1:
            return self.event.verb_label
        if verb == Verb.APPRECIATED:
            replies = all(e.target.startswith("blog.reply:") for e in self.events)
            return f"appreciated {n} replies in" if replies else f"appreciated {n} times"
        return RUNS.get(verb, f"{self.event.verb_label} ({n} times)").format(n=n)

    def __getattr__(self, name: str):
        # Everything else (actor, page, community, created_at, pk, verb…) is
        # the latest row's.
        return getattr(self.event, name)


def collapse(events: Iterable[ActivityEvent], *, limit: int | None = None) -> list[ActivityItem]:
    """Consecutive rows (newest first) by the same person, of the same verb,
    on the same page, become one item."""
    items: list[ActivityItem] = []
    for event in events:
        last = items[-1] if items else None
        if (
            last is not None
            and event.page_id is not None
            and (last.event.actor_id, last.event.verb, last.event.page_id, last.event.community_id)
            == (event.actor_id, event.verb, event.page_id, event.community_id)
        ):
            last.events.append(event)
            continue
        if limit is not None and len(items) >= limit:
            break
        items.append(ActivityItem(event=event, events=[event]))
    return items
