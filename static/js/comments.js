/* Comment replies without a page load: "Reply" moves the form under the comment.
   Without this script the same links load the story with ?replyto=<id>#respond, and the
   server renders the form as a reply; nothing here is needed to comment. */
(function () {
  "use strict";
  var respond = document.getElementById("respond");
  if (!respond || !respond.closest) return;
  var form = respond.querySelector("form");
  var parent = form && form.querySelector("input[name=parent]");
  var notice = respond.querySelector("[data-replying]");
  var replyName = respond.querySelector("[data-replying-name]");
  var cancel = respond.querySelector("[data-cancel-reply]");
  if (!parent || !notice || !replyName || !cancel) return;

  // Where the form goes back to when a reply is cancelled.
  var home = document.createElement("div");
  home.className = "comment-respond-home";
  respond.parentNode.insertBefore(home, respond);
  var lastLink = null;

  function replyTo(link) {
    var comment = document.getElementById("comment-" + link.getAttribute("data-reply-to"));
    var body = comment && comment.querySelector(".comment-body");
    if (!body) return false;
    body.parentNode.insertBefore(respond, body.nextSibling);
    parent.value = link.getAttribute("data-reply-to");
    replyName.textContent = link.getAttribute("data-author");
    notice.hidden = false;
    lastLink = link;
    form.querySelector("textarea").focus();
    return true;
  }

  function cancelReply() {
    home.parentNode.insertBefore(respond, home.nextSibling);
    parent.value = "";
    notice.hidden = true;
    if (lastLink) lastLink.focus();
    lastLink = null;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".comment-reply-link");
    if (link && replyTo(link)) event.preventDefault();
  });
  cancel.addEventListener("click", function (event) {
    event.preventDefault();
    cancelReply();
  });
})();
