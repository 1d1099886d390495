from allauth.account.adapter import DefaultAccountAdapter

from .models import Profile
from .services import profile_create


class AccountAdapter(DefaultAccountAdapter):
    def login(self, request, user):
        # Accounts made outside sign-up (createsuperuser) get a profile on
        # their first sign-in, so every signed-in person has a name.
        if not Profile.objects.filter(user=user).exists():
            profile_create(user=user, display_name=user.get_username().split("@")[0])
        return super().login(request, user)


def user_display(user) -> str:
    """How allauth names a person in its messages: their display name."""
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else user.get_username()
