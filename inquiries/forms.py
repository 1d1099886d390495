from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from communities.forms import CommunityPageForm, FilterForm
from communities.models import CommunityPage, MembershipState

from .stages import Stage


class ReviewFeedbackForm(forms.Form):
    body = forms.CharField(
        label="Feedback to the inquirers",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            "Only the inquirers and your school's head teachers see this. It is e-mailed to them."
        ),
    )


class CoInquirerField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        # By name, never by e-mail address.
        return str(getattr(obj, "profile", None) or f"Teacher #{obj.pk}")


class InquiryPageForm(CommunityPageForm):
    """Co-inquirers are chosen from the active members of the inquiry's own
    community: the editor must not list (or accept) everyone on the site."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "co_inquirers" not in self.fields:
            return
        community = self.community
        members = (
            Q(memberships__community=community, memberships__state=MembershipState.ACTIVE)
            if community is not None
            else Q(pk__in=[])
        )
        if self.instance.pk:
            # Whoever is already a co-inquirer stays listed (and kept) if they left.
            # (The editor's instance comes from the latest revision: its
            # co-inquirers are an in-memory cluster, not a database query.)
            members |= Q(pk__in=[user.pk for user in self.instance.co_inquirers.all()])
        # The owner (on a new page: whoever is writing it) is an inquirer already.
        owner_id = (
            self.instance.owner_id if self.instance.pk else getattr(self.for_user, "pk", None)
        )
        old = self.fields["co_inquirers"]
        self.fields["co_inquirers"] = CoInquirerField(
            queryset=get_user_model()
            .objects.filter(members)
            .exclude(pk=owner_id)
            .select_related("profile")
            .distinct()
            .order_by("profile__display_name", "pk"),
            required=False,
            label=old.label,
            help_text=old.help_text,
            widget=forms.CheckboxSelectMultiple,
        )


class AdvanceForm(forms.Form):
    """ "Move on to the next stage": the note, and the stage it moves on from."""

    note = forms.CharField(required=False, max_length=2000)
    from_stage = forms.TypedChoiceField(
        choices=Stage.choices, coerce=int, required=False, empty_value=None
    )


class InquiryFilterForm(FilterForm):
    stage = forms.TypedChoiceField(choices=Stage.choices, coerce=int, required=False)
    tag = forms.SlugField(required=False, max_length=100, allow_unicode=True)


class ReviewFilterForm(FilterForm):
    """The head teacher's overview and export filters."""

    stage = forms.TypedChoiceField(choices=Stage.choices, coerce=int, required=False)
    community = forms.ModelChoiceField(queryset=CommunityPage.objects.live(), required=False)
    subject = forms.CharField(required=False, max_length=80)
