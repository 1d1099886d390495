"""Accounts, through real HTTP requests: sign-up with e-mail verification,
sign-in and sign-out, password reset without account enumeration, rate limits,
re-authentication, the Wagtail admin's login, the profile settings page, and
allauth's pages wearing the site's own layout."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from allauth.account import app_settings as allauth_settings
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from communities import factories
from communities.models import Phase, Profile

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "Chalk-and-Talk-2024"  # noqa: S105 — test accounts only
DEMO_PASSWORD = factories.DEFAULT_PASSWORD
SCHOOL_IP = "203.0.113.7"  # a whole school behind one address

SIGNUP_URL = "/accounts/signup/"
LOGIN_URL = "/accounts/login/"
LOGOUT_URL = "/accounts/logout/"
VERIFICATION_SENT_URL = "/accounts/confirm-email/"
RESET_URL = "/accounts/password/reset/"
RESET_DONE_URL = "/accounts/password/reset/done/"
EMAIL_URL = "/accounts/email/"
REAUTHENTICATE_URL = "/accounts/reauthenticate/"
PROFILE_URL = "/account/profile/"


# --------------------------------------------------------------------------- #
# helpers
# --------------------------------------------------------------------------- #


def sign_up(client: Client, email: str, *, name: str = "Amina Patel", school="", **extra):
    data = {
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": name,
        "school": school,
        **extra,
    }
    return client.post(SIGNUP_URL, data)


def sign_in(client: Client, email: str, password: str = PASSWORD, **extra):
    return client.post(LOGIN_URL, {"login": email, "password": password}, **extra)


def signed_in_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def confirmation_path(message) -> str:
    match = re.search(r"https?://testserver(/accounts/confirm-email/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


class _FormControls(HTMLParser):
    """Collects the ids of visible form controls and the `for` of labels."""

    def __init__(self):
        super().__init__()
        self.controls: list[str | None] = []
        self.labelled: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])
        elif tag in {"input", "select", "textarea"} and attrs.get("type") not in {
            "hidden",
            "submit",
            "button",
        }:
            self.controls.append(attrs.get("id"))


def unlabelled_controls(html: str) -> list[str | None]:
    parser = _FormControls()
    parser.feed(html)
    return [c for c in parser.controls if c is None or c not in parser.labelled]


def assert_site_layout(response) -> None:
    """The page is rendered inside templates/base.html, not allauth's bare one."""
    html = response.text
    assert 'class="skip-link" href="#main"' in html
    assert '<header class="site-header">' in html
    assert '<main id="main"' in html
    assert "account-page" in html  # the accounts body class from our layout
    assert "css/staffroom.css" in html


def age_authentication_records(client: Client, seconds: int) -> None:
    """Pretend every authentication in this session happened `seconds` ago.
    allauth keeps them as a list of {"method", "at": time.time(), …} in the
    session (allauth.account.internal.flows.login.record_authentication)."""
    session = client.session
    records = session["account_authentication_methods"]
    for record in records:
        record["at"] -= seconds
    session["account_authentication_methods"] = records
    session.save()


# --------------------------------------------------------------------------- #
# sign-up and e-mail verification
# --------------------------------------------------------------------------- #


def test_signup_form_asks_for_email_password_name_and_school(client, school, other_school):
    response = client.get(SIGNUP_URL)

    assert response.status_code == 200
    html = response.text
    for name in ("email", "password1", "password2", "display_name", "school"):
        assert f'name="{name}"' in html
    # The schools are offered, and the <select> tells the script which
    # e-mail domain belongs to which school.
    assert "Northfield Academy" in html and "Riverside Primary" in html
    assert (
        f'data-school-domains="northfield.sch.uk={school.pk},riverside.sch.uk={other_school.pk}"'
        in html
    )
    assert "js/signup.js" in html
    assert unlabelled_controls(html) == []


