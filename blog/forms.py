from django import forms
from django.conf import settings
from django.db.models import TextChoices
from wagtail.models import Page

from communities.forms import FilterForm
from communities.models import Phase

from .models import (
    CuratedCollection,
    Delivery,
    NotificationLevel,
    Recommendation,
    ReplyKind,
    ResourceKind,
)

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


# --------------------------------------------------------------------------- #
# Resources
# --------------------------------------------------------------------------- #


class ResourceSort(TextChoices):
    NEWEST = "newest", "Newest"
    MOST_TRIED = "most_tried", "Most tried"


class ResourceFilterForm(FilterForm):
    """The library's filters: kind, subject, phase, tag, words, order — and,
    for curators, the archived resources."""

    q = forms.CharField(label="Search the library", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *ResourceKind.choices]
    )
    subject = forms.ChoiceField(label="Subject", required=False, choices=[("", "Any subject")])
    phase = forms.ChoiceField(
        label="Phase", required=False, choices=[("", "Any phase"), *Phase.choices]
    )
    tag = forms.SlugField(
        required=False, max_length=100, allow_unicode=True, widget=forms.HiddenInput
    )
    sort = forms.ChoiceField(label="Order", required=False, choices=ResourceSort.choices)
    archived = forms.BooleanField(label="Archived resources", required=False)

    def __init__(self, data=None, *args, subjects=(), can_curate: bool = False, **kwargs):
        # The fields' choices must be set before FilterForm validates.
        self.base_fields = {**self.base_fields}
        self.base_fields["subject"] = forms.ChoiceField(
            label="Subject",
            required=False,
            choices=[("", "Any subject"), *((s, s) for s in subjects)],
        )
        if not can_curate:
            self.base_fields.pop("archived")
        super().__init__(data, *args, **kwargs)

    def value(self, name: str):
        # An unticked box is no filter at all.
        value = super().value(name)
        return None if value is False else value


class ResourceTryForm(forms.Form):
    """“I tried it”: the class it was tried with, what changed, what happened
    to learning and whether one would recommend it."""

    recommend = forms.ChoiceField(
        label="Would you recommend it to a colleague?",
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
    )
    what_happened = forms.CharField(
        label="What happened to learning",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    what_adapted = forms.CharField(
        label="What you adapted",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    phase = forms.ChoiceField(
        label="Phase of the class", required=False, choices=[("", "—"), *Phase.choices]
    )
    subject = forms.CharField(label="Subject", max_length=80, required=False)
    class_size = forms.IntegerField(label="Class size", required=False, min_value=1, max_value=200)
    fed_into = forms.ModelChoiceField(
        label="It fed into (optional)",
        required=False,
        queryset=Page.objects.none(),
        empty_label="— none —",
        help_text="One of your reflections or inquiries about trying it.",
    )

    def __init__(self, *args, pages=None, **kwargs):
        super().__init__(*args, **kwargs)
        if pages is not None:
            self.fields["fed_into"].queryset = pages


class CollectionForm(forms.Form):
    title = forms.CharField(label="Title", max_length=120)
    note = forms.CharField(
        label="Curator's note",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why these resources, and where a colleague might start.",
    )


class CollectionAddForm(forms.Form):
    collection = forms.ModelChoiceField(
        label="Add to collection", queryset=CuratedCollection.objects.none(), empty_label=None
    )

    def __init__(self, *args, collections=None, **kwargs):
        super().__init__(*args, **kwargs)
        if collections is not None:
            self.fields["collection"].queryset = collections


class ArchiveForm(forms.Form):
    reason = forms.CharField(
        label="A word for the author (optional)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
