"""The page tree of DESIGN.md, and the demo content that fills it.

Root → HomePage → CommunityIndexPage → CommunityPage → its sections (the
STAFFROOM_COMMUNITY_SECTIONS setting), with StandardPages beside the index.
Every page type states where it may live; these tests hold them to it."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from communities import factories
from communities.models import CommunityIndexPage, CommunityPage, Membership
from staffroom.models import HomePage, StandardPage

User = get_user_model()


def section_models() -> set[type[Page]]:
    return {apps.get_model(section["model"]) for section in settings.STAFFROOM_COMMUNITY_SECTIONS}


class PageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get()
        cls.index = factories.community_index(home=cls.home)
        cls.facilitator = factories.teacher(display_name="Fran Facilitator")
        cls.community = factories.community(facilitator=cls.facilitator, index=cls.index)

    def setUp(self):
        self.superuser = factories.teacher(display_name="Ada Admin")
        self.superuser.is_staff = self.superuser.is_superuser = True
        self.superuser.save()
        self.client.force_login(self.superuser)

    # -- HomePage ---------------------------------------------------------- #

    def test_home_page_sits_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertEqual(self.home.depth, 2)

    def test_home_page_holds_the_community_index_and_standard_pages(self):
        self.assertAllowedSubpageTypes(HomePage, {CommunityIndexPage, StandardPage})

    def test_there_is_only_one_home_page(self):
        # The type may sit at the root, but max_count keeps it to the one
        # Wagtail's migration made.
        self.assertCanCreateAt(Page, HomePage)
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))

    # -- StandardPage -------------------------------------------------------- #

    def test_standard_pages_live_under_the_home_page_only(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage})
        self.assertAllowedSubpageTypes(StandardPage, set())
        self.assertCanCreateAt(HomePage, StandardPage)
        for parent in (Page, CommunityIndexPage, CommunityPage, StandardPage, *section_models()):
            self.assertCanNotCreateAt(parent, StandardPage)

    def test_an_editor_can_create_a_standard_page(self):
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "About Staffroom",
                    "slug": "about",
                    "intro": "Who we are.",
                    "body": streamfield([("paragraph", rich_text("<p>Teachers.</p>"))]),
                }
            ),
        )

    # -- CommunityIndexPage ------------------------------------------------ #

    def test_community_index_lives_under_the_home_page(self):
        self.assertAllowedParentPageTypes(CommunityIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CommunityIndexPage, {CommunityPage})

    def test_there_is_only_one_community_index(self):
        self.assertFalse(CommunityIndexPage.can_create_at(self.home))
        self.assertEqual(factories.community_index().pk, self.index.pk)

    # -- CommunityPage ------------------------------------------------------ #

    def test_communities_live_in_the_community_index_only(self):
        self.assertAllowedParentPageTypes(CommunityPage, {CommunityIndexPage})
        self.assertCanCreateAt(CommunityIndexPage, CommunityPage)
        for parent in (Page, HomePage, CommunityPage, StandardPage):
            self.assertCanNotCreateAt(parent, CommunityPage)

    def test_communities_hold_exactly_the_sections_in_settings(self):
        self.assertAllowedSubpageTypes(CommunityPage, section_models())
        self.assertCanNotCreateAt(CommunityPage, StandardPage)
        self.assertCanNotCreateAt(CommunityPage, CommunityPage)

    def test_sections_live_in_communities(self):
        for model in section_models():
            self.assertAllowedParentPageTypes(model, {CommunityPage})

    def test_a_published_community_creates_its_sections_once(self):
        sections = self.community.get_children().specific()
        self.assertEqual({type(page) for page in sections}, section_models())
        self.assertTrue(all(page.live for page in sections))

        # Publishing again (an edit, say) adds nothing.
        self.community.save_revision().publish()
        self.assertEqual(self.community.get_children().count(), len(section_models()))

    def test_an_editor_can_create_a_community_in_the_admin(self):
        """Through the admin's own add form, as a site administrator would;
        publishing it makes its creator the facilitator and builds its sections."""
        self.assertCanCreate(
            self.index,
            CommunityPage,
            nested_form_data(
                {
                    "title": "Reading for Pleasure",
                    "slug": "reading-for-pleasure",
                    "purpose": "Building reading cultures.",
                    "focus": "Reading",
                    "meeting_rhythm": "Monthly",
                    "join_policy": "request",
                    "visibility": "members",
                }
            ),
        )
        community = CommunityPage.objects.get(slug="reading-for-pleasure")
        self.assertTrue(community.live)
        self.assertTrue(
            Membership.objects.filter(
                community=community, user=self.superuser, role="facilitator"
            ).exists()
        )
        self.assertEqual(
            {type(page) for page in community.get_children().specific()}, section_models()
        )
        self.assertTrue(community.get_view_restrictions().exists())
