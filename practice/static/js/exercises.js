// Home program pages: the "Print" button (no inline handlers: the CSP forbids them).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print-page]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
