// Small progressive enhancements; every page works without this file.
document.addEventListener("change", (event) => {
  // The language switch submits itself; without JavaScript the button does it.
  if (event.target.matches("[data-autosubmit]")) event.target.form.requestSubmit();
});
