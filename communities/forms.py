from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils.crypto import get_random_string
from wagtail.admin.forms import WagtailAdminPageForm

from .mail import reject_control_characters
from .models import Phase, Profile, School
from .selectors import community_for_page
from .services import profile_create


class SchoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: School) -> str:
        return obj.name


class SignupDetailsForm(forms.Form):
    """The fields allauth's sign-up form adds: who you are and where you teach.
    A school whose e-mail domain matches your address is preselected (in the
    browser as you type, and on the server if you leave it blank)."""

    display_name = forms.CharField(
        max_length=80,
        label="Your name",
        help_text="How colleagues will see you, e.g. “Ms Amina Patel”.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    school = SchoolChoiceField(
        queryset=School.objects.order_by("name"),
        required=False,
        empty_label="— choose your school —",
        help_text="Leave blank if your school is not listed.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        domains = {s.email_domain: s.pk for s in School.objects.exclude(email_domain="")}
        self.fields["school"].widget.attrs["data-school-domains"] = ",".join(
            f"{domain}={pk}" for domain, pk in sorted(domains.items())
        )

    def clean_display_name(self) -> str:
        name = reject_control_characters(self.cleaned_data["display_name"].strip())
        if not name:
            raise forms.ValidationError("Please tell colleagues your name.")
        return name

    def clean(self) -> dict:
        # allauth's sign-up form inherits from this one, so `email` is here.
        # The allow-list gates who may *join*; it lives here rather than in the
        # adapter's clean_email(), which allauth also runs for password resets,
        # where it would lock out accounts from before the list (the admin's).
        cleaned_data = super().clean()
        if getattr(self, "account_already_exists", False):
            # The address has an account: allauth answers exactly as for a new
            # one (ACCOUNT_PREVENT_ENUMERATION), and it must take as long. A
            # new sign-up's time is mostly hashing its password, so hash one
            # here too (it was 20–360 ms against 650–3,000 ms).
            make_password(get_random_string(32))
        allowed = settings.SIGNUP_ALLOWED_EMAIL_DOMAINS
        email = cleaned_data.get("email")
        if allowed and email and email.rpartition("@")[2].lower() not in allowed:
            self.add_error(
                "email",
                "Sign-up is open to staff addresses at "
                + ", ".join(allowed)
                + ". Please use your school e-mail address.",
            )
        return cleaned_data

    def signup(self, request, user) -> None:
        profile_create(
            user=user,
            display_name=self.cleaned_data["display_name"],
            school=self.cleaned_data.get("school"),
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["display_name", "school", "subject", "phase", "bio"]
        labels = {"display_name": "Your name", "bio": "A few words about your teaching"}
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].empty_label = "— no school —"
        self.fields["phase"].choices = [("", "— choose —"), *Phase.choices]

    def clean_display_name(self) -> str:
        name = reject_control_characters(self.cleaned_data["display_name"].strip())
        if not name:
            raise forms.ValidationError("Please tell colleagues your name.")
        return name


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        max_length=500,
        required=False,
        label="A note for the facilitators (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FilterForm(forms.Form):
    """A listing's query-string filters, validated and cleaned. A value that
    does not validate (a stage of "abc", page -1) is ignored rather than
    refused: a hand-edited link still shows the listing, unfiltered there."""

    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data if data is not None else {}, *args, **kwargs)
        self.is_valid()

    def value(self, name: str):
        """The cleaned value of one filter, or None if absent or invalid."""
        if name in self.errors:
            return None
        value = self.cleaned_data.get(name)
        return value if value not in ("", [], None) else None

    def filters(self) -> dict:
        """The filters in effect (everything but the page number)."""
        return {
            name: self.value(name)
            for name in self.fields
            if name != "page" and self.value(name) is not None
        }

    def query_string(self) -> str:
        """The filters as a query string, for pagination links to keep."""
        return urlencode(
            {name: getattr(value, "pk", value) for name, value in self.filters().items()}
        )


class PageNumberForm(FilterForm):
    """A listing with no filters but its page number."""


class CommunityPageForm(WagtailAdminPageForm):
    """The editor's form for a page a teacher writes inside a community. It
    tells them, at the title, who will read it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance if self.instance.pk else self.parent_page
        self.community = community_for_page(page) if page is not None else None
        if self.community is not None and "title" in self.fields:
            self.fields["title"].help_text = (
                f"Seen by the members of {self.community.title} only."
                if self.community.is_members_only
                else f"{self.community.title} is public: anyone can read this once it is published."
            )
