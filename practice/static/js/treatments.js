// The session form: ask before "Save, sign and lock", since a signed note never changes.
// (Forms with a single action use data-confirm, handled in app.js.)
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm-sign]");
  if (button && !window.confirm(button.dataset.confirmSign)) {
    event.preventDefault();
  }
});
