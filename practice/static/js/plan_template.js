// A new plan's template choice applies as soon as it is made: the script sends the form's
// "Use this template" button for you (the server fills in the template and keeps what was
// typed). Without JavaScript that button is there to press.
(() => {
  "use strict";
  const choice = document.querySelector("[data-apply-template]");
  const button = document.querySelector("[data-apply-template-button]");
  if (!choice || !button) return;
  button.classList.add("d-none");
  choice.addEventListener("change", () => choice.form.requestSubmit(button));
})();
