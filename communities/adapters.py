from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        allowed = settings.SIGNUP_ALLOWED_EMAIL_DOMAINS
        if allowed:
            domain = email.rpartition("@")[2].lower()
            if domain not in allowed:
                raise forms.ValidationError(
                    "Sign-up is open to staff addresses at "
                    + ", ".join(allowed)
                    + ". Please use your school e-mail address."
                )
        return email

    def login(self, request, user):
        # Accounts made outside sign-up (createsuperuser) get a profile on
        # their first sign-in, so every signed-in person has a name.
        from .models import Profile
        from .services import profile_create

        if not Profile.objects.filter(user=user).exists():
            profile_create(user=user, display_name=user.get_username().split("@")[0])
        return super().login(request, user)
