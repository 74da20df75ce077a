// After each autosave the server says which questions apply now (skip logic); show only those.
document.addEventListener("htmx:afterSwap", (event) => {
  const status = document.getElementById("save-status");
  if (!status || !status.dataset.relevant) return;
  const relevant = new Set(status.dataset.relevant.split(" "));
  document.querySelectorAll(".questionnaire > [data-question]").forEach((element) => {
    element.hidden = !relevant.has(element.dataset.question);
  });
});
