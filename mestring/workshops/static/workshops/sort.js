// Drag and drop for sorting statements under headings: an enhancement over the "Flytt" forms,
// which do the same without JavaScript and from the keyboard.
document.addEventListener("DOMContentLoaded", () => {
  let dragged = null;
  document.querySelectorAll(".statement[draggable]").forEach((item) => {
    item.addEventListener("dragstart", (event) => { dragged = item; event.dataTransfer.effectAllowed = "move"; });
  });
  document.querySelectorAll(".drop-zone").forEach((zone) => {
    zone.addEventListener("dragover", (event) => { if (dragged) { event.preventDefault(); zone.classList.add("over"); } });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      zone.classList.remove("over");
      if (!dragged) return;
      const form = dragged.querySelector("form");
      const body = new FormData(form);
      body.set("heading", zone.dataset.heading);
      fetch(dragged.dataset.move, { method: "POST", body, headers: { "HX-Request": "true" }, credentials: "same-origin" })
        .then((response) => { if (response.ok) window.location.reload(); });
    });
  });
});
