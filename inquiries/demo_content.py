"""The demo's inquiries: each teacher's own question about their own
learners, at every stage of the spiral, with the note they wrote at each
stage they moved on from.

Evidence is written as ("observation", days ago, note), ("quote", words,
who said them) or ("table", title, rows); `notes` has one note per stage
the inquiry has moved on from; `thread` is a conversation on the inquiry
page, as in the reflections.
"""

from __future__ import annotations

from communities.models import Phase

from .stages import Stage

INQUIRIES = [
    # ------------------------------------------------------------------ #
    # Formative Assessment TLC
    # ------------------------------------------------------------------ #
    {
        "community": "formative-assessment",
        "author": "Amina Patel",
        "co": ["Kwame Asante"],
        "title": "Do hinge questions help Year 9 notice misconceptions?",
        "question": "Will a hinge question at the midpoint of each lesson change what we re-teach?",
        "subject": "Mathematics",
        "phase": Phase.SECONDARY,
        "learners": "Two Year 9 sets (9X and 9Y), mixed attainment, taught by Amina and Kwame.",
        "tried": "One hinge question per lesson on fractions and ratio, answered on "
        "mini-whiteboards, with the spread shown before any answer is revealed.",
        "plan": "A tally of first-time correct answers per lesson; a five-question student survey "
        "at the start and end.",
        "stage": Stage.TAKING_ACTION,
        "notes": [
            "Looked at the autumn assessment: equivalent fractions and ratio errors in both sets.",
            "Narrowed it to one habit of ours — moving on after 'any questions?' met silence.",
            "Our hunch: silence is not understanding, and the quiet students are the ones we miss.",
            "Read Wiliam on hinge questions and watched each other teach one.",
        ],
        "shared": True,
        "weeks_ago": 5,
        "evidence": [
            (
                "observation",
                20,
                "11 of 28 chose the right answer on day two; after re-teaching, 24.",
            ),
            (
                "table",
                "Correct first time",
                [
                    ["Week", "9X", "9Y"],
                    ["1", "41%", "48%"],
                    ["2", "55%", "60%"],
                    ["3", "68%", "71%"],
                ],
            ),
            ("quote", "I like it when we check before we move on.", "Year 9 student"),
        ],
        "tags": ["formative assessment", "questioning"],
        "thread": [
            (
                "Priya Nair",
                None,
                "question",
                "Will you keep the same sets through to the end, so the weeks compare?",
            ),
            (
                "Amina Patel",
                0,
                "comment",
                "Yes — and Kwame's set is a week behind mine, which gives us a rough comparison.",
            ),
        ],
    },
    {
        "community": "formative-assessment",
        "author": "Tom Becker",
        "co": [],
        "title": "Mini-whiteboards in Year 8 science",
        "question": "Does every-pupil response show me who hasn't understood forces?",
        "subject": "Science",
        "phase": Phase.SECONDARY,
        "learners": "8T3, 27 students, the forces and motion unit.",
        "tried": "Mini-whiteboards for every diagnostic question, with 'not sure yet' allowed.",
        "plan": "Photos of the boards for three questions a lesson; the end-of-unit test.",
        "stage": Stage.FOCUSING,
        "notes": ["Scanned the unit test from last year: half the marks lost on balanced forces."],
        "shared": False,
        "weeks_ago": 3,
        "evidence": [
            (
                "observation",
                8,
                "Three students held up blank boards every time — all three quiet in discussion.",
            )
        ],
        "tags": ["formative assessment", "science"],
    },
    {
        "community": "formative-assessment",
        "author": "Marcus Reid",
        "co": [],
        "title": "Think-pair-share before cold calling in Year 10 computing",
        "question": "Does ninety seconds of paired rehearsal before cold calling cut the number "
        "of 'don't know' answers when tracing code?",
        "subject": "Computing",
        "phase": Phase.SECONDARY,
        "learners": "10C2, 24 students, GCSE computer science, programming unit.",
        "tried": "Ninety seconds of think-pair-share, then a lolly stick; pairs may answer "
        "together.",
        "plan": "Count 'don't know' answers per lesson for three weeks before and four "
        "weeks after.",
        "stage": Stage.CHECKING,
        "notes": [
            "Cold calling made the group quieter: 'don't know' in nearly every lesson.",
            "Focused on tracing while loops, where the freezes happen.",
            "Hunch: they freeze because they have never said a trace aloud before being asked.",
            "Read about think-pair-share and watched Grace use rehearsal time in English.",
            "Four weeks of paired rehearsal before every cold call; tally kept each lesson.",
        ],
        "shared": True,
        "weeks_ago": 8,
        "evidence": [
            (
                "table",
                "'Don't know' answers per lesson",
                [["Week", "Count"], ["Before", "7"], ["1", "4"], ["2", "2"], ["4", "1"]],
            ),
            ("quote", "It's less scary when you've already said it to someone.", "Year 10 student"),
        ],
        "impact": "'Don't know' answers fell from seven a lesson to one, and traces got longer.",
        "complete": True,
        "tags": ["questioning", "computing"],
    },
    {
        "community": "formative-assessment",
        "author": "Priya Nair",
        "co": [],
        "title": "Whole-class feedback sheets in Year 8 maths",
        "question": "Does a whole-class feedback sheet with a re-teach starter improve Year 8 "
        "corrections more than written comments in books?",
        "subject": "Mathematics",
        "phase": Phase.SECONDARY,
        "learners": "Two Year 8 classes: 8P1 gets the sheet, 8P2 comments for the first half-term.",
        "tried": "A weekly sheet of common errors, great work and three starter questions.",
        "plan": "Corrections completed and correct, per class, per week; marking time logged.",
        "stage": Stage.HUNCH,
        "notes": [
            "Noticed my written comments were rarely acted on: two in ten corrections done.",
            "Focusing on substitution with negative numbers, where the same errors recur.",
        ],
        "shared": False,
        "weeks_ago": 4,
        "evidence": [
            ("observation", 15, "8P1 corrected 19 of 27 substitution errors the lesson after."),
        ],
        "tags": ["feedback", "mathematics"],
    },
    # ------------------------------------------------------------------ #
    # Early Career Teachers' Circle
    # ------------------------------------------------------------------ #
    {
        "community": "early-career-circle",
        "author": "Fatima Hussain",
        "co": [],
        "title": "Instructions before equipment in practicals",
        "question": "If equipment stays on the side bench until I've checked understanding, do "
        "practicals start calmer?",
        "subject": "Science",
        "phase": Phase.SECONDARY,
        "learners": "9F4, my Friday period 5 class, 26 students.",
        "tried": "Equipment on the side bench; instructions; two check questions; one student "
        "per group collects a tray.",
        "plan": "Minutes from the start of the lesson to every group working safely; incidents.",
        "stage": Stage.NEW_LEARNING,
        "notes": [
            "Three of my last four practicals started with groups working before I'd finished.",
            "Focusing on the first five minutes of practical lessons.",
            "Hunch: the equipment on the benches is the starting signal, not my instructions.",
        ],
        "shared": True,
        "weeks_ago": 4,
        "evidence": [
            (
                "observation",
                4,
                "First practical with the new routine: all groups started within two minutes, "
                "no spills.",
            )
        ],
        "tags": ["practicals", "behaviour"],
        "feedback": (
            "Dr Helen Okafor",
            "This is exactly the kind of small, precise change that lasts. "
            "Would you show the routine at the science department meeting?",
        ),
    },
    {
        "community": "early-career-circle",
        "author": "Leo Novak",
        "co": [],
        "title": "Rehearsal routines in Year 7 music",
        "question": "Does a fixed warm-up routine reduce the time to start rehearsing?",
        "subject": "Music",
        "phase": Phase.SECONDARY,
        "learners": "Three Year 7 classes in the keyboard room.",
        "tried": "The same three-minute warm-up every lesson: clap back, scale, one chord change.",
        "plan": "Minutes from the bell to the first note played together, each lesson.",
        "stage": Stage.CHECKING,
        "notes": [
            "Lessons lost nine minutes before any music was made.",
            "Focused on the transition from the door to the keyboards.",
            "Hunch: without a routine the keyboards are toys for the first ten minutes.",
            "Watched a primary music lead's warm-up and borrowed its shape.",
            "Eight weeks with the routine, timed every lesson.",
        ],
        "shared": True,
        "weeks_ago": 10,
        "evidence": [
            (
                "table",
                "Minutes to first note",
                [["Week", "Minutes"], ["1", "9"], ["4", "4"], ["8", "3"]],
            )
        ],
        "impact": "Start time fell from nine minutes to three and stayed there.",
        "feedback": (
            "Mrs Farah Siddiqui",
            "Lovely clear evidence. Let's talk about sharing this with the "
            "other arts teachers next term.",
        ),
        "tags": ["routines", "music"],
    },
    {
        "community": "early-career-circle",
        "author": "Daniel Cohen",
        "co": [],
        "title": "Feedback codes on A-level English essays",
        "question": "Do two margin codes and a rewrite lesson improve analysis in Year 12 "
        "essays on The Handmaid's Tale?",
        "subject": "English literature",
        "phase": Phase.POST_16,
        "learners": "Year 12 English literature, 22 students.",
        "tried": "Codes E and A in the margin; a feedback lesson rewriting one paragraph.",
        "plan": "Compare the analysis strand of the first and third essays.",
        "stage": Stage.SCANNING,
        "notes": [],
        "shared": False,
        "weeks_ago": 1,
        "evidence": [],
        "tags": ["feedback", "post-16"],
    },
    # ------------------------------------------------------------------ #
    # Reading for Pleasure
    # ------------------------------------------------------------------ #
    {
        "community": "reading-for-pleasure",
        "author": "Mei Chen",
        "co": ["Ben Whitaker"],
        "title": "Ten minutes of reading aloud, every day",
        "question": "Does a daily read-aloud with no questions change how many children choose "
        "to read?",
        "subject": "Reading",
        "phase": Phase.PRIMARY,
        "learners": "Year 2 (Mei) and Year 6 (Ben) at Riverside, 58 children.",
        "tried": "Ten minutes of reading aloud after lunch, no questions, the children's choice "
        "of book once a week.",
        "plan": "Children choosing a book at free time, counted on the same day each week.",
        "stage": Stage.CHECKING,
        "notes": [
            "At free time, six children in Year 2 and four in Year 6 chose a book.",
            "Focused on free-time choice, not reading scores.",
            "Hunch: the children have stopped hearing books read for their own sake.",
            "Read Teresa Cremin's work on reading for pleasure; visited Rosa's Reception class.",
            "Six weeks of daily read-aloud in both classes.",
        ],
        "shared": True,
        "weeks_ago": 9,
        "evidence": [
            (
                "table",
                "Children choosing a book at free time",
                [["Week", "Year 2", "Year 6"], ["1", "6", "4"], ["6", "15", "11"]],
            ),
            ("quote", "Can we have the next chapter now?", "Year 2 child"),
        ],
        "impact": "Children choosing to read at free time more than doubled in both classes.",
        "complete": True,
        "tags": ["reading aloud"],
        "thread": [
            (
                "Rosa Alvarez",
                None,
                "warm",
                "Counting free-time choice rather than test scores is such an honest measure.",
            ),
            (
                "Ben Whitaker",
                0,
                "comment",
                "It was Mei's idea. The Year 6 count surprised us both.",
            ),
        ],
    },
    {
        "community": "reading-for-pleasure",
        "author": "Hannah Kowalski",
        "co": [],
        "title": "Graded readers for reading for pleasure in Year 9 German",
        "question": "Will a term of self-chosen graded readers make Year 9 German students "
        "read beyond the lesson?",
        "subject": "German",
        "phase": Phase.SECONDARY,
        "learners": "Year 9 German, two classes, 48 students.",
        "tried": "A box of 40 graded readers; one lesson a fortnight to read and swap.",
        "plan": "Books borrowed to take home; a one-line recommendation in each.",
        "stage": Stage.TAKING_ACTION,
        "notes": [
            "Nobody in Year 9 had read anything in German outside a textbook.",
            "Focused on choice: the students pick the book, not me.",
            "Hunch: the texts are too long and too dull, not the students unwilling.",
            "Read about extensive reading in language learning; trialled five titles.",
        ],
        "shared": False,
        "weeks_ago": 6,
        "evidence": [("observation", 5, "Eleven readers borrowed to take home this fortnight.")],
        "tags": ["modern languages", "graded readers"],
    },
    # ------------------------------------------------------------------ #
    # Early Reading and Phonics
    # ------------------------------------------------------------------ #
    {
        "community": "early-reading",
        "author": "Ellie Thompson",
        "co": [],
        "title": "Short phonics check-ins in Year 1",
        "question": "Do two-minute phonics check-ins at the end of each lesson catch the "
        "children who are slipping before the phonics screening check?",
        "subject": "Phonics",
        "phase": Phase.PRIMARY,
        "learners": "Year 1 at Riverside, 30 children, daily systematic synthetic phonics.",
        "tried": "Each child reads three words with the day's grapheme to an adult at the end "
        "of the lesson; those who can't go to the afternoon keep-up.",
        "plan": "Children on the keep-up list each day; half-termly phonics assessment.",
        "stage": Stage.HUNCH,
        "notes": [
            "The autumn phonics assessment showed eight children behind on Phase 3 graphemes.",
            "Focused on the digraphs 'ai', 'igh' and 'oa', where most of the eight stumbled.",
        ],
        "shared": False,
        "weeks_ago": 5,
        "evidence": [],
        "tags": ["phonics", "early reading"],
        "thread": [
            (
                "Sarah Okonkwo",
                None,
                "warm",
                "Three words per child is quick enough to keep every day. Link it to the "
                "afternoon keep-up list and you have the whole loop.",
            ),
        ],
    },
    {
        "community": "early-reading",
        "author": "Yusuf Rahman",
        "co": ["Jack O'Neill"],
        "title": "Decodable chapter books for Year 4 pupils still learning to decode",
        "question": "Do age-appropriate decodable books get Year 4 pupils on the catch-up "
        "programme reading independently at home?",
        "subject": "Phonics",
        "phase": Phase.PRIMARY,
        "learners": "Seven Year 4 pupils on the phonics catch-up programme, three with EHC plans.",
        "tried": "Decodable chapter books with older characters, matched to each child's phase.",
        "plan": "Home reading records; a fluency check every three weeks.",
        "stage": Stage.FOCUSING,
        "notes": [
            "Five of the seven read nothing at home; their reading books were for Reception."
        ],
        "shared": True,
        "weeks_ago": 3,
        "evidence": [
            ("quote", "This one's got a football match in it, can I take it home?", "Year 4 pupil")
        ],
        "tags": ["phonics", "send", "decodable books"],
    },
    # ------------------------------------------------------------------ #
    # Science Practicals Network
    # ------------------------------------------------------------------ #
    {
        "community": "science-practicals",
        "author": "Niamh Byrne",
        "co": ["Arjun Mehta"],
        "title": "Writing the method first in GCSE required practicals",
        "question": "Does writing their own method before a required practical improve Year 11 "
        "answers to six-mark method questions in chemistry and physics?",
        "subject": "Chemistry",
        "phase": Phase.SECONDARY,
        "learners": "Year 11 triple science at St Aidan's: Niamh's chemistry set and Arjun's "
        "physics set.",
        "tried": "Pairs write a method from the equipment list and aim; compare with the exam "
        "board's method before the practical.",
        "plan": "Marks on six-mark method questions in the mocks, compared with last year's set.",
        "stage": Stage.TAKING_ACTION,
        "notes": [
            "Last year's mocks: six-mark method questions averaged 2 of 6 in both subjects.",
            "Focused on the making-salts and specific heat capacity practicals.",
            "Hunch: students follow methods without ever deciding what comes first and why.",
            "Read the exam board's examiner reports on method questions.",
        ],
        "shared": True,
        "weeks_ago": 6,
        "evidence": [
            (
                "table",
                "Six-mark method question, class average",
                [["Set", "Before", "Mock"], ["Chemistry", "2.1", "4.3"], ["Physics", "1.9", "3.6"]],
            )
        ],
        "tags": ["required practicals", "chemistry", "physics"],
        "feedback": (
            "Mrs Farah Siddiqui",
            "The physics and chemistry figures together make a strong case. Could the "
            "biology team try it before the summer?",
        ),
    },
    {
        "community": "science-practicals",
        "author": "Arjun Mehta",
        "co": [],
        "title": "Retrieval starters on physics equations in Year 11",
        "question": "Do daily retrieval starters on the equations sheet improve recall of the "
        "equations students must learn for GCSE physics?",
        "subject": "Physics",
        "phase": Phase.SECONDARY,
        "learners": "11A2, 29 students, combined science.",
        "tried": "Three equations a day, written from memory, self-checked in two minutes.",
        "plan": "A 23-equation recall test at the start and after six weeks.",
        "stage": Stage.SCANNING,
        "notes": [],
        "shared": False,
        "weeks_ago": 1,
        "evidence": [],
        "tags": ["physics", "retrieval practice"],
    },
]
