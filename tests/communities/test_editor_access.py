"""The editor is where members write. A signed-in teacher without editor
access who follows a link into it gets one clear page, not a redirect loop
with a pile of identical warnings; a member coming to the editor's
dashboard is taken to their own work on the site."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_no_loop_for_a_teacher_in_no_community(open_community, make_teacher, client):
    stranger = make_teacher("Sam Stranger")
    client.force_login(stranger)
    url = reverse("wagtailadmin_pages:edit", args=[open_community.pk])
    response = client.get(url, follow=True)
    assert len(response.redirect_chain) <= 3
    assert response.status_code == 403
    html = response.content.decode()
    assert "The editor is for community members" in html
    assert html.count("You do not have permission") == 0
    # Going back into the editor again is the same single page, with no
    # warnings piled up from the visits before.
    again = client.get(reverse("wagtailadmin_home"), follow=True)
    assert again.status_code == 403 and len(again.redirect_chain) <= 3
    assert again.content.decode().count("You do not have permission") == 0


def test_signed_out_visitors_are_asked_to_sign_in_and_come_back(client, open_community):
    url = reverse("wagtailadmin_pages:edit", args=[open_community.pk])
    response = client.get(url, follow=True)
    assert response.request["PATH_INFO"] == reverse("account_login")
    assert url in response.request["QUERY_STRING"].replace("%2F", "/")


def test_a_member_going_to_the_editor_home_lands_on_their_work(open_community, member, client):
    client.force_login(member)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302 and response["Location"] == reverse("my_work")


def test_a_site_administrator_keeps_the_editor_dashboard(admin_user, client):
    client.force_login(admin_user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
