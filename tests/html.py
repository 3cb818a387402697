"""Reading pages as a browser would: parsed HTML, not attribute strings in a fixed order."""
from bs4 import BeautifulSoup
from werkzeug.datastructures import MultiDict


def parse(response_or_text) -> BeautifulSoup:
    """The page of a test-client response (or an HTML string), parsed."""
    text = response_or_text if isinstance(response_or_text, str) else \
        response_or_text.get_data(as_text=True)
    return BeautifulSoup(text, "html.parser")


def text_of(response_or_text, selector: str = "main") -> str:
    """The visible text inside ``selector`` (the main content by default), whitespace folded."""
    node = parse(response_or_text).select_one(selector)
    return " ".join(node.get_text(" ").split()) if node else ""


def field_value(response_or_text, name: str) -> str | None:
    """The value a form field carries: an input's ``value``, a textarea's text, a select's choice."""
    page = parse(response_or_text)
    node = page.find(attrs={"name": name})
    if node is None:
        return None
    if node.name == "textarea":
        return node.get_text()
    if node.name == "select":
        chosen = node.find("option", selected=True)
        return chosen.get("value") if chosen else None
    return node.get("value")


def links(response_or_text) -> list[str]:
    return [anchor["href"] for anchor in parse(response_or_text).find_all("a", href=True)]


def form_fields(form) -> list[tuple[str, str]]:
    """What a browser sends for a parsed ``<form>`` as it stands (without its buttons)."""
    pairs = []
    for node in form.find_all(["input", "textarea", "select"]):
        name = node.get("name")
        if not name or node.has_attr("disabled"):
            continue
        if node.name == "textarea":
            pairs.append((name, node.get_text()))
        elif node.name == "select":
            chosen = node.find_all("option", selected=True) or node.find_all("option")[:1]
            pairs.extend((name, option.get("value", option.get_text())) for option in chosen)
        elif node.get("type") in ("checkbox", "radio"):
            if node.has_attr("checked"):
                pairs.append((name, node.get("value", "on")))
        elif node.get("type") not in ("submit", "button", "image", "reset", "file"):
            pairs.append((name, node.get("value", "")))
    return pairs


def form_data(response_or_text, selector: str = "form") -> MultiDict:
    """What the form matching ``selector`` on a page sends as it stands, to change and post."""
    return MultiDict(form_fields(parse(response_or_text).select_one(selector)))
