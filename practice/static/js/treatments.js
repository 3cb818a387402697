// The session form: ask before "Save, sign and lock", since a signed note never changes.
// (Forms with a single action use data-confirm, handled in app.js.)
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm-sign]");
  if (button && !window.confirm(button.dataset.confirmSign)) {
    event.preventDefault();
  }
});

// The duration follows the steps ticked as done (and their minutes) until a duration is typed
// by hand: the hidden duration_from_steps holds what the steps last gave, and while the
// duration field still shows it, both move together. The server counts the same way on Save.
(() => {
  "use strict";
  const form = document.querySelector("[data-session-form]");
  if (!form) return;
  const duration = form.elements.namedItem("duration_minutes");
  const fromSteps = form.elements.namedItem("duration_from_steps");
  if (!duration || !fromSteps) return;

  function stepsMinutes() {
    let total = 0;
    form.querySelectorAll("[data-session-step]").forEach((row) => {
      const done = row.querySelector('input[type="checkbox"][name$="-performed"]');
      const minutes = row.querySelector('input[name$="-minutes"]');
      const value = minutes ? Number.parseInt(minutes.value, 10) : NaN;
      if (done && done.checked && Number.isFinite(value) && value > 0) total += value;
    });
    return total;
  }

  form.addEventListener("input", (event) => {
    const target = event.target;
    const isStep = target.closest("[data-session-step]") &&
      (target.name.endsWith("-performed") || target.name.endsWith("-minutes"));
    if (!isStep || duration.value.trim() !== fromSteps.value.trim()) return;
    const total = stepsMinutes();
    if (total > 0) {
      duration.value = String(total);
      fromSteps.value = String(total);
    }
  });
})();
