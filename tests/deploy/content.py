"""The two-server test's content, made in its own database the way the demo
is made (the factories, through the services), by a process of its own:

    DJANGO_SETTINGS_MODULE=… DATABASE_URL=… python tests/deploy/content.py

It prints, as one line of JSON, what the test needs to find it again."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "staffroom.settings.production")

import django  # noqa: E402

django.setup()

from blog import factories as blog  # noqa: E402
from communities import factories  # noqa: E402
from communities.models import CommunityPage, JoinPolicy, MembershipState, Visibility  # noqa: E402


def person(name: str, email: str, school):
    return factories.teacher(email=email, display_name=name, school=school)


def main() -> None:
    school = factories.SchoolFactory(name="Northfield Academy", email_domain="northfield.sch.uk")
    other = factories.SchoolFactory(name="Riverside Primary", email_domain="riverside.sch.uk")
    fran = person("Fran Facilitator", "fran@northfield.sch.uk", school)
    mo = person("Mo Member", "mo@northfield.sch.uk", school)
    rae = person("Rae Requester", "rae@northfield.sch.uk", school)
    olly = person("Olly Outsider", "olly@riverside.sch.uk", other)
    lou = person("Lou Locked", "lou@northfield.sch.uk", school)

    index = factories.community_index()
    public = factories.community(
        facilitator=fran, title="Formative Assessment", slug="formative-assessment", index=index
    )
    # Members' replies appear at once (a newcomer's first ones would
    # otherwise wait for a facilitator in a public community).
    CommunityPage.objects.filter(pk=public.pk).update(hold_newcomer_replies=False)
    factories.membership(user=mo, community=public)
    reflection = blog.reflection(
        index=blog.reflection_index(public),
        author=fran,
        title="Hinge questions in Year 9",
        summary="What happened when I paused mid-lesson to check understanding.",
    )

    circle = factories.community(
        facilitator=fran,
        title="Early Career Circle",
        slug="early-career-circle",
        purpose="A safe place for new teachers.",
        join_policy=JoinPolicy.BY_REQUEST,
        visibility=Visibility.MEMBERS,
        index=index,
    )
    mo_in_circle = factories.membership(user=mo, community=circle)
    rae_asks = factories.membership(user=rae, community=circle, state=MembershipState.REQUESTED)
    inside = blog.reflection(
        index=blog.reflection_index(circle),
        author=fran,
        title="What my first term taught me",
        summary="Behaviour, marking and sleep: the three things nobody told me.",
    )
    circle.refresh_from_db()

    print(
        json.dumps(
            {
                "password": factories.DEFAULT_PASSWORD,
                "emails": {
                    "fran": fran.email,
                    "mo": mo.email,
                    "rae": rae.email,
                    "olly": olly.email,
                    "lou": lou.email,
                },
                "reflection": {"id": reflection.pk, "url": reflection.url},
                "circle": {
                    "id": circle.pk,
                    "url": circle.url,
                    "collection": circle.collection_id,
                    "inside_url": inside.url,
                    "mo": mo_in_circle.pk,
                    "rae": rae_asks.pk,
                },
            }
        )
    )


if __name__ == "__main__":
    main()
