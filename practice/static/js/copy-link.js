// "Copy link" beside a link shown in a read-only field: one click puts it on the clipboard.
// Without JavaScript the button stays hidden and the field can be selected and copied.
document.querySelectorAll("[data-copy-from]").forEach((button) => {
  const field = document.getElementById(button.dataset.copyFrom);
  if (!field) return;
  const label = button.textContent;
  button.hidden = false;
  button.addEventListener("click", async () => {
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
    } catch {
      document.execCommand("copy");
    }
    button.textContent = "Copied";
    setTimeout(() => { button.textContent = label; }, 2000);
  });
});
