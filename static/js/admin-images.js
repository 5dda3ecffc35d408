/* Media library helpers for the Django admin. Everything here is an extra: without
   JavaScript the focal point is typed as two numbers and a token is selected by hand. */
(function () {
  "use strict";

  function setUpFocalPicker(picker) {
    var image = picker.querySelector("img");
    var marker = picker.querySelector(".focal-marker");
    var across = document.getElementById("id_focal_x");
    var down = document.getElementById("id_focal_y");
    var status = picker.parentNode.querySelector(".focal-picker-status");
    if (!image || !marker || !across || !down) {
      return;  // a view-only page: nothing to set
    }
    picker.classList.add("focal-picker-active");

    function percent(input) {
      var value = parseInt(input.value, 10);
      return isNaN(value) ? 50 : Math.min(100, Math.max(0, value));
    }

    function moveMarker() {
      marker.style.left = percent(across) + "%";
      marker.style.top = percent(down) + "%";
    }

    image.addEventListener("click", function (event) {
      var box = image.getBoundingClientRect();
      across.value = Math.round(((event.clientX - box.left) / box.width) * 100);
      down.value = Math.round(((event.clientY - box.top) / box.height) * 100);
      moveMarker();
      if (status) {
        status.textContent = "Focal point set: " + across.value + "% across, " +
          down.value + "% down. Save to remake the crops.";
      }
    });
    across.addEventListener("input", moveMarker);
    down.addEventListener("input", moveMarker);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain-HTTP desks (a laptop demo) have no clipboard API: fall back to a selection.
    var scratch = document.createElement("textarea");
    scratch.value = text;
    scratch.setAttribute("readonly", "");
    scratch.style.position = "fixed";
    scratch.style.opacity = "0";
    document.body.appendChild(scratch);
    scratch.select();
    var copied = document.execCommand("copy");
    document.body.removeChild(scratch);
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function setUpCopyButtons(panel) {
    var status = panel.querySelector(".body-pictures-status");
    panel.querySelectorAll(".body-pictures-copy").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var token = button.getAttribute("data-token");
        copyText(token).then(function () {
          button.textContent = "Copied";
          if (status) { status.textContent = token + " copied. Paste it into the body."; }
          window.setTimeout(function () { button.textContent = "Copy"; }, 2000);
        }, function () {
          if (status) { status.textContent = "Could not copy: select the token and copy it."; }
        });
      });
    });
  }

  function start() {
    document.querySelectorAll("[data-focal-picker]").forEach(setUpFocalPicker);
    document.querySelectorAll(".body-pictures").forEach(setUpCopyButtons);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
