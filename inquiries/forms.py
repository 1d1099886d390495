from django import forms


class ReviewFeedbackForm(forms.Form):
    body = forms.CharField(
        label="Feedback to the inquirers",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Only the inquirers and your school's head teachers see this. It is e-mailed to them.",
    )
