"use strict";
// The article form: keep the editor's work (a warning before leaving, autosave),
// count what search engines and readers see, insert uploaded images into the body,
// order bylines by dragging and show publish times in the editor's own time zone.
(() => {
  const WORDS_PER_MINUTE = 230;
  const LIMITS = { id_title: 200, id_dek: 300, id_seo_title: 70, id_seo_description: 160 };
  let bodyEditor = null;
  let editorReady = null;
  const waiting = [];
  // Runs fn with the body editor's {editor, textarea}, now or once it starts.
  const whenEditor = (fn) => (editorReady ? fn(editorReady) : waiting.push(fn));

  // Registered before the editor starts (this script loads in the head); the
  // editor may start before or after the page's DOMContentLoaded.
  document.addEventListener("prose-editor:ready", (event) => {
    if (event.detail.textarea.name !== "body") return;
    bodyEditor = event.detail.editor;
    editorReady = event.detail;
    waiting.splice(0).forEach((fn) => fn(editorReady));
  });

  const element = (tag, props = {}, children = []) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };

  const csrfToken = (form) => form.querySelector('[name="csrfmiddlewaretoken"]').value;

  const bodyText = (form) => {
    if (bodyEditor) return bodyEditor.getText();
    const scratch = document.createElement("div");
    scratch.innerHTML = form.elements.body ? form.elements.body.value : "";
    return scratch.textContent;
  };

  function trackChanges(form, desk) {
    let dirty = false;
    let unsaved = false;
    let submitting = false;
    let timer = null;
    const seconds = Number(desk.dataset.autosaveSeconds) || 30;
    const status = element("span", { className: "desk-autosave-status", role: "status" });
    form.querySelector(".submit-row:last-of-type")?.prepend(status);

    const autosaveData = () => {
      const data = new FormData(form);
      for (const [name, value] of [...data.entries()]) {
        if (value instanceof File) data.delete(name);
      }
      return data;
    };

    const autosave = async () => {
      timer = null;
      if (!unsaved || submitting) return;
      unsaved = false;
      try {
        const response = await fetch(desk.dataset.autosaveUrl, {
          method: "POST",
          body: autosaveData(),
          headers: { "X-CSRFToken": csrfToken(form), Accept: "application/json" },
          credentials: "same-origin",
        });
        if (!response.ok) throw new Error(`autosave answered ${response.status}`);
        const { label } = await response.json();
        status.textContent = `Draft autosaved at ${label}. Save to keep it in the article.`;
      } catch {
        unsaved = true;
        status.textContent = "Autosave failed; your changes are only in this tab. Save the article.";
      }
    };

    const changed = () => {
      dirty = true;
      unsaved = true;
      if (timer === null) timer = setTimeout(autosave, seconds * 1000);
    };

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    whenEditor(({ editor }) => editor.on("update", changed));
    form.addEventListener("submit", () => {
      submitting = true;
    });
    window.addEventListener("beforeunload", (event) => {
      if (dirty && !submitting) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    // A closed tab or a crash of the page still leaves the latest text behind.
    window.addEventListener("pagehide", () => {
      if (unsaved && !submitting) {
        navigator.sendBeacon(desk.dataset.autosaveUrl, autosaveData());
      }
    });

    document.querySelector("[data-autosave-discard]")?.addEventListener("click", async (event) => {
      const data = new FormData();
      data.append("discard", "1");
      await fetch(desk.dataset.autosaveUrl, {
        method: "POST",
        body: data,
        headers: { "X-CSRFToken": csrfToken(form) },
        credentials: "same-origin",
      });
      event.target.closest("[data-autosave-banner]").remove();
    });
  }

  function counters(form) {
    for (const [id, limit] of Object.entries(LIMITS)) {
      const input = document.getElementById(id);
      if (!input) continue;
      const counter = element("span", { className: "desk-counter", id: `${id}_counter` });
      input.after(counter);
      input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), counter.id].filter(Boolean).join(" "));
      const update = () => {
        const length = input.value.length;
        counter.textContent = `${length} / ${limit} characters`;
        counter.classList.toggle("desk-counter--over", length > limit);
      };
      input.addEventListener("input", update);
      update();
    }
    const body = form.querySelector(".field-body");
    if (!body) return;
    const words = element("span", { className: "desk-counter", role: "status", id: "body_word_count" });
    body.querySelector("div, .flex-container")?.append(words);
    const update = () => {
      const count = bodyText(form).split(/\s+/).filter(Boolean).length;
      const minutes = Math.max(1, Math.round(count / WORDS_PER_MINUTE));
      words.textContent = `${count} word${count === 1 ? "" : "s"} · ${minutes} min read`;
    };
    form.addEventListener("input", update);
    whenEditor(({ editor }) => {
      editor.on("update", update);
      update();
    });
    update();
  }

  function previews(form) {
    const value = (name) => (form.elements[name] ? form.elements[name].value.trim() : "");
    const update = () => {
      const title = value("seo_title") || value("title") || "Headline";
      const excerpt = bodyText(form).trim().split(/\s+/).slice(0, 30).join(" ");
      let description = value("seo_description") || value("dek") || excerpt;
      if (description.length > 160) description = `${description.slice(0, 157)}…`;
      const url = `${window.location.host} › articles › ${value("slug") || "…"}`;
      document.querySelectorAll("[data-preview-title]").forEach((node) => { node.textContent = title; });
      document.querySelectorAll("[data-preview-description]").forEach((node) => { node.textContent = description; });
      document.querySelectorAll("[data-preview-url]").forEach((node) => { node.textContent = url; });
      const chosen = form.querySelector(".library-picker__chosen:not([hidden]) img");
      document.querySelectorAll("[data-preview-image]").forEach((node) => {
        node.style.backgroundImage = chosen && chosen.src ? `url("${chosen.src}")` : "";
      });
    };
    form.addEventListener("input", update);
    form.addEventListener("library:chosen", update);
    whenEditor(({ editor }) => {
      editor.on("update", update);
      update();
    });
    update();
  }

  // The offset of timeZone from UTC at instant, in minutes.
  function offsetMinutes(timeZone, instant) {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", {
        timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", second: "2-digit",
      }).formatToParts(instant).map((part) => [part.type, part.value]),
    );
    const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    return (wall - instant.getTime()) / 60000;
  }

  function localTimes(form, desk) {
    const siteZone = desk.dataset.siteTimeZone;
    const ownZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const format = (instant) => instant.toLocaleString(undefined, {
      dateStyle: "medium", timeStyle: "short", timeZone: ownZone,
    });
    document.querySelectorAll("time[data-local-time]").forEach((time) => {
      if (siteZone !== ownZone) time.after(` (${format(new Date(time.dateTime))} your time)`);
    });
    const date = document.getElementById("id_published_at_0");
    const clock = document.getElementById("id_published_at_1");
    if (!date || !clock) return;
    const note = element("span", { className: "desk-local-time", role: "status" });
    clock.parentElement.append(note);
    const update = () => {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.value.trim());
      const time = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(clock.value.trim());
      if (!match || !time) {
        note.textContent = `Times are in the site's time zone, ${siteZone}.`;
        return;
      }
      const guess = new Date(Date.UTC(match[1], match[2] - 1, match[3], time[1], time[2], time[3] || 0));
      const instant = new Date(guess.getTime() - offsetMinutes(siteZone, guess) * 60000);
      const when = instant > new Date() ? "Goes live" : "Went live";
      note.textContent = `${siteZone}. ${when} at ${format(instant)} your time (${ownZone}).`;
    };
    date.addEventListener("input", update);
    clock.addEventListener("input", update);
    date.addEventListener("change", update);
    clock.addEventListener("change", update);
    // The admin's calendar and clock pickers set the value without an event.
    form.querySelectorAll(".field-published_at a").forEach((link) => link.addEventListener("click", () => setTimeout(update)));
    update();
  }

  function sortableBylines(form) {
    const group = form.querySelector(".sortable-bylines");
    if (!group) return;
    const body = group.querySelector("tbody");
    const rows = () => [...body.querySelectorAll("tr.form-row:not(.empty-form)")];
    const renumber = () => rows().forEach((row, index) => {
      const position = row.querySelector('input[name$="-position"]');
      if (position) position.value = index;
    });
    let dragged = null;
    const prepare = (row) => {
      if (row.draggable) return;
      row.draggable = true;
      const first = row.querySelector("td.original") || row.firstElementChild;
      const handle = element("span", { className: "desk-drag-handle", textContent: "⠿", title: "Drag to reorder" });
      handle.setAttribute("aria-hidden", "true");
      first.prepend(handle);
      row.addEventListener("dragstart", (event) => {
        dragged = row;
        row.classList.add("desk-dragging");
        event.dataTransfer.effectAllowed = "move";
      });
      row.addEventListener("dragend", () => {
        row.classList.remove("desk-dragging");
        dragged = null;
        renumber();
        form.dispatchEvent(new Event("input", { bubbles: true }));
      });
      row.addEventListener("dragover", (event) => {
        if (!dragged || dragged === row) return;
        event.preventDefault();
        const box = row.getBoundingClientRect();
        row.parentNode.insertBefore(dragged, event.clientY < box.top + box.height / 2 ? row : row.nextSibling);
      });
    };
    rows().forEach(prepare);
    document.addEventListener("formset:added", (event) => {
      if (event.target.closest(".sortable-bylines")) {
        prepare(event.target);
        renumber();
      }
    });
    form.addEventListener("submit", renumber);
  }

  function imageDialog(form, desk) {
    const error = element("p", { className: "image-dialog__error", role: "alert" });
    const file = element("input", { type: "file", name: "file", accept: "image/jpeg,image/png,image/webp,image/gif", required: true });
    const alt = element("input", { type: "text", name: "alt_text", required: true, maxLength: 250 });
    const caption = element("input", { type: "text", name: "caption", maxLength: 300 });
    const credit = element("input", { type: "text", name: "credit", maxLength: 120 });
    const upload = element("button", { type: "submit", className: "button default", textContent: "Upload and insert" });
    const cancel = element("button", { type: "button", className: "button", textContent: "Cancel" });
    const inner = element("form", { method: "dialog", noValidate: true }, [
      element("h2", { id: "image-dialog-title", textContent: "Insert an image" }),
      element("label", {}, ["Image file", file]),
      element("label", {}, ["Alt text (required): describe the image for readers who cannot see it", alt]),
      element("label", {}, ["Caption", caption]),
      element("label", {}, ["Credit", credit]),
      error,
      element("p", { className: "image-dialog__buttons" }, [cancel, upload]),
    ]);
    const dialog = element("dialog", { className: "library-dialog image-dialog" }, [inner]);
    dialog.setAttribute("aria-labelledby", "image-dialog-title");
    document.body.append(dialog);
    cancel.addEventListener("click", () => dialog.close());

    inner.addEventListener("submit", async (event) => {
      event.preventDefault();
      error.textContent = "";
      if (!file.files.length) {
        error.textContent = "Choose an image file.";
        return;
      }
      if (!alt.value.trim()) {
        error.textContent = "Alt text is required: describe the image for readers who cannot see it.";
        alt.focus();
        return;
      }
      const data = new FormData(inner);
      upload.disabled = true;
      upload.textContent = "Uploading…";
      try {
        const response = await fetch(desk.dataset.uploadUrl, {
          method: "POST",
          body: data,
          headers: { "X-CSRFToken": csrfToken(form), Accept: "application/json" },
          credentials: "same-origin",
        });
        const answer = await response.json();
        if (!response.ok) {
          error.textContent = Object.values(answer.errors || {}).flat().map((e) => e.message).join(" ") || "The upload failed.";
          return;
        }
        const figure = element("figure", {}, [
          element("img", { src: answer.url, alt: answer.alt, width: answer.width, height: answer.height }),
        ]);
        const text = [answer.caption, answer.credit].filter(Boolean).join(" — ");
        if (text) figure.append(element("figcaption", { textContent: text }));
        bodyEditor.chain().focus().insertContent(figure.outerHTML).run();
        inner.reset();
        dialog.close();
      } catch {
        error.textContent = "The upload failed. Check the connection and try again.";
      } finally {
        upload.disabled = false;
        upload.textContent = "Upload and insert";
      }
    });
    return dialog;
  }

  function editorComfort(form, desk) {
    const dialog = imageDialog(form, desk);
    const setUp = ({ editor, textarea }) => {
      editor.view.dom.setAttribute("spellcheck", "true");
      editor.setOptions({ editorProps: { attributes: { spellcheck: "true" } } });
      const button = element("button", { type: "button", className: "button desk-insert-image", textContent: "Insert image…" });
      button.addEventListener("click", () => dialog.showModal());
      textarea.closest(".prose-editor")?.after(button);
    };
    whenEditor(setUp);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("article_form");
    const desk = document.getElementById("article-desk");
    if (!form || !desk) return;
    trackChanges(form, desk);
    counters(form);
    previews(form);
    localTimes(form, desk);
    sortableBylines(form);
    editorComfort(form, desk);
  });
})();
