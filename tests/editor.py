"""Driving the Wagtail editor the way a browser does: read the form the
editor page renders, change what a person would type, and post it back with
the button they pressed. Stream fields (drawn by the editor's JavaScript)
are given as block lists, as Wagtail's own test helpers write them."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup
from wagtail.test.utils.form_data import nested_form_data, streamfield

JSON = {"HTTP_ACCEPT": "application/json"}


def page_form(response) -> tuple[BeautifulSoup, dict]:
    """The editor form's fields and their values, as the page shows them."""
    assert response.status_code == 200, response.status_code
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.find("form", id="page-edit-form")
    assert form is not None, "no editor form on the page"
    data: dict = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in {"submit", "button", "file"}:
            continue
        if field.name == "textarea":
            value = field.get_text()
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            value = chosen.get("value", "") if chosen else ""
        elif field.get("type") in {"checkbox", "radio"}:
            if not field.has_attr("checked"):
                continue
            value = field.get("value", "on")
        else:
            value = field.get("value", "")
        if name in data:
            existing = data[name] if isinstance(data[name], list) else [data[name]]
            data[name] = [*existing, value]
        else:
            data[name] = value
    return soup, data


def action_labels(soup: BeautifulSoup) -> list[str]:
    """The editor's action buttons, the primary one first."""
    footer = soup.find(class_="footer") or soup.find("footer") or soup
    labels = []
    for button in footer.find_all("button"):
        if button.get("type") != "submit" and not button.has_attr("data-workflow-action-name"):
            continue  # the dropdown's own toggle
        text = " ".join(button.get_text().split())
        if text:
            labels.append(text)
    return labels


def editor_post(
    client,
    url: str,
    *,
    action: str = "save",
    changes: dict | None = None,
    streams: dict | None = None,
    workflow_action: str = "",
    comment: str = "",
    autosave: bool = False,
):
    """GET the editor at `url`, then POST its form back with `changes`, as
    the button for `action` would: "save" (draft), "submit", "publish", or
    "workflow" (a reviewer's `workflow_action`, with a comment)."""
    _, data = page_form(client.get(url))
    data.update(changes or {})
    for name, blocks in (streams or {}).items():
        data.update(nested_form_data({name: streamfield(blocks)}))
    if action == "submit":
        data["action-submit"] = "1"
    elif action == "publish":
        data["action-publish"] = "1"
    elif action == "workflow":
        data["action-workflow-action"] = "1"
        data["workflow-action-name"] = workflow_action
        data["workflow-action-extra-data"] = json.dumps({"comment": comment} if comment else {})
    return client.post(url, data, **(JSON if autosave else {}))
