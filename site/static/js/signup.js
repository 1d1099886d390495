// Preselect the school whose e-mail domain matches the address being typed.
// Without JavaScript the server does the same when the school is left blank.
(function () {
  var school = document.querySelector("select[data-school-domains]");
  var email = document.querySelector("input[name=email]");
  if (!school || !email) return;
  var domains = {};
  school.getAttribute("data-school-domains").split(",").forEach(function (pair) {
    var parts = pair.split("=");
    if (parts.length === 2) domains[parts[0]] = parts[1];
  });
  var touched = false;
  school.addEventListener("change", function () { touched = true; });
  email.addEventListener("input", function () {
    if (touched) return;
    var domain = email.value.split("@")[1];
    var match = domain && domains[domain.trim().toLowerCase()];
    school.value = match || "";
  });
})();
