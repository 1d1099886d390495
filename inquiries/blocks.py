from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class ObservationBlock(blocks.StructBlock):
    date = blocks.DateBlock(required=False)
    note = blocks.TextBlock(help_text="What you saw or heard, as plainly as you can put it.")

    class Meta:
        icon = "view"
        template = "inquiries/blocks/observation.html"
        label = "Observation note"
        preview_value = {"note": "Eight of the twelve pairs used the sentence stems unprompted."}


class WorkSampleBlock(blocks.StructBlock):
    """A sample of learners' work, as a picture or a document — never with a
    learner's name on it."""

    image = ImageChooserBlock(required=False)
    document = DocumentChooserBlock(required=False)
    caption = blocks.CharBlock(help_text="What this sample shows. No learner names.")

    class Meta:
        icon = "doc-full-inverse"
        template = "inquiries/blocks/work_sample.html"
        label = "Learner work sample"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("image") and not value.get("document"):
            raise StructBlockValidationError(
                block_errors={"image": ValidationError("Add an image or a document.")}
            )
        return value


class DataTableBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False)
    table = TableBlock(table_options={"startRows": 3, "startCols": 3, "colHeaders": False})

    class Meta:
        icon = "table"
        template = "inquiries/blocks/data_table.html"
        label = "Small data table"


class LearnerQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    who = blocks.CharBlock(required=False, help_text='e.g. "Year 8 student" — never a name')

    class Meta:
        icon = "openquote"
        template = "inquiries/blocks/learner_quote.html"
        label = "Learner quote"
        preview_value = {
            "quote": "I like it when we check before we move on.",
            "who": "Year 9 student",
        }


class EvidenceBlock(blocks.StreamBlock):
    observation = ObservationBlock()
    work_sample = WorkSampleBlock()
    data_table = DataTableBlock()
    learner_quote = LearnerQuoteBlock()
