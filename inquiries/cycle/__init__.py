"""The Teacher Learning Community cycle: monthly meetings with the TLC
agenda, each member's personal action plan carried from one meeting to the
next, peer-observation buddies, and reminders timed to the meetings.

Its models are registered through `inquiries.models`; the rest of the
package is read in this order: models, selectors, services, forms, views,
calendar (the iCalendar feed), reminders."""
