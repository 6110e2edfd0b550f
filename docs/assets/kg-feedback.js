// "Was this helpful?" without an analytics provider: answered in the page,
// nothing is sent. Material hides the widget unless a provider script shows
// it; this shows it, and on a click shows the thank-you note for the rating
// and fires `keyguide:feedback` ({page, value}) on document, where a vendor's
// own (self-hosted) analytics can listen. See WRITING.md.
(() => {
  const form = document.forms.namedItem("feedback");
  if (!form || !form.hasAttribute("data-kg-local")) return;
  form.hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const button = event.submitter;
    const value = button ? button.getAttribute("data-md-value") : null;
    form.querySelector("fieldset").disabled = true;
    for (const note of form.querySelectorAll(".md-feedback__note [data-md-value]")) {
      note.hidden = note.getAttribute("data-md-value") !== value;
    }
    document.dispatchEvent(
      new CustomEvent("keyguide:feedback", {
        detail: { page: location.pathname, value: Number(value) },
      }),
    );
  });
})();