def test_signup_creates_profile_and_sends_verification_but_does_not_sign_in(
    client, school, other_school
):
    # An address at Northfield, but the teacher picks Riverside: their choice wins.
    response = sign_up(
        client, "amina.patel@northfield.sch.uk", name="  Ms Amina Patel ", school=other_school.pk
    )

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL
    user = User.objects.get(email="amina.patel@northfield.sch.uk")
    profile = Profile.objects.get(user=user)
    assert profile.display_name == "Ms Amina Patel"
    assert profile.handle == "ms-amina-patel"
    assert profile.school == other_school
    assert EmailAddress.objects.filter(user=user, verified=False, primary=True).count() == 1
    # Verified before the first sign-in: no session yet.
    assert signed_in_user_id(client) is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amina.patel@northfield.sch.uk"]
    assert message.subject.startswith("[Staffroom] ")
    confirmation_path(message)

    page = client.get(VERIFICATION_SENT_URL)
    assert page.status_code == 200
    assert "Verify Your Email Address" in page.text
    assert_site_layout(page)


def test_cannot_sign_in_before_verifying(client, school):
    sign_up(client, "ben@northfield.sch.uk", name="Ben Ode")

    browser = Client(REMOTE_ADDR=SCHOOL_IP)
    response = sign_in(browser, "ben@northfield.sch.uk")

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL
    assert signed_in_user_id(browser) is None
    assert browser.get(PROFILE_URL).status_code == 302  # still anonymous


def test_confirmation_link_shows_a_page_then_verifies_and_signs_in(client, school):
    sign_up(client, "cara@northfield.sch.uk", name="Cara Lee")
    user = User.objects.get(email="cara@northfield.sch.uk")
    path = confirmation_path(mail.outbox[0])

    # Following the link only shows a page: mail scanners that fetch links
    # must not confirm anything.
    page = client.get(path)
    assert page.status_code == 200
    assert "Confirm Email Address" in page.text
    assert 'method="post"' in page.text
    assert_site_layout(page)
    assert not EmailAddress.objects.get(user=user).verified
    assert signed_in_user_id(client) is None

    response = client.post(path)

    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert signed_in_user_id(client) == user.pk
    assert response["Location"] == "/"
    assert client.get(PROFILE_URL).status_code == 200


def test_confirming_in_another_browser_verifies_and_then_sign_in_works(client, school):
    sign_up(client, "dev@northfield.sch.uk", name="Dev Shah")
    path = confirmation_path(mail.outbox[0])

    phone = Client()
    phone.post(path)

    user = User.objects.get(email="dev@northfield.sch.uk")
    assert EmailAddress.objects.get(user=user).verified
    # Signing in on verification only happens in the browser that signed up.
    assert signed_in_user_id(phone) is None

    response = sign_in(phone, "dev@northfield.sch.uk")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(phone) == user.pk


def test_school_is_preselected_from_the_email_domain_when_left_blank(client, school, other_school):
    sign_up(client, "Ed.Jones@Northfield.SCH.uk", name="Ed Jones", school="")

    profile = Profile.objects.get(user__email__iexact="ed.jones@northfield.sch.uk")
    assert profile.school == school


def test_no_school_when_left_blank_and_the_domain_is_unknown(client, school):
    sign_up(client, "fay@gmail.example", name="Fay Gray", school="")

    assert Profile.objects.get(user__email="fay@gmail.example").school is None


def test_signup_needs_a_display_name(client, school):
    response = sign_up(client, "gil@northfield.sch.uk", name="   ")

    assert response.status_code == 200
    assert 'class="field field--error"' in response.text
    assert not User.objects.filter(email="gil@northfield.sch.uk").exists()
    assert mail.outbox == []


def test_signup_with_a_taken_address_looks_the_same_and_creates_nothing(client, make_teacher):
    """No account enumeration at sign-up: the page answers as for a new
    address; the owner of the address is told by e-mail instead."""
    make_teacher("Hana Existing", email="hana@northfield.sch.uk")

    response = sign_up(client, "hana@northfield.sch.uk", name="Someone Else")

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL
    assert User.objects.filter(email="hana@northfield.sch.uk").count() == 1
    assert not Profile.objects.filter(display_name="Someone Else").exists()
    assert [m.to for m in mail.outbox] == [["hana@northfield.sch.uk"]]
    assert "/accounts/confirm-email/" not in mail.outbox[0].body


