"""The spiral of inquiry: the stages an inquiry moves through and the
question each asks."""

from django.db import models


class Stage(models.IntegerChoices):
    """The spiral of inquiry (Timperley, Kaser & Halbert), one stage at a time."""

    SCANNING = 1, "Scanning"
    FOCUSING = 2, "Focusing"
    HUNCH = 3, "Developing a hunch"
    NEW_LEARNING = 4, "New learning"
    TAKING_ACTION = 5, "Taking action"
    CHECKING = 6, "Checking"


GUIDING_QUESTIONS = {
    Stage.SCANNING: "What's going on for our learners? How do we know?",
    Stage.FOCUSING: "Where will concentrating our energies make the most difference?",
    Stage.HUNCH: "How are we contributing to this situation?",
    Stage.NEW_LEARNING: "What do we need to learn, and where?",
    Stage.TAKING_ACTION: "What will we do differently?",
    Stage.CHECKING: "Have we made enough of a difference?",
}


class StepState(models.TextChoices):
    """Where a stage stands for one inquiry, as its stepper shows it."""

    DONE = "done", "done"
    CURRENT = "current", "current stage"
    TODO = "todo", "to come"
