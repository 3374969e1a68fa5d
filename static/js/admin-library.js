"use strict";
// The media library picker: search the library and choose a picture for a field.
(() => {
  const element = (tag, props = {}, children = []) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };

  function setUpPicker(root) {
    const input = root.querySelector('input[type="hidden"]');
    const dialog = root.querySelector("dialog");
    const results = root.querySelector("[data-library-results]");
    const query = root.querySelector("[data-library-query]");
    const chosen = root.querySelector(".library-picker__chosen");
    const none = root.querySelector(".library-picker__none");
    const clear = root.querySelector("[data-library-clear]");
    let timer = null;

    const show = (image) => {
      input.value = image ? image.id : "";
      chosen.hidden = !image;
      none.hidden = Boolean(image);
      clear.hidden = !image;
      if (image) {
        const img = chosen.querySelector("img");
        img.src = image.preview;
        img.alt = image.alt;
        chosen.querySelector("figcaption").textContent = image.label;
      }
      input.dispatchEvent(new Event("input", { bubbles: true }));
      root.dispatchEvent(new CustomEvent("library:chosen", { bubbles: true, detail: image }));
    };

    const search = async () => {
      const url = `${root.dataset.libraryPicker}?q=${encodeURIComponent(query.value)}`;
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) {
        results.replaceChildren(element("li", { className: "library-dialog__empty", textContent: "The library could not be searched. Try again." }));
        return;
      }
      const { results: images } = await response.json();
      if (!images.length) {
        results.replaceChildren(element("li", { className: "library-dialog__empty", textContent: "No images match." }));
        return;
      }
      results.replaceChildren(
        ...images.map((image) => {
          const button = element("button", { type: "button" }, [
            element("img", { src: image.thumb, alt: "", width: 160, height: 90, loading: "lazy" }),
            element("span", { textContent: image.label }),
          ]);
          button.setAttribute("aria-label", `Choose: ${image.label}`);
          button.addEventListener("click", () => {
            show(image);
            dialog.close();
          });
          return element("li", {}, [button]);
        }),
      );
    };

    root.querySelector("[data-library-open]").addEventListener("click", () => {
      dialog.showModal();
      query.focus();
      search();
    });
    root.querySelector("[data-library-close]").addEventListener("click", () => dialog.close());
    clear.addEventListener("click", () => show(null));
    query.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    // Enter in the search box searches; it must not submit the article form.
    query.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        search();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-library-picker]").forEach(setUpPicker);
  });
})();
