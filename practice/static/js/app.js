// Small behaviours for every page. No inline scripts: the CSP forbids them.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  // Whose typing this is: should the sign-in end before it is saved, the server keeps what
  // the form carries for this person (practice/core/kept_forms.py).
  const owner = document.querySelector('meta[name="form-owner"]');
  if (owner && form.method.toLowerCase() === "post" && !form.elements.namedItem("form_owner")) {
    const field = document.createElement("input");
    field.type = "hidden";
    field.name = "form_owner";
    field.value = owner.content;
    form.appendChild(field);
  }
  // A second click while the first submit is on its way does nothing.
  if (form.dataset.submitted === "1") {
    event.preventDefault();
    return;
  }
  form.dataset.submitted = "1";
  window.setTimeout(() => { delete form.dataset.submitted; }, 4000);
});

// A table that scrolls sideways on a small screen must be reachable by keyboard:
// make its scroller focusable and name it after the table's caption.
function labelScrollingTables() {
  document.querySelectorAll(".table-responsive").forEach((scroller) => {
    const scrolls = scroller.scrollWidth > scroller.clientWidth + 1;
    if (scrolls && !scroller.hasAttribute("tabindex")) {
      const caption = scroller.querySelector("caption");
      scroller.setAttribute("tabindex", "0");
      scroller.setAttribute("role", "region");
      scroller.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table");
      scroller.dataset.labelledByScript = "1";
    } else if (!scrolls && scroller.dataset.labelledByScript === "1") {
      ["tabindex", "role", "aria-label", "data-labelled-by-script"].forEach((name) => scroller.removeAttribute(name));
    }
  });
}
document.addEventListener("DOMContentLoaded", labelScrollingTables);
window.addEventListener("resize", labelScrollingTables);
