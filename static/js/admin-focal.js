"use strict";
// Clicking a library image's subject sets its focal point, which every crop keeps.
document.addEventListener("DOMContentLoaded", () => {
  const image = document.querySelector(".field-focal_point img");
  const across = document.getElementById("id_focal_x");
  const down = document.getElementById("id_focal_y");
  if (!image || !across || !down) return;
  const marker = document.createElement("span");
  marker.className = "focal-marker";
  image.after(marker);
  const place = () => {
    marker.style.left = `${Number(across.value) * image.clientWidth}px`;
    marker.style.top = `${Number(down.value) * image.clientHeight}px`;
  };
  image.addEventListener("click", (event) => {
    const box = image.getBoundingClientRect();
    across.value = ((event.clientX - box.left) / box.width).toFixed(3);
    down.value = ((event.clientY - box.top) / box.height).toFixed(3);
    place();
  });
  across.addEventListener("input", place);
  down.addEventListener("input", place);
  if (image.complete) place();
  else image.addEventListener("load", place);
});
