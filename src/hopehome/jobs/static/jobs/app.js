/* 台南工作好找: registers the service worker that keeps saved jobs readable offline, shows the
   offline notice, and re-announces the search result count to screen readers after a search.
   Every page works without this script. */
(function () {
  "use strict";
  var script = document.currentScript;
  var CACHE_PREFIX = "jobs-";

  if ("serviceWorker" in navigator && script && script.dataset.serviceWorker) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(script.dataset.serviceWorker, { scope: script.dataset.scope })
        .catch(function () { /* the app still works online without it */ });
    });
  }

  function clearOfflineCopies() {
    if (!("caches" in window)) { return; }
    caches.keys().then(function (keys) {
      keys.forEach(function (key) { if (key.indexOf(CACHE_PREFIX) === 0) { caches.delete(key); } });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var notice = document.getElementById("offline-notice");
    function showConnection() {
      if (notice) { notice.hidden = navigator.onLine; }
    }
    window.addEventListener("online", showConnection);
    window.addEventListener("offline", showConnection);
    showConnection();

    // Signing out removes the copies of the seeker's pages kept on this device.
    Array.prototype.forEach.call(document.querySelectorAll("form[data-clears-offline]"), function (form) {
      form.addEventListener("submit", clearOfflineCopies);
    });

    // A live region's text present at page load is not read out; set it again once the page
    // has settled so the result count is announced after each search.
    var count = document.querySelector("[data-announce]");
    if (count) {
      var text = count.textContent;
      count.textContent = "";
      window.setTimeout(function () { count.textContent = text; }, 400);
    }
  });
})();