# --------------------------------------------------------------------------- #
# optional e-mail domain allow-list
# --------------------------------------------------------------------------- #


def test_allow_list_refuses_other_domains_and_creates_nothing(client, settings, school):
    settings.SIGNUP_ALLOWED_EMAIL_DOMAINS = ["northfield.sch.uk"]

    response = sign_up(client, "ivy@gmail.example", name="Ivy Stone")

    assert response.status_code == 200
    assert "Sign-up is open to staff addresses at northfield.sch.uk" in response.text
    assert 'class="field field--error"' in response.text
    assert not User.objects.filter(email="ivy@gmail.example").exists()
    assert not Profile.objects.filter(display_name="Ivy Stone").exists()
    assert mail.outbox == []


def test_allow_list_lets_listed_domains_sign_up(client, settings, school):
    settings.SIGNUP_ALLOWED_EMAIL_DOMAINS = ["northfield.sch.uk"]

    response = sign_up(client, "jo@northfield.sch.uk", name="Jo King")

    assert response.status_code == 302
    assert Profile.objects.get(user__email="jo@northfield.sch.uk").school == school
    assert len(mail.outbox) == 1


def test_allow_list_only_gates_sign_up_not_existing_accounts(client, settings, make_teacher):
    """An account from before the list (or the site administrator's) keeps
    signing in and resetting its password."""
    make_teacher("Kit Admin", email="kit@staffroom.example")
    settings.SIGNUP_ALLOWED_EMAIL_DOMAINS = ["northfield.sch.uk"]

    response = client.post(RESET_URL, {"email": "kit@staffroom.example"})
    assert response.status_code == 302
    assert "/accounts/password/reset/key/" in mail.outbox[0].body

    response = sign_in(Client(), "kit@staffroom.example", DEMO_PASSWORD)
    assert response.status_code == 302


# --------------------------------------------------------------------------- #
# sign in, sign out, password reset
# --------------------------------------------------------------------------- #


def test_sign_in_by_email_and_sign_out_by_post(client, make_teacher):
    user = make_teacher("Lou Reed", email="lou@northfield.sch.uk")

    response = sign_in(client, "lou@northfield.sch.uk", DEMO_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == user.pk

    # A GET only asks (a link or an <img> must not sign anyone out)…
    page = client.get(LOGOUT_URL)
    assert page.status_code == 200
    assert_site_layout(page)
    assert signed_in_user_id(client) == user.pk
    # …the POST signs out.
    response = client.post(LOGOUT_URL)
    assert response.status_code == 302
    assert signed_in_user_id(client) is None


def test_sign_in_follows_next(client, make_teacher):
    make_teacher("Max Next", email="max@northfield.sch.uk")

    response = client.post(
        f"{LOGIN_URL}?next={PROFILE_URL}",
        {"login": "max@northfield.sch.uk", "password": DEMO_PASSWORD},
    )

    assert response["Location"] == PROFILE_URL


def test_wrong_password_shows_an_error_and_no_session(client, make_teacher):
    make_teacher("Nia Wrong", email="nia@northfield.sch.uk")

    response = sign_in(client, "nia@northfield.sch.uk", "not-my-password")

    assert response.status_code == 200
    assert 'class="form-errors" role="alert"' in response.text
    assert "The email address and/or password you specified are not correct." in response.text
    assert signed_in_user_id(client) is None
    assert_site_layout(response)


def test_password_reset_does_not_reveal_whether_an_account_exists(make_teacher):
    make_teacher("Oli Known", email="oli@northfield.sch.uk")

    known = Client().post(RESET_URL, {"email": "oli@northfield.sch.uk"}, follow=True)
    unknown = Client().post(RESET_URL, {"email": "nobody@northfield.sch.uk"}, follow=True)

    # What the person at the keyboard sees is the same, word for word.
    assert known.redirect_chain == unknown.redirect_chain == [(RESET_DONE_URL, 302)]
    assert known.status_code == unknown.status_code == 200

    def main(response):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.text)

    assert main(known) == main(unknown)
    assert_site_layout(known)

    # Only the real account gets a reset link. allauth 65 (with
    # ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS on, its default) tells the unknown
    # address that someone asked, with no link to anything.
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    assert set(by_recipient) == {("oli@northfield.sch.uk",), ("nobody@northfield.sch.uk",)}
    assert "/accounts/password/reset/key/" in by_recipient[("oli@northfield.sch.uk",)].body
    unknown_mail = by_recipient[("nobody@northfield.sch.uk",)]
    assert "/accounts/password/reset/key/" not in unknown_mail.body
    assert "Unknown Account" in unknown_mail.subject


