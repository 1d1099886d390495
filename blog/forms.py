from django import forms
from django.conf import settings

from .models import NotificationLevel, ReplyKind

# The same words the service uses for a whitespace-only body, so "" and "   "
# are refused alike.
EMPTY_BODY = {"required": "Your reply is empty. Write something before you send it."}


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Plain text with light formatting: *emphasis*, **bold**, lists, > quotes, "
        "[links](https://…) and `code`.",
        strip=False,
        error_messages=EMPTY_BODY,
    )
    kind = forms.ChoiceField(choices=ReplyKind.choices, initial=ReplyKind.COMMENT, label="Kind")
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Checked again in the service before any parsing; the form's own
        # limit gives the browser a hint.
        self.fields["body"].widget.attrs["maxlength"] = settings.STAFFROOM_REPLY_MAX_LENGTH


class ReplyEditForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 5}),
        strip=False,
        error_messages=EMPTY_BODY,
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="What concerns you?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only the community's facilitators see this.",
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label="Why is it hidden?",
        max_length=300,
        help_text="The reply's author sees this reason.",
    )


class NotificationLevelForm(forms.Form):
    level = forms.ChoiceField(choices=NotificationLevel.choices, widget=forms.RadioSelect)
