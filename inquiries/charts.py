"""The stage chart of the head teacher's review: a server-rendered stacked
bar chart (SVG geometry for templates/inquiries/review/overview.html), with
the same numbers as a table for anyone not reading the picture. The numbers
come from inquiries.selectors.review_stage_weeks; this module only draws."""

from __future__ import annotations

from typing import Any

from .models import Stage
from .selectors import StageWeeks

STAGE_COLOURS = {
    Stage.SCANNING: "#9bbbe0",
    Stage.FOCUSING: "#5b8fc7",
    Stage.HUNCH: "#1f5c99",
    Stage.NEW_LEARNING: "#e0c97a",
    Stage.TAKING_ACTION: "#c28e0e",
    Stage.CHECKING: "#1e6b3a",
}

HEIGHT, BAR_WIDTH, GAP, LEFT, BOTTOM = 160, 22, 8, 28, 24


def stage_chart(data: StageWeeks) -> dict[str, Any]:
    weeks, history = data.weeks, data.counts
    peak = max([sum(h.values()) for h in history] + [1])
    bars = []
    for i, (week, counts) in enumerate(zip(weeks, history, strict=True)):
        x = LEFT + i * (BAR_WIDTH + GAP)
        y = HEIGHT
        segments = []
        for stage in Stage.values:
            n = counts[stage]
            if not n:
                continue
            h = n / peak * (HEIGHT - 10)
            y -= h
            segments.append(
                {
                    "y": round(y, 1),
                    "height": round(h, 1),
                    "colour": STAGE_COLOURS[stage],
                    "label": f"{Stage(stage).label}: {n}",
                }
            )
        bars.append({"x": x, "week": week, "segments": segments, "total": sum(counts.values())})
    current = history[-1] if history else dict.fromkeys(Stage.values, 0)
    return {
        "width": LEFT + len(weeks) * (BAR_WIDTH + GAP) + 10,
        "height": HEIGHT + BOTTOM,
        "axis_y": HEIGHT,
        "bar_width": BAR_WIDTH,
        "peak": peak,
        "bars": bars,
        "legend": [
            {"label": label, "colour": STAGE_COLOURS[value], "count": current[value]}
            for value, label in Stage.choices
        ],
        "rows": [
            {"week": w, "counts": [h[s] for s in Stage.values], "total": sum(h.values())}
            for w, h in zip(weeks, history, strict=True)
        ],
        "stage_labels": Stage.labels,
    }
