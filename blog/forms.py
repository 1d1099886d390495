from django import forms
from django.conf import settings

from communities.forms import FilterForm

from .models import Delivery, NotificationLevel, ReplyKind

# The same words the service uses for a whitespace-only body, so "" and "   "
# are refused alike.
EMPTY_BODY = {"required": "Your reply is empty. Write something before you send it."}
FORMATTING_HELP = (
    "Light formatting: *emphasis*, **bold**, lists, > quotes, [links](https://…) and `code`."
)


class ReplyForm(forms.Form):
    """The reply form: one per page, moved under a reply (or shown on a page
    of its own without JavaScript) to answer it."""

    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=FORMATTING_HELP,
        strip=False,
        error_messages=EMPTY_BODY,
    )
    kind = forms.ChoiceField(
        choices=ReplyKind.choices, initial=ReplyKind.COMMENT, label="Kind of reply"
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, answering: bool = False, **kwargs):
        kwargs.setdefault("auto_id", "reply-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        body = self.fields["body"]
        if answering:
            body.label = "Your answer"
        # Checked again in the service before any parsing; the form's own
        # limit gives the browser a hint.
        body.widget.attrs["maxlength"] = settings.STAFFROOM_REPLY_MAX_LENGTH
        body.widget.attrs["aria-describedby"] = self["body"].auto_id + "-help"


class ReplyEditForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=FORMATTING_HELP,
        strip=False,
        error_messages=EMPTY_BODY,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["maxlength"] = settings.STAFFROOM_REPLY_MAX_LENGTH


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="What concerns you?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only the community's facilitators see this.",
    )


class NotificationChoiceForm(forms.Form):
    level = forms.ChoiceField(
        label="What you hear about by e-mail",
        choices=NotificationLevel.choices,
        widget=forms.RadioSelect,
    )
    delivery = forms.ChoiceField(
        label="When",
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        required=False,
    )


class ReflectionFilterForm(FilterForm):
    tag = forms.SlugField(required=False, max_length=100, allow_unicode=True)
