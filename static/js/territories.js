// Cabinet form: the département list shows only the chosen region's départements.
// The server checks the pair anyway (CabinetForm.clean); without this script the full grouped list stays.
(function () {
  "use strict";
  var region = document.querySelector("select[name=region]");
  var departement = document.querySelector("select[name=departement]");
  if (!region || !departement) {
    return;
  }
  // Every group of the list, kept aside; each <optgroup> is labelled with its region's name.
  var groups = Array.prototype.slice.call(departement.querySelectorAll("optgroup"));
  var blank = Array.prototype.slice.call(departement.querySelectorAll(":scope > option"));

  function regionName() {
    var option = region.options[region.selectedIndex];
    return option && option.value ? option.textContent.trim() : "";
  }

  function filter() {
    var name = regionName();
    var chosen = departement.value;
    var shown = groups.filter(function (group) { return !name || group.label === name; });
    while (departement.firstChild) {
      departement.removeChild(departement.firstChild);
    }
    blank.forEach(function (option) { departement.appendChild(option); });
    shown.forEach(function (group) { departement.appendChild(group); });
    var stillThere = Array.prototype.some.call(departement.options, function (option) { return option.value === chosen; });
    departement.value = stillThere ? chosen : "";
    if (shown.length === 1 && shown[0].querySelectorAll("option").length === 1) {
      departement.value = shown[0].querySelector("option").value; // a one-département region
    }
  }

  region.addEventListener("change", filter);
  filter();
})();
