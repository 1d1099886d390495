"""The TLC cycle on pages other apps own: a community's next and past
meetings on its page, and a member's action plans on their portfolio — so
`communities` shows them without importing `inquiries`."""

from django import template

from ..cycle.selectors import community_meetings, plans_of
from ..cycle.services import community_rights

register = template.Library()


@register.inclusion_tag("inquiries/includes/community_meetings.html", takes_context=True)
def meetings_for(context, community):
    user = context["request"].user
    rights = community_rights(user=user, community=community)
    return {
        "community": community,
        "rights": rights,
        "show": rights.can_view,
        "meetings": community_meetings(user=user, community=community) if rights.can_view else None,
    }


@register.inclusion_tag("inquiries/includes/person_plans.html", takes_context=True)
def person_action_plans(context, person):
    """`person` is a Profile (the portfolio's)."""
    return {"plans": plans_of(person=person.user, viewer=context["request"].user)[:24]}
