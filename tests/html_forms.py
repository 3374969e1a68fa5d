"""Read a rendered form back into the data a browser would submit for it."""

from html.parser import HTMLParser

UNSUBMITTED_INPUTS = {"submit", "button", "reset", "image", "file"}


class _FormReader(HTMLParser):
    def __init__(self, form_id, press):
        super().__init__()
        self.form_id = form_id
        self.press = press
        self.inside = False
        self.found = False
        self.fields = {}
        self.textarea = None
        self.select = None

    def add(self, name, value):
        self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            self.found |= self.inside
            return
        if not self.inside:
            return
        if tag == "option" and self.select:
            value = attrs.get("value") or ""
            self.select["options"].append(value)
            if "selected" in attrs:
                self.select["selected"].append(value)
            return
        name = attrs.get("name")
        if not name:
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.add(name, attrs.get("value") or "on")
            elif kind not in UNSUBMITTED_INPUTS or name == self.press:
                self.add(name, attrs.get("value") or "")
        elif tag == "textarea":
            self.textarea = (name, [])
        elif tag == "select":
            self.select = {
                "name": name,
                "multiple": "multiple" in attrs,
                "options": [],
                "selected": [],
            }

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea:
            name, chunks = self.textarea
            # Browsers drop the newline that follows <textarea>.
            self.add(name, "".join(chunks).removeprefix("\n"))
            self.textarea = None
        elif tag == "select" and self.select:
            selected = self.select["selected"]
            if not selected and not self.select["multiple"]:
                selected = self.select["options"][:1]
            for value in selected:
                self.add(self.select["name"], value)
            self.select = None


def form_data(response, form_id, press="_save"):
    """Return what a browser posts for the form with form_id when press is clicked."""
    reader = _FormReader(form_id, press)
    reader.feed(response.content.decode())
    assert reader.found, f"no form with id {form_id!r} in the page"
    return {
        name: values[0] if len(values) == 1 else values
        for name, values in reader.fields.items()
    }
