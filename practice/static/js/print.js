// "Print" buttons on record pages: shown only where JavaScript runs, they open the browser's
// print dialog (the page's print style leaves out the navigation and buttons).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
