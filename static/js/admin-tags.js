"use strict";
// One tag box: existing tags are suggested as the editor types, a new tag is added
// with Enter or a comma, and a tag may have several words ("Quasar X1").
document.addEventListener("DOMContentLoaded", () => {
  const $ = window.django && window.django.jQuery;
  if (!$ || !$.fn.select2) return;
  document.querySelectorAll("select[data-tag-input]").forEach((select) => {
    $(select).select2({
      tags: true,
      tokenSeparators: [","],
      width: "100%",
      minimumInputLength: 0,
      placeholder: "Add tags",
      ajax: {
        url: select.dataset.tagInput,
        dataType: "json",
        delay: 250,
        data: (params) => ({
          term: params.term,
          page: params.page,
          app_label: "articles",
          model_name: "article",
          field_name: "tags",
        }),
        // The admin answers with tag ids; the field takes names.
        processResults: (data) => ({
          results: data.results.map((tag) => ({ id: tag.text, text: tag.text })),
          pagination: data.pagination,
        }),
      },
      createTag: (params) => {
        const name = params.term.trim().replace(/\s+/g, " ");
        return name ? { id: name, text: name } : null;
      },
    });
    // select2 reports changes through jQuery only; the form's change tracking
    // listens for real events.
    $(select).on("change", () => {
      select.dispatchEvent(new Event("input", { bubbles: true }));
    });
  });
});
