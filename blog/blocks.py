from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class QuotationBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    source = blocks.CharBlock(required=False, help_text="Who said it, or where it comes from")

    class Meta:
        icon = "openquote"
        template = "blog/blocks/quotation.html"
        preview_value = {
            "quote": "Every teacher needs to improve, not because they are not good enough, "
            "but because they can be even better.",
            "source": "Dylan Wiliam",
        }


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "image"
        template = "blog/blocks/image.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    description = blocks.CharBlock(required=False, help_text="What colleagues will find in it")

    class Meta:
        icon = "doc-full"
        template = "blog/blocks/document_link.html"


class ReflectionBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "h2", "h3", "blockquote"],
        icon="pilcrow",
        preview_value="<p>This month I tried hinge questions in every Year 9 lesson.</p>",
    )
    quotation = QuotationBlock()
    image = ImageBlock()
    embed = EmbedBlock(icon="media", help_text="A link to a video or other media")
    document = DocumentLinkBlock()
