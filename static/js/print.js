// A "Print" button: any element with data-print opens the browser's print dialog, which
// prints the page through static/css/print.css (no navigation, no buttons).
document.querySelectorAll("[data-print]").forEach(function (el) {
  el.addEventListener("click", function () { window.print(); });
});
