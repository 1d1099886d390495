import pytest

pytestmark = pytest.mark.django_db


def test_community_page_renders_for_anonymous_visitor(client, open_community):
    response = client.get(open_community.url)
    assert response.status_code == 200
    assert "Formative Assessment" in response.text
