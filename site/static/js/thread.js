// One reply form per page. "Answer" under a reply moves the form there
// (without JavaScript the link opens the form on a page of its own).
(function () {
  "use strict";
  var form = document.getElementById("reply-form");
  if (!form) return;
  var home = document.createComment("reply-form");
  form.parentNode.insertBefore(home, form);
  var parentField = form.querySelector("input[name=parent]");
  var label = form.querySelector("label[for=reply-body]");
  var submit = form.querySelector("button[type=submit]");
  var heading = form.querySelector("h3");
  var cancel = form.querySelector("[data-answer-cancel]");
  var original = { label: label.textContent, submit: submit.textContent, heading: heading.textContent };

  function reset() {
    home.parentNode.insertBefore(form, home.nextSibling);
    parentField.value = "";
    label.textContent = original.label;
    submit.textContent = original.submit;
    heading.textContent = original.heading;
    heading.hidden = false;
    cancel.hidden = true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-answer]");
    if (!link) return;
    event.preventDefault();
    var item = link.closest("li.reply");
    var actions = item.querySelector(".reply__actions");
    actions.parentNode.insertBefore(form, actions.nextSibling);
    parentField.value = link.getAttribute("data-answer");
    label.textContent = form.getAttribute("data-answer-label");
    submit.textContent = form.getAttribute("data-answer-button");
    heading.hidden = true;
    cancel.hidden = false;
    form.querySelector("textarea").focus();
  });
  cancel.addEventListener("click", reset);
})();
