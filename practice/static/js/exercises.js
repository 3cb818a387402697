// Home program pages: the "Print" button (no inline handlers: the CSP forbids them).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print-page]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});

// The assign page: an unticked exercise shows only its name and usual dose; ticking it opens
// its dose and note. Without JavaScript every row shows them. The count says how many are ticked.
(() => {
  "use strict";
  const form = document.querySelector("[data-assign-form]");
  if (!form) return;
  const count = form.querySelector("[data-assign-count]");

  function show(row) {
    const tick = row.querySelector("[data-assign-tick]");
    row.querySelector("[data-assign-details]").hidden = !tick.checked;
    row.classList.toggle("is-ticked", tick.checked);
  }

  function recount() {
    const ticked = form.querySelectorAll("[data-assign-tick]:checked").length;
    if (count) count.textContent = ticked ? `${ticked} ticked` : "";
  }

  form.querySelectorAll("[data-assign-row]").forEach(show);
  recount();
  form.addEventListener("change", (event) => {
    const row = event.target.closest("[data-assign-row]");
    if (row && event.target.matches("[data-assign-tick]")) {
      show(row);
      recount();
    }
  });
})();
