// Newsletter signup in place: submits the form with fetch and shows the answer
// without leaving the page. Without this script the form still posts normally
// and lands on the "check your inbox" page.
(() => {
  "use strict";

  const SELECTOR = 'form[data-newsletter-form], form[action$="/newsletter/subscribe/"]';
  const FALLBACK = "Something went wrong. Please try again in a moment.";

  // The live region must be in the page before its text changes, or screen
  // readers may not announce it; so it is added when the page loads.
  function statusOf(form) {
    let status = form.querySelector("[data-newsletter-status]");
    if (!status) {
      status = document.createElement("p");
      status.className = "signup__status";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      status.dataset.newsletterStatus = "";
      form.append(status);
    }
    return status;
  }

  function errorOf(form, input) {
    const id = `${input.id || `${form.id || "newsletter"}-${input.name}`}-error`;
    let error = document.getElementById(id);
    if (!error) {
      error = document.createElement("p");
      error.className = "signup__error";
      error.id = id;
      error.hidden = true;
      const anchor = input.closest(".signup__row, .signup__check, label") || input;
      anchor.after(error);
    }
    return error;
  }

  // A hidden element still describes the field that points at it, so the
  // pointer goes too, or screen readers keep reading the old error.
  function clearErrors(form) {
    for (const input of form.querySelectorAll("[aria-invalid]")) {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
      errorOf(form, input).hidden = true;
    }
  }

  // Show each error next to its field; return those for fields the form lacks.
  function showErrors(form, errors) {
    let first = null;
    const unplaced = [];
    for (const [name, messages] of Object.entries(errors || {})) {
      const input = form.elements.namedItem(name);
      if (!messages.length) continue;
      if (!input) {
        unplaced.push(messages[0].message);
        continue;
      }
      const error = errorOf(form, input);
      error.textContent = messages[0].message;
      error.hidden = false;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", error.id);
      first = first || input;
    }
    if (first) first.focus();
    return unplaced;
  }

  async function submit(event) {
    const form = event.target;
    if (!form.matches(SELECTOR)) return;
    event.preventDefault();
    if (form.getAttribute("aria-busy") === "true") return;

    const status = statusOf(form);
    const button = form.querySelector('[type="submit"]');
    form.setAttribute("aria-busy", "true");
    if (button) button.disabled = true;
    status.textContent = "";
    clearErrors(form);

    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
    } catch {
      // Offline or blocked: let the browser post the form the ordinary way.
      form.submit();
      return;
    } finally {
      form.removeAttribute("aria-busy");
      if (button) button.disabled = false;
    }

    const data = await response.json().catch(() => ({}));
    const message = data.message || FALLBACK;
    if (response.ok) {
      status.textContent = message;
      form.reset();
    } else {
      status.textContent = [message, ...showErrors(form, data.errors)].join(" ");
    }
  }

  function init() {
    for (const form of document.querySelectorAll(SELECTOR)) statusOf(form);
    document.addEventListener("submit", submit);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
