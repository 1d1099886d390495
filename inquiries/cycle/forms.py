"""Forms for the TLC cycle. Each cleans what a person typed; the services
decide what they may do with it."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from .models import ActionPlan, AgendaPart, Rsvp

DURATIONS = [(60, "1 hour"), (75, "1¼ hours"), (90, "1½ hours"), (120, "2 hours")]


class ScheduleForm(forms.Form):
    day = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label="Start time", widget=forms.TimeInput(attrs={"type": "time"}))
    duration_minutes = forms.TypedChoiceField(
        label="Length", choices=DURATIONS, coerce=int, initial=90
    )
    place = forms.CharField(label="Place", max_length=200, required=False)
    video_url = forms.URLField(
        label="Video link", max_length=500, required=False, assume_scheme="https"
    )
    repeat_monthly = forms.BooleanField(
        label="Repeat every month on the same weekday",
        required=False,
        help_text="A first Tuesday repeats on every month's first Tuesday.",
    )
    count = forms.IntegerField(
        label="How many meetings", min_value=1, max_value=12, initial=10, required=False
    )

    def clean(self):
        data = super().clean()
        if not data.get("place", "").strip() and not data.get("video_url", "").strip():
            raise forms.ValidationError("Say where the meeting is: a place, or a video link.")
        data["count"] = data.get("count") or 1
        return data


class MeetingChangeForm(forms.Form):
    """A scheduled meeting's date, time, length and where — one meeting."""

    day = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label="Start time", widget=forms.TimeInput(attrs={"type": "time"}))
    duration_minutes = forms.TypedChoiceField(label="Length", choices=DURATIONS, coerce=int)
    place = forms.CharField(label="Place", max_length=200, required=False)
    video_url = forms.URLField(
        label="Video link", max_length=500, required=False, assume_scheme="https"
    )

    def clean(self):
        data = super().clean()
        if not data.get("place", "").strip() and not data.get("video_url", "").strip():
            raise forms.ValidationError("Say where the meeting is: a place, or a video link.")
        return data

    @classmethod
    def for_meeting(cls, meeting) -> MeetingChangeForm:
        local = timezone.localtime(meeting.starts_at)
        return cls(
            initial={
                "day": local.date(),
                "time": local.time().replace(second=0, microsecond=0),
                "duration_minutes": meeting.duration_minutes,
                "place": meeting.place,
                "video_url": meeting.video_url,
            }
        )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Reason (optional, the members are told)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteForm(forms.Form):
    part = forms.ChoiceField(choices=AgendaPart.choices)
    body = forms.CharField(max_length=4000, required=False, widget=forms.Textarea)


class RsvpForm(forms.Form):
    rsvp = forms.ChoiceField(choices=Rsvp.choices)


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(
        label="Who came",
        coerce=int,
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (m.user_id, str(getattr(m.user, "profile", m.user))) for m in members
        ]


class ActionPlanForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["technique", "class_name", "evidence"]
        help_texts = {
            "technique": "One small, specific thing, e.g. “a hinge question before each new step”.",
            "class_name": "e.g. 9X2, or Year 4",
            "evidence": "e.g. mini-whiteboard answers; three students' books",
        }


class ReportForm(forms.Form):
    what_happened = forms.CharField(
        label="What happened", max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    keep_or_change = forms.CharField(
        label="What I will keep or change",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InquiryChoiceForm(forms.Form):
    inquiry = forms.TypedChoiceField(coerce=int, choices=())

    def __init__(self, *args, inquiries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inquiry"].choices = [(i.pk, i.title) for i in inquiries]


class PairForm(forms.Form):
    first = forms.TypedChoiceField(coerce=int, choices=(), label="Buddy")
    second = forms.TypedChoiceField(coerce=int, choices=(), label="and buddy")

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(m.user_id, str(getattr(m.user, "profile", m.user))) for m in members]
        self.fields["first"].choices = choices
        self.fields["second"].choices = choices


class ProposeForm(forms.Form):
    colleague = forms.TypedChoiceField(coerce=int, choices=(), label="Colleague")

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleague"].choices = [
            (m.user_id, str(getattr(m.user, "profile", m.user))) for m in members
        ]


class ObservationForm(forms.Form):
    observed = forms.ChoiceField(
        label="Who is observed",
        choices=[("me", "My buddy observes me"), ("buddy", "I observe my buddy")],
    )
    focus = forms.CharField(
        label="Focus",
        max_length=300,
        required=False,
        help_text="What the visit looks at — left empty, the observed teacher's action plan.",
    )
    day = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label="Time", widget=forms.TimeInput(attrs={"type": "time"}))


class NotesForm(forms.Form):
    notes = forms.CharField(
        label="Notes (only the two of you see them)",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    completed = forms.BooleanField(label="The visit has happened", required=False)
