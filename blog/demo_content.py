"""The demo's reflections: a term in five communities, each piece written
for its own subject and phase, and the conversation it drew.

Each reflection: its community, author, title, summary, paragraphs, tags,
how many days ago it was published, and its thread — (who, the reply it
answers or None, kind, body), posted a few hours apart. Then who said a
reply changed their practice (the page's author), who appreciated the page
(and how), and whose replies colleagues found helpful (who, reply).
"""

from __future__ import annotations

REFLECTIONS = [
    # ------------------------------------------------------------------ #
    # Formative Assessment TLC — public, open, across phases
    # ------------------------------------------------------------------ #
    {
        "community": "formative-assessment",
        "author": "Amina Patel",
        "title": "Hinge questions changed how I pace Year 9",
        "summary": "I paused at the midpoint of every lesson for a single multiple-choice "
        "question. Half the time, the class wasn't where I thought.",
        "paragraphs": [
            "For three weeks I planned one hinge question per lesson — a multiple-choice "
            "question where each wrong answer points to a specific misconception.",
            "On day two only 11 of 28 students chose the right answer on equivalent fractions. "
            "I would have moved on. Instead I re-taught with a number line and asked again.",
            "What surprised me most: the quiet students were the ones most often right.",
        ],
        "tags": ["formative assessment", "mathematics", "questioning"],
        "days_ago": 30,
        "thread": [
            ("Tom Becker", None, "question", "How long did writing the distractors take you?"),
            (
                "Amina Patel",
                0,
                "comment",
                "About ten minutes per question at first, now five. "
                "The *wrong* answers are the work.",
            ),
            (
                "Tom Becker",
                1,
                "comment",
                "Then I'll write three for balanced forces in Year 8 and time myself.",
            ),
            (
                "Priya Nair",
                2,
                "warm",
                "Tom, start from the answers your Year 8s actually give — 'no movement means "
                "no forces' is a gift of a distractor. Happy to look over yours before Monday.",
            ),
            ("Kwame Asante", None, "question", "Do you reveal the answer straight away?"),
            (
                "Amina Patel",
                4,
                "comment",
                "No: I show the spread of A–D first and let them argue for a minute.",
            ),
            (
                "Grace Mensah",
                None,
                "cool",
                "I wonder whether the whiteboards make it feel like a test for some students? "
                "I found anxiety went up when I did this daily with Year 10.",
            ),
            (
                "Amina Patel",
                6,
                "comment",
                "Fair challenge. I don't reveal who chose what — only the spread.",
            ),
        ],
        "changed_practice": [3],
        "appreciations": [("Tom Becker", "helpful"), ("Mei Chen", "try"), ("Marcus Reid", "think")],
        "reply_appreciations": [("Tom Becker", 3), ("Kwame Asante", 3)],
        "report": (
            "Lucy Hart",
            6,
            "This feels a bit dismissive of the whole idea — could a facilitator check the tone?",
        ),
    },
    {
        "community": "formative-assessment",
        "author": "Mei Chen",
        "title": "Exit tickets in Year 2: pictures, not sentences",
        "summary": "Six-year-olds can't write a paragraph about what they learned, but they "
        "can draw it. Here's what a month of picture exit tickets showed me.",
        "paragraphs": [
            "I replaced the written plenary with a sticky note: draw one thing you learned "
            "today about the life cycle of a sunflower.",
            "Eight children drew the seed going straight to a flower, with no roots or "
            "shoot. I would never have heard that from hands up.",
        ],
        "tags": ["formative assessment", "primary", "science"],
        "days_ago": 26,
        "thread": [
            ("Jack O'Neill", None, "question", "Did you find a way to sort them quickly?"),
            (
                "Mei Chen",
                0,
                "comment",
                "A photo of the board at the end of the day, sorted into three piles: got it, "
                "nearly, not yet.",
            ),
            (
                "Priya Nair",
                1,
                "warm",
                "The three piles are the hinge question, just drawn. Would you bring a photo "
                "of the 'not yet' pile to the meeting? I think the secondary folk need to see it.",
            ),
            (
                "Isla Fraser",
                None,
                "warm",
                "Going to try a labelled-diagram version with my Year 12 biologists on mitosis.",
            ),
        ],
        "appreciations": [("Jack O'Neill", "helpful"), ("Amina Patel", "try")],
        "reply_appreciations": [("Mei Chen", 2)],
    },
    {
        "community": "formative-assessment",
        "author": "Marcus Reid",
        "title": "When no-hands-up backfired in Year 10 computing",
        "summary": "Random questioning with lolly sticks made my Year 10 computing group "
        "quieter, not louder. What I changed.",
        "paragraphs": [
            "The first week was a disaster: asked to trace a while loop cold, students froze "
            "or said 'don't know' before I'd finished the question.",
            "I added ninety seconds of think-pair-share before drawing a stick, and let pairs "
            "answer together. 'Don't know' nearly disappeared.",
        ],
        "tags": ["questioning", "secondary", "computing"],
        "days_ago": 24,
        "thread": [
            (
                "Priya Nair",
                None,
                "question",
                "Did the pairs stay the same all week, or did you change them?",
            ),
            (
                "Marcus Reid",
                0,
                "comment",
                "Same pairs for a fortnight, so they got used to rehearsing with each other.",
            ),
            (
                "Grace Mensah",
                None,
                "warm",
                "Ninety seconds is exactly what my Year 10s need before an essay question too.",
            ),
        ],
        "appreciations": [("Priya Nair", "think"), ("Kwame Asante", "helpful")],
        "reply_appreciations": [],
    },
    {
        "community": "formative-assessment",
        "author": "Priya Nair",
        "title": "Whole-class feedback instead of marking Year 8 books",
        "summary": "I stopped writing comments in 60 maths books and wrote one sheet for "
        "the class. The next lesson changed more than the marking ever did.",
        "paragraphs": [
            "Every Thursday I read the books with a blank sheet beside me: common errors, "
            "great work to share, and three questions to start the next lesson.",
            "The errors were the same five children could have told me — negative numbers "
            "in substitution — and now the whole class works on them for ten minutes.",
            "Marking time fell from three hours to fifty minutes a week.",
        ],
        "tags": ["feedback", "mathematics", "workload"],
        "days_ago": 21,
        "thread": [
            (
                "Tom Becker",
                None,
                "question",
                "What do you do about students who need individual feedback?",
            ),
            (
                "Priya Nair",
                0,
                "comment",
                "They get a sticker on the sheet and two minutes with me while the rest work on "
                "the starter.",
            ),
            (
                "Kwame Asante",
                None,
                "warm",
                "I tried your sheet with Year 10 on simultaneous equations this week. Fifty "
                "minutes instead of an evening, and the reteach landed.",
            ),
            (
                "Isla Fraser",
                None,
                "comment",
                "Would this work for A-level biology essays, where the errors are all different?",
            ),
            (
                "Priya Nair",
                3,
                "warm",
                "I think so — the patterns are in structure rather than content. Try a "
                "'what the best answers did' column and see.",
            ),
            (
                "Jack O'Neill",
                None,
                "warm",
                "We do a version in Year 4 for written methods; the 'great work' column gets "
                "the biggest cheer.",
            ),
            (
                "Lucy Hart",
                None,
                "question",
                "How do you show it in books when the department asks for evidence of feedback?",
            ),
            (
                "Priya Nair",
                6,
                "comment",
                "Students write their corrections in green under the date; that's the evidence.",
            ),
        ],
        "changed_practice": [6],
        "appreciations": [
            ("Tom Becker", "try"),
            ("Kwame Asante", "helpful"),
            ("Amina Patel", "think"),
            ("Isla Fraser", "try"),
            ("Mei Chen", "helpful"),
        ],
        "reply_appreciations": [("Tom Becker", 1), ("Lucy Hart", 7), ("Isla Fraser", 4)],
    },
    {
        "community": "formative-assessment",
        "author": "Tom Becker",
        "title": "Mini-whiteboards in Year 8 forces: who holds up a blank board",
        "summary": "Every-pupil response showed me three students I had marked down as "
        "'fine'. What I'm doing about it.",
        "paragraphs": [
            "I asked the class to draw the forces on a book resting on a table. Twenty-five "
            "boards showed one arrow down; three were blank every time.",
            "Those three are the quietest in discussion and do well on written homework — "
            "copied, it turns out, from a revision site.",
        ],
        "tags": ["formative assessment", "science", "mini-whiteboards"],
        "days_ago": 16,
        "thread": [
            (
                "Priya Nair",
                None,
                "cool",
                "Is a blank board 'don't know' or 'don't want to be seen'? It might be worth "
                "letting them write 'not sure yet' as an answer, so blank means something.",
            ),
            (
                "Tom Becker",
                0,
                "comment",
                "Good point: I'll add 'not sure yet' and see if the blanks turn into it.",
            ),
            (
                "Amina Patel",
                None,
                "warm",
                "The single arrow down is such a telling answer — the normal force is the "
                "hinge of the whole topic.",
            ),
        ],
        "appreciations": [("Amina Patel", "helpful"), ("Marcus Reid", "think")],
        "reply_appreciations": [("Tom Becker", 0)],
    },
    {
        "community": "formative-assessment",
        "author": "Isla Fraser",
        "title": "Labelled diagrams as exit tickets in Year 12 biology",
        "summary": "I borrowed Mei's Year 2 picture exit tickets for mitosis. Sixth formers "
        "drew their misconceptions just as clearly.",
        "paragraphs": [
            "The ticket: draw and label one stage of mitosis you are sure of, and one you are not.",
            "Half the group drew chromosomes already duplicated in prophase as if that were "
            "the stage's event. I had taught it the other way round for years.",
        ],
        "tags": ["formative assessment", "biology", "post-16"],
        "days_ago": 12,
        "thread": [
            (
                "Mei Chen",
                None,
                "warm",
                "This made my week. Year 2 and Year 12 have more in common than we think.",
            ),
            (
                "Priya Nair",
                None,
                "question",
                "Did the 'one you are not sure of' half tell you more than the 'sure' half?",
            ),
            (
                "Isla Fraser",
                1,
                "comment",
                "Much more. They were honest about it because it wasn't marked.",
            ),
        ],
        "appreciations": [("Mei Chen", "helpful"), ("Priya Nair", "try")],
        "reply_appreciations": [],
    },
    {
        "community": "formative-assessment",
        "author": "Kwame Asante",
        "title": "Exit tickets for Year 10 algebra: three questions, three levels",
        "summary": "One fluent, one reasoning, one problem-solving question at the end of each "
        "lesson. Sorting them takes five minutes and tells me who to sit with tomorrow.",
        "paragraphs": [
            "Factorising quadratics: almost everyone managed the fluency question; the "
            "reasoning question ('Sam says x² + 9 factorises. Is Sam right?') split the class.",
            "Tomorrow's seating follows the tickets, not the set list.",
        ],
        "tags": ["formative assessment", "mathematics", "algebra"],
        "days_ago": 8,
        "thread": [
            (
                "Priya Nair",
                None,
                "warm",
                "The Sam question is lovely. Would you add it to the hinge question bank?",
            ),
            ("Kwame Asante", 0, "comment", "Added, with the three wrong answers it drew."),
            (
                "Tom Becker",
                None,
                "question",
                "Could the reasoning question work in science? 'Sam says a moving object must "
                "have a resultant force on it. Is Sam right?'",
            ),
        ],
        "appreciations": [("Priya Nair", "helpful"), ("Amina Patel", "try")],
        "reply_appreciations": [],
    },
    {
        "community": "formative-assessment",
        "author": "Grace Mensah",
        "title": "'Say it again, better' in Year 10 English",
        "summary": "After a student answers, I ask them to say it again with one word from "
        "the board. Answers about Macbeth got sharper within a week.",
        "paragraphs": [
            "The board has five words: ambition, equivocation, hubris, regicide, remorse.",
            "The second attempt is almost always better, and the rest of the class hears "
            "the improvement happen.",
        ],
        "tags": ["questioning", "english", "oracy"],
        "days_ago": 5,
        "thread": [
            (
                "Marcus Reid",
                None,
                "question",
                "Does it work when the first answer is wrong rather than vague?",
            ),
            (
                "Grace Mensah",
                0,
                "comment",
                "Then I ask a classmate to help them say it again. Nobody is left with the wrong "
                "answer hanging.",
            ),
        ],
        "appreciations": [("Marcus Reid", "try"), ("Priya Nair", "think")],
        "reply_appreciations": [],
    },
    # ------------------------------------------------------------------ #
    # Early Career Teachers' Circle — members only, by request
    # ------------------------------------------------------------------ #
    {
        "community": "early-career-circle",
        "author": "Fatima Hussain",
        "title": "The worst lesson I've taught this term, honestly",
        "summary": "Period 5, Year 9, practical on rates of reaction. I lost them in four "
        "minutes. Writing it down so I stop replaying it.",
        "paragraphs": [
            "I gave instructions for the practical while the equipment was already on the benches.",
            "By the time I'd finished, three groups had started and one had spilled acid.",
        ],
        "tags": ["behaviour", "practicals", "early career"],
        "days_ago": 34,
        "thread": [
            (
                "Grace Mensah",
                None,
                "warm",
                "Thank you for writing this. Everyone in this circle has had that lesson, "
                "and most of us on a Friday afternoon.",
            ),
            ("Fatima Hussain", 0, "comment", "It helps to hear that, it really does."),
            (
                "Yusuf Rahman",
                None,
                "cool",
                "Next time: equipment stays on the side bench until instructions are done "
                "and checked with two questions. Want me to come and watch on Thursday?",
            ),
            ("Fatima Hussain", 2, "comment", "Yes please — Thursday period 3, lab 4."),
            (
                "Grace Mensah",
                3,
                "warm",
                "And bring what Yusuf notices to the next circle — others will want the "
                "routine too.",
            ),
        ],
        "changed_practice": [2],
        "appreciations": [("Grace Mensah", "helpful"), ("Ellie Thompson", "think")],
        "reply_appreciations": [("Leo Novak", 2)],
    },
    {
        "community": "early-career-circle",
        "author": "Ellie Thompson",
        "title": "Mentoring meetings that actually help",
        "summary": "What my mentor does differently, and what I'd ask for if I were starting "
        "again.",
        "paragraphs": [
            "One target a week. Always observed. Always followed up the next week.",
            "My first mentor gave me seven targets after one lesson. I remembered none.",
        ],
        "tags": ["mentoring", "early career"],
        "days_ago": 27,
        "thread": [
            ("Leo Novak", None, "comment", "One target a week is the thing I needed to hear."),
            (
                "Grace Mensah",
                None,
                "question",
                "What makes a target one you can act on by Monday? I'd love your list.",
            ),
            (
                "Ellie Thompson",
                1,
                "comment",
                "It names a moment in the lesson: 'when you set the task, model the first "
                "sentence' rather than 'improve pace'.",
            ),
        ],
        "appreciations": [("Leo Novak", "helpful"), ("Daniel Cohen", "helpful")],
        "reply_appreciations": [],
    },
    {
        "community": "early-career-circle",
        "author": "Leo Novak",
        "title": "My first parents' evening as a music teacher",
        "summary": "Thirty-one five-minute appointments about a subject most parents think "
        "is a hobby. What I'd say differently.",
        "paragraphs": [
            "I opened with marks. Parents glazed over. By the tenth appointment I opened "
            "with one thing their child had played or composed this term.",
            "Two parents asked about instrumental lessons; one asked why their son never "
            "practises at home. I had no answer ready.",
        ],
        "tags": ["parents", "music", "early career"],
        "days_ago": 18,
        "thread": [
            (
                "Yusuf Rahman",
                None,
                "warm",
                "Opening with the child's own work is the best parents' evening advice there "
                "is — you found it by appointment ten, which most of us took years to do.",
            ),
            (
                "Daniel Cohen",
                None,
                "question",
                "Did you have a way of noting follow-ups as you went?",
            ),
            (
                "Leo Novak",
                1,
                "comment",
                "A column on my class list. Three follow-up e-mails sent the next morning.",
            ),
            (
                "Grace Mensah",
                None,
                "question",
                "What might you say next time to the parent whose son never practises? Try "
                "it on us at the circle — it's a question you'll hear every year.",
            ),
        ],
        "appreciations": [("Yusuf Rahman", "helpful"), ("Chloe Dubois", "think")],
        "reply_appreciations": [],
    },
    {
        "community": "early-career-circle",
        "author": "Daniel Cohen",
        "title": "Marking A-level essays without drowning",
        "summary": "Twenty-two essays on The Handmaid's Tale and a weekend gone. I'm trying "
        "codes in the margin and a feedback lesson instead.",
        "paragraphs": [
            "Six codes: T (thesis unclear), E (evidence without analysis), C (context bolted on), "
            "A (alternative reading missing), S (structure), P (precision of terms).",
            "Students rewrite one paragraph in the feedback lesson. I read only the rewrite.",
        ],
        "tags": ["feedback", "english", "post-16", "workload"],
        "days_ago": 9,
        "thread": [
            (
                "Grace Mensah",
                None,
                "cool",
                "Six codes may be two too many for the first round. Start with E and A, which "
                "is where the marks are, and add the rest after half-term.",
            ),
            (
                "Daniel Cohen",
                0,
                "comment",
                "That's a relief, honestly. E and A it is.",
            ),
        ],
        "changed_practice": [0],
        "appreciations": [("Grace Mensah", "helpful"), ("Ellie Thompson", "helpful")],
        "reply_appreciations": [],
    },
    # ------------------------------------------------------------------ #
    # Reading for Pleasure — public, by request
    # ------------------------------------------------------------------ #
    {
        "community": "reading-for-pleasure",
        "author": "Rosa Alvarez",
        "title": "Ten minutes of reading aloud, every day, no questions",
        "summary": "I stopped interrogating the story and just read. Reception started asking "
        "for the book.",
        "paragraphs": [
            "No comprehension questions, no worksheet — just the story, at the same time every "
            "day, straight after lunch.",
            "By week three the children were joining in with the refrain of Owl Babies before "
            "I reached it.",
        ],
        "tags": ["reading aloud", "early years"],
        "days_ago": 40,
        "thread": [
            ("Ben Whitaker", None, "question", "Does this hold up in Year 6 with SATs looming?"),
            (
                "Rosa Alvarez",
                0,
                "comment",
                "I'd argue it matters more then. Try it for a fortnight?",
            ),
            ("Ben Whitaker", 1, "comment", "Deal. I'll report back at the meeting."),
        ],
        "appreciations": [("Ben Whitaker", "try"), ("Mei Chen", "helpful")],
        "reply_appreciations": [],
    },
    {
        "community": "reading-for-pleasure",
        "author": "Ben Whitaker",
        "title": "A Year 6 book club in the spring of SATs",
        "summary": "I took Rosa's challenge. Fifteen minutes of Holes on Fridays became a book "
        "club that the children run.",
        "paragraphs": [
            "Week one I read; week two a child asked to read the next chapter; by week four "
            "the group chose the next book by secret ballot.",
            "Reading test scores haven't moved yet. Library borrowing has doubled.",
        ],
        "tags": ["book talk", "primary", "year 6"],
        "days_ago": 20,
        "thread": [
            (
                "Rosa Alvarez",
                None,
                "warm",
                "The secret ballot is genius — they own the choice, so they own the reading.",
            ),
            (
                "Owen Griffiths",
                None,
                "question",
                "Would a Year 7 group take to this, do you think, or is it too 'primary'?",
            ),
            (
                "Ben Whitaker",
                1,
                "comment",
                "Ask them to name it. Mine is called The Hole Diggers, which they think is "
                "hilarious.",
            ),
        ],
        "appreciations": [("Rosa Alvarez", "helpful"), ("Daniel Cohen", "try")],
        "reply_appreciations": [],
    },
    {
        "community": "reading-for-pleasure",
        "author": "Hannah Kowalski",
        "title": "Graded readers in Year 9 German",
        "summary": "Reading for pleasure in a language you've learned for two years sounds "
        "impossible. Short graded readers proved me wrong.",
        "paragraphs": [
            "I bought a set of 200-word readers about a dog detective in Berlin. Students read "
            "one in a lesson and chose the next themselves.",
            "The most surprising reader was a boy who has never finished a book in English.",
        ],
        "tags": ["modern languages", "secondary", "graded readers"],
        "days_ago": 11,
        "thread": [
            (
                "Zara Ahmed",
                None,
                "question",
                "How did you check they understood without turning it into a comprehension test?",
            ),
            (
                "Hannah Kowalski",
                0,
                "comment",
                "One sentence in English on the inside cover: what would you tell a friend "
                "about this book?",
            ),
            (
                "Mei Chen",
                None,
                "warm",
                "A dog detective is exactly what my Year 2s would choose too. Choice matters "
                "at every age.",
            ),
        ],
        "appreciations": [("Zara Ahmed", "think"), ("Rosa Alvarez", "helpful")],
        "reply_appreciations": [],
    },
    # ------------------------------------------------------------------ #
    # Early Reading and Phonics — public, open, primary
    # ------------------------------------------------------------------ #
    {
        "community": "early-reading",
        "author": "Sarah Okonkwo",
        "title": "Same-day keep-up: catching children before they fall behind",
        "summary": "Any child who didn't get the new grapheme in the morning phonics lesson "
        "gets five minutes with an adult that afternoon. Not next week — today.",
        "paragraphs": [
            "In Year 1 the list is written at 10am from the lesson's quick check: who could "
            "not read 'igh' in words by the end.",
            "Teaching assistants take the keep-up group at 1:15 for five minutes with the same "
            "cards and the same routine as the morning.",
            "After six weeks, the number of children on the list each day has halved.",
        ],
        "tags": ["phonics", "keep-up", "key stage 1"],
        "days_ago": 33,
        "thread": [
            (
                "Ellie Thompson",
                None,
                "question",
                "How do you stop it being the same four children every afternoon?",
            ),
            (
                "Sarah Okonkwo",
                0,
                "comment",
                "Sometimes it is, and that's the signal for a fuller assessment with Yusuf "
                "rather than more keep-up.",
            ),
            (
                "Yusuf Rahman",
                1,
                "warm",
                "And we've caught two children with hearing difficulties that way this year.",
            ),
            (
                "Rosa Alvarez",
                None,
                "warm",
                "We're starting this in Reception after Christmas — the routine being identical "
                "to the morning is the bit I'd have got wrong.",
            ),
        ],
        "changed_practice": [2],
        "appreciations": [("Ellie Thompson", "try"), ("Rosa Alvarez", "helpful")],
        "reply_appreciations": [("Ellie Thompson", 2)],
    },
    {
        "community": "early-reading",
        "author": "Rosa Alvarez",
        "title": "Oral blending in Reception before the letters",
        "summary": "Some of my Reception children could say every sound but not hear a word in "
        "them. Robot talk games before the grapheme cards helped.",
        "paragraphs": [
            "'Can you touch your h-ea-d?' The children who blended it touched their heads; the "
            "others looked at me.",
            "Five minutes of robot talk a day, outside phonics, and by half-term all but three "
            "could blend three-sound words orally.",
        ],
        "tags": ["phonics", "early years", "oral blending"],
        "days_ago": 22,
        "thread": [
            (
                "Sarah Okonkwo",
                None,
                "warm",
                "Doing it in the line for lunch is the clever part — no extra time in the day.",
            ),
            (
                "Chloe Dubois",
                None,
                "question",
                "Would this help the Year 3 children who are still on the catch-up programme?",
            ),
            (
                "Rosa Alvarez",
                1,
                "comment",
                "Probably, with older-sounding words: 'sh-o-p', 'ch-i-p-s'. Let's try together?",
            ),
        ],
        "appreciations": [("Sarah Okonkwo", "helpful"), ("Chloe Dubois", "try")],
        "reply_appreciations": [],
    },
    {
        "community": "early-reading",
        "author": "Yusuf Rahman",
        "title": "Decodable books for Year 4 readers who aren't decoding yet",
        "summary": "The books that match their phonics knowledge are written for five-year-"
        "olds. The books written for nine-year-olds they can't read. What we bought instead.",
        "paragraphs": [
            "We found a series of decodable chapter books with older characters — football, "
            "a haunted school — at the same phonics phases.",
            "The children read them in the corridor where classmates can see the covers.",
        ],
        "tags": ["phonics", "send", "decodable books"],
        "days_ago": 10,
        "thread": [
            (
                "Jack O'Neill",
                None,
                "warm",
                "Two of my Year 4s read the football one on their own at wet play. First time "
                "I've seen either of them choose a book.",
            ),
            (
                "Sarah Okonkwo",
                None,
                "question",
                "Which phases does the series cover? We have gaps at the alternative spellings.",
            ),
            (
                "Yusuf Rahman",
                1,
                "comment",
                "Phase 3 to Phase 5. Phase 5 alternative spellings are the thinnest — I'll bring "
                "the list to Monday's meeting.",
            ),
        ],
        "appreciations": [("Jack O'Neill", "helpful"), ("Ellie Thompson", "think")],
        "reply_appreciations": [],
    },
    {
        "community": "early-reading",
        "author": "Chloe Dubois",
        "title": "Year 3 catch-up phonics: pace before coverage",
        "summary": "My catch-up group of six were moving on to a new grapheme every day and "
        "remembering none of them. We slowed down to two a week.",
        "paragraphs": [
            "Each session now reviews the last four graphemes before anything new, with the "
            "children reading words, then a decodable sentence, then writing one.",
            "Two of the six can now read a Phase 5 book aloud without stopping; a month ago "
            "none could.",
        ],
        "tags": ["phonics", "catch-up", "year 3"],
        "days_ago": 7,
        "thread": [
            (
                "Sarah Okonkwo",
                None,
                "cool",
                "Slowing down is right. I'd still keep the new grapheme on the wall each day, "
                "so the pace of review doesn't become the pace of the programme.",
            ),
            (
                "Sarah Okonkwo",
                None,
                "question",
                "Which of the six are still guessing from the first letter? That's the habit I'd "
                "track next, one child at a time.",
            ),
            (
                "Chloe Dubois",
                1,
                "comment",
                "Three of them. I'll note each guess in the group's book this week.",
            ),
            (
                "Yusuf Rahman",
                None,
                "warm",
                "The write-one-sentence step is what moved my Year 4 group on too.",
            ),
        ],
        "changed_practice": [0],
        "appreciations": [("Sarah Okonkwo", "helpful"), ("Yusuf Rahman", "think")],
        "reply_appreciations": [("Chloe Dubois", 1)],
    },
    # ------------------------------------------------------------------ #
    # Science Practicals Network — members only, open, secondary
    # ------------------------------------------------------------------ #
    {
        "community": "science-practicals",
        "author": "Niamh Byrne",
        "title": "GCSE chemistry: making salts when students write the method first",
        "summary": "For the copper sulfate required practical, Year 11 wrote their own method "
        "from a list of equipment before I showed them mine. Fewer mistakes, better exam answers.",
        "paragraphs": [
            "Each pair got the equipment list and the aim: make pure, dry crystals of copper "
            "sulfate from copper oxide and dilute sulfuric acid.",
            "Most methods forgot to add the oxide in excess or to filter before evaporating. "
            "We compared them with the exam board's method before anyone lit a Bunsen.",
            "On the six-mark method question in the mock, the class average went from 2.1 to 4.3.",
        ],
        "tags": ["chemistry", "gcse", "required practicals"],
        "days_ago": 25,
        "thread": [
            (
                "Arjun Mehta",
                None,
                "question",
                "How long did the method-writing take? Physics practicals are already tight "
                "in a single lesson.",
            ),
            (
                "Niamh Byrne",
                0,
                "comment",
                "Fifteen minutes the lesson before. The practical itself went faster because "
                "nobody needed the method explained.",
            ),
            (
                "Tom Becker",
                None,
                "warm",
                "The excess copper oxide step is exactly what our Year 11s lose marks on. "
                "Stealing this for the Northfield chemists.",
            ),
            (
                "Isla Fraser",
                None,
                "cool",
                "Worth checking that weaker writers aren't copying their partner's method — "
                "in biology I found pairs of very different confidence hid that.",
            ),
        ],
        "changed_practice": [2],
        "appreciations": [("Arjun Mehta", "try"), ("Tom Becker", "helpful")],
        "reply_appreciations": [],
    },
    {
        "community": "science-practicals",
        "author": "Arjun Mehta",
        "title": "Specific heat capacity in Year 11 physics: the thermometer lag",
        "summary": "Every group's value for aluminium came out high. Instead of hiding it, we "
        "spent a lesson on why.",
        "paragraphs": [
            "The heater kept warming the block after it was switched off, so the final "
            "temperature kept rising — and students had recorded it too early.",
            "Explaining the systematic error in their own data gave better evaluation answers "
            "than any worksheet on errors I've used.",
        ],
        "tags": ["physics", "gcse", "required practicals", "uncertainty"],
        "days_ago": 14,
        "thread": [
            (
                "Niamh Byrne",
                None,
                "warm",
                "Using their own wrong answer is so much more powerful than a textbook's "
                "'sources of error' list.",
            ),
            (
                "Fatima Hussain",
                None,
                "question",
                "Did you tell them in advance it would come out high, or let them find it?",
            ),
            (
                "Arjun Mehta",
                1,
                "comment",
                "Let them find it; three groups were sure their block was faulty.",
            ),
        ],
        "appreciations": [("Niamh Byrne", "helpful"), ("Fatima Hussain", "think")],
        "reply_appreciations": [],
    },
    {
        "community": "science-practicals",
        "author": "Fatima Hussain",
        "title": "Equipment on the side bench: a month on",
        "summary": "The routine Yusuf suggested after my worst lesson, tried in four Year 9 "
        "practicals. Calmer starts — and one thing I hadn't expected.",
        "paragraphs": [
            "Instructions, two check questions, then one student per group collects a tray.",
            "What I hadn't expected: the check questions show me which groups need me first.",
        ],
        "tags": ["practicals", "behaviour", "early career"],
        "days_ago": 4,
        "thread": [
            (
                "Niamh Byrne",
                None,
                "warm",
                "The trays are a lovely touch. Would you show the routine at the next network "
                "meeting?",
            ),
            ("Fatima Hussain", 0, "comment", "I'd be glad to — if I can bring a tray."),
        ],
        "appreciations": [("Niamh Byrne", "helpful"), ("Isla Fraser", "helpful")],
        "reply_appreciations": [],
    },
]