def test_password_reset_link_sets_a_new_password(client, make_teacher):
    user = make_teacher("Pip Reset", email="pip@northfield.sch.uk")
    client.post(RESET_URL, {"email": "pip@northfield.sch.uk"})
    link = re.search(r"https?://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)

    # allauth moves the key out of the URL into the session, then shows the form.
    response = client.get(link.group(1), follow=True)
    assert response.status_code == 200
    assert_site_layout(response)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"password1": "New-Chalk-2025", "password2": "New-Chalk-2025"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("New-Chalk-2025")


# --------------------------------------------------------------------------- #
# rate limits
# --------------------------------------------------------------------------- #


def test_failed_sign_ins_lock_the_account_even_for_the_right_password(make_teacher):
    make_teacher("Quinn Target", email="quinn@northfield.sch.uk")
    browser = Client(REMOTE_ADDR=SCHOOL_IP)

    for _ in range(5):
        response = sign_in(browser, "quinn@northfield.sch.uk", "guess")
        assert "are not correct" in response.text

    response = sign_in(browser, "quinn@northfield.sch.uk", DEMO_PASSWORD)

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.text
    assert signed_in_user_id(browser) is None
    # Another browser (another address even) is locked out of that account
    # too: the limit is per account, not per connection.
    response = sign_in(Client(REMOTE_ADDR="198.51.100.1"), "quinn@northfield.sch.uk", DEMO_PASSWORD)
    assert "Too many failed login attempts" in response.text
    # Colleagues on the same network are not affected.
    colleague = make_teacher("Rex Colleague", email="rex@northfield.sch.uk")
    other = Client(REMOTE_ADDR=SCHOOL_IP)
    sign_in(other, "rex@northfield.sch.uk", DEMO_PASSWORD)
    assert signed_in_user_id(other) == colleague.pk


def test_a_whole_school_can_sign_in_from_one_address(make_teacher):
    """allauth's default is 30 sign-ins a minute per IP; a school's staff
    arriving for a meeting behind one NAT address must all get in."""
    teachers = [make_teacher(f"Staff {n}", email=f"staff{n}@northfield.sch.uk") for n in range(40)]

    for user in teachers:
        browser = Client(REMOTE_ADDR=SCHOOL_IP)
        response = sign_in(browser, user.email, DEMO_PASSWORD)
        assert response.status_code == 302, response.content[:300]
        assert signed_in_user_id(browser) == user.pk


def test_colleagues_mistyping_from_one_address_do_not_lock_out_the_school(make_teacher):
    """allauth's default locks an IP after 10 failed sign-ins a minute; at a
    school that is a dozen people mistyping once each."""
    teachers = [make_teacher(f"Typo {n}", email=f"typo{n}@northfield.sch.uk") for n in range(15)]
    for user in teachers:
        sign_in(Client(REMOTE_ADDR=SCHOOL_IP), user.email, "oops")

    for user in teachers:
        browser = Client(REMOTE_ADDR=SCHOOL_IP)
        sign_in(browser, user.email, DEMO_PASSWORD)
        assert signed_in_user_id(browser) == user.pk


# --------------------------------------------------------------------------- #
# re-authentication before sensitive changes
# --------------------------------------------------------------------------- #


def test_adding_an_email_address_asks_for_the_password_again(client, make_teacher):
    user = make_teacher("Sam Secure", email="sam@northfield.sch.uk")
    sign_in(client, "sam@northfield.sch.uk", DEMO_PASSWORD)

    # allauth 65 counts only an explicit re-authentication (a session record
    # with "reauthenticated": True, younger than ACCOUNT_REAUTHENTICATION_TIMEOUT),
    # not the sign-in itself, so even a fresh session is asked.
    response = client.post(EMAIL_URL, {"action_add": "", "email": "sam@home.example"})

    assert response.status_code == 302
    assert response["Location"] == f"{REAUTHENTICATE_URL}?next=%2Faccounts%2Femail%2F"
    assert not EmailAddress.objects.filter(email="sam@home.example").exists()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert_site_layout(page)
    assert unlabelled_controls(page.text) == []

    # A wrong password does not get through.
    response = client.post(response["Location"], {"password": "nope"})
    assert response.status_code == 200
    assert not EmailAddress.objects.filter(email="sam@home.example").exists()

    # The right one carries out the change that was asked for.
    response = client.post(
        f"{REAUTHENTICATE_URL}?next=%2Faccounts%2Femail%2F", {"password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    added = EmailAddress.objects.get(email="sam@home.example")
    assert added.user == user and not added.verified
    assert [m.to for m in mail.outbox] == [["sam@home.example"]]


def test_reauthentication_lasts_a_few_minutes_only(client, make_teacher):
    user = make_teacher("Tia Timer", email="tia@northfield.sch.uk")
    sign_in(client, "tia@northfield.sch.uk", DEMO_PASSWORD)
    client.post(f"{REAUTHENTICATE_URL}?next=/", {"password": DEMO_PASSWORD})

    # Just confirmed: the change goes straight through.
    response = client.post(EMAIL_URL, {"action_add": "", "email": "tia@one.example"})
    assert response["Location"] == EMAIL_URL
    assert EmailAddress.objects.filter(user=user, email="tia@one.example").exists()

    # Once the last authentication is older than the timeout, ask again.
    age_authentication_records(client, allauth_settings.REAUTHENTICATION_TIMEOUT + 1)
    response = client.post(EMAIL_URL, {"action_add": "", "email": "tia@two.example"})
    assert response["Location"].startswith(REAUTHENTICATE_URL)
    assert not EmailAddress.objects.filter(email="tia@two.example").exists()


def test_changing_the_password_asks_for_the_current_one(client, make_teacher):
    user = make_teacher("Uma Change", email="uma@northfield.sch.uk")
    sign_in(client, "uma@northfield.sch.uk", DEMO_PASSWORD)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": "wrong", "password1": "Fresh-Chalk-77", "password2": "Fresh-Chalk-77"},
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)
    assert_site_layout(response)


# --------------------------------------------------------------------------- #
# the Wagtail admin signs in through allauth only
# --------------------------------------------------------------------------- #


def test_admin_sends_anonymous_visitors_to_allauth(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/admin/"


def test_admin_login_page_redirects_to_allauth_and_keeps_next(client):
    response = client.get("/admin/login/?next=/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/admin/pages/"


def test_posting_credentials_to_the_admin_login_signs_nobody_in(client, admin_user):
    response = client.post(
        "/admin/login/", {"username": admin_user.email, "password": DEMO_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert signed_in_user_id(client) is None
    assert client.get("/admin/").status_code == 302


def test_wagtail_password_reset_is_off(client):
    assert client.get("/admin/password_reset/").status_code == 404


def test_admin_account_page_cannot_change_email_or_password(client, member, open_community):
    """The Wagtail admin's own account page would change the address without
    re-authentication or verification: e-mail and password live in allauth."""
    client.force_login(member)
    page = client.get("/admin/account/")
    assert page.status_code == 200
    assert 'name="name_email-email"' not in page.text
    assert 'name="password-new_password1"' not in page.text


def test_admin_signs_in_through_allauth_and_lands_in_the_admin(client, admin_user):
    response = client.post(
        f"{LOGIN_URL}?next=/admin/", {"login": admin_user.email, "password": DEMO_PASSWORD}
    )

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


# --------------------------------------------------------------------------- #
# profile settings
# --------------------------------------------------------------------------- #


def test_profile_settings_need_sign_in(client):
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={PROFILE_URL}"


def test_owner_edits_their_profile(client, make_teacher, other_school):
    user = make_teacher("Vic Before", email="vic@northfield.sch.uk")
    sign_in(client, "vic@northfield.sch.uk", DEMO_PASSWORD)

    page = client.get(PROFILE_URL)
    assert page.status_code == 200
    assert 'value="Vic Before"' in page.text
    assert unlabelled_controls(page.text) == []

    response = client.post(
        PROFILE_URL,
        {
            "display_name": "Victoria After",
            "school": other_school.pk,
            "subject": "Chemistry",
            "phase": Phase.SECONDARY,
            "bio": "Retrieval practice in KS4 science.",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    profile = Profile.objects.get(user=user)
    assert profile.display_name == "Victoria After"
    assert profile.school == other_school
    assert profile.subject == "Chemistry"
    assert profile.phase == Phase.SECONDARY
    assert profile.bio == "Retrieval practice in KS4 science."
    assert "Your profile is saved." in client.get(PROFILE_URL).text


def test_invalid_profile_re_renders_with_errors_and_changes_nothing(client, make_teacher, school):
    user = make_teacher("Wyn Keep", email="wyn@northfield.sch.uk", subject="History")
    sign_in(client, "wyn@northfield.sch.uk", DEMO_PASSWORD)

    response = client.post(
        PROFILE_URL,
        {"display_name": "   ", "school": "", "subject": "Maths", "phase": "", "bio": "Changed"},
    )

    assert response.status_code == 200
    assert 'class="field field--error"' in response.text
    assert "Please correct the errors below." in response.text
    profile = Profile.objects.get(user=user)
    assert (profile.display_name, profile.subject, profile.school, profile.bio) == (
        "Wyn Keep",
        "History",
        school,
        "",
    )


def test_account_made_outside_sign_up_gets_a_profile_on_first_sign_in(client, school):
    user = factories.UserFactory(email="head@northfield.sch.uk")
    assert not Profile.objects.filter(user=user).exists()

    response = sign_in(client, "head@northfield.sch.uk", DEMO_PASSWORD)

    assert response.status_code == 302
    profile = Profile.objects.get(user=user)
    assert profile.display_name == "head"
    assert profile.school == school
    assert client.get(PROFILE_URL).status_code == 200


# --------------------------------------------------------------------------- #
# allauth's pages wear the site's layout
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    "url",
    [LOGIN_URL, SIGNUP_URL, RESET_URL, RESET_DONE_URL, VERIFICATION_SENT_URL],
)
def test_anonymous_account_pages_use_the_site_layout(client, school, url):
    response = client.get(url)

    assert response.status_code == 200
    assert_site_layout(response)
    assert unlabelled_controls(response.text) == []
    assert "<h1>" in response.text


@pytest.mark.parametrize(
    "url",
    [EMAIL_URL, "/accounts/password/change/", REAUTHENTICATE_URL, LOGOUT_URL],
)
def test_signed_in_account_pages_use_the_site_layout(client, make_teacher, url):
    make_teacher("Xan Pages", email="xan@northfield.sch.uk")
    sign_in(client, "xan@northfield.sch.uk", DEMO_PASSWORD)

    response = client.get(url)

    assert response.status_code == 200
    assert_site_layout(response)
    assert unlabelled_controls(response.text) == []


def test_account_forms_use_the_site_form_styles(client, make_teacher):
    login = client.get(LOGIN_URL).text
    assert 'class="stacked-form account-form"' in login
    assert '<div class="field">' in login
    assert 'class="button"' in login
    assert "Forgot your password?" in login  # help text kept, linked to its field

    make_teacher("Yas Radio", email="yas@northfield.sch.uk")
    sign_in(client, "yas@northfield.sch.uk", DEMO_PASSWORD)
    email_page = client.get(EMAIL_URL).text
    assert 'type="radio"' in email_page and 'class="field field--check"' in email_page
    assert 'class="button button--danger"' in email_page  # "Remove"
    assert 'class="badge' in email_page  # "Verified" / "Primary"
