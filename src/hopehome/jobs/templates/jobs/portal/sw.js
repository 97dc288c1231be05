{% load static %}/* 台南工作好找 service worker: saved jobs readable offline.

   Pages under {{ scope }} are fetched from the network first. The saved-jobs page and the pages
   of the jobs listed on it are kept in a cache and served from it when there is no connection;
   any other page falls back to the offline page. Signing in or out empties the cache, so one
   person's saved jobs never show to the next person using the device. */
"use strict";

const CACHE = "jobs-offline-v1";
const SCOPE = "{% url 'jobs:search' %}";
const SAVED_URL = "{% url 'jobs:saved' %}";
const OFFLINE_URL = "{% url 'jobs:offline' %}";
const ACCOUNT_URLS = ["{% url 'jobs:logout' %}", "{% url 'jobs:login' %}"];
const LIST_KEY = SCOPE + "__saved-list__";
const PRECACHE = [
  OFFLINE_URL,
  "{% static 'hopehome/site.css' %}",
  "{% static 'jobs/jobs.css' %}",
  "{% static 'jobs/app.js' %}",
  "{% static 'jobs/icons/icon-192.png' %}",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("jobs-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

async function savedList(cache) {
  const stored = await cache.match(LIST_KEY);
  return stored ? stored.json() : [];
}

/* The saved-jobs page marks each job's page with data-offline-url: keep those, drop the rest. */
async function keepSavedJobs(cache, response) {
  const html = await response.text();
  const urls = Array.from(html.matchAll(/data-offline-url="([^"]+)"/g), (m) => new URL(m[1], self.location.origin).pathname);
  const previous = await savedList(cache);
  await Promise.all(previous.filter((u) => !urls.includes(u)).map((u) => cache.delete(u)));
  await cache.put(LIST_KEY, new Response(JSON.stringify(urls), { headers: { "Content-Type": "application/json" } }));
  await Promise.all(urls.map(async (url) => {
    if (await cache.match(url)) { return; }
    try {
      const page = await fetch(url, { credentials: "same-origin" });
      if (page.ok && !page.redirected) { await cache.put(url, page); }
    } catch (e) { /* kept the next time the list is visited online */ }
  }));
}

async function networkFirst(request) {
  const url = new URL(request.url);
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) {
      if (url.pathname === SAVED_URL && !url.search) {
        await cache.put(SAVED_URL, response.clone());
        await keepSavedJobs(cache, response.clone());
      } else if ((await savedList(cache)).includes(url.pathname)) {
        await cache.put(url.pathname, response.clone());
      }
    }
    return response;
  } catch (error) {
    const kept = await cache.match(url.pathname);
    if (kept) { return kept; }
    return (await cache.match(OFFLINE_URL)) || Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method === "GET" && PRECACHE.includes(url.pathname)) {
    // The app's own style sheets, script and icon: fresh when online, kept for offline pages.
    event.respondWith(fetch(request).catch(() => caches.match(url.pathname)));
    return;
  }
  if (!url.pathname.startsWith(SCOPE)) { return; }
  if (request.method === "POST" && ACCOUNT_URLS.includes(url.pathname)) {
    event.waitUntil(caches.delete(CACHE).then(() => caches.open(CACHE)).then((cache) => cache.addAll(PRECACHE)));
    return;
  }
  if (request.method === "GET" && request.mode === "navigate") {
    event.respondWith(networkFirst(request));
  }
});
