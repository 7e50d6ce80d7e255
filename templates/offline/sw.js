{# Refugee Guide NL: keeps the pages a visitor read, and the packs they saved, for offline use. #}
{# Network first: online, every page comes from the site (an ETag makes that a 304). #}
{# Bounds: MAX_PAGES pages read, MAX_PACKS packs of at most MAX_PACK_PAGES pages; oldest go first. #}
const ASSETS = {{ assets|safe }};
const OFFLINE = {{ offline_pages|safe }};
const PAGE = /^\/({{ languages }})\//;
const PAGES = "rg-pages", SHELL = "rg-shell", PACK = "rg-pack ";
const MAX_PAGES = 50, MAX_PACKS = 5, MAX_PACK_PAGES = 60;

addEventListener("install", (e) =>
  e.waitUntil(caches.open(SHELL).then((c) => c.addAll(ASSETS)).then(() => skipWaiting())),
);

addEventListener("activate", (e) =>
  e.waitUntil(
    (async () => {
      const c = await caches.open(SHELL);
      for (const r of await c.keys()) {
        const path = new URL(r.url).pathname;
        if (!PAGE.test(path) && !ASSETS.includes(path)) await c.delete(r);
      }
      await clients.claim();
    })(),
  ),
);

addEventListener("fetch", (e) => {
  const r = e.request, u = new URL(r.url);
  if (r.method !== "GET" || u.origin !== location.origin) return;
  if (ASSETS.includes(u.pathname)) {
    e.respondWith(caches.match(r).then((m) => m || fetch(r)));
  } else if (r.mode === "navigate" && PAGE.test(u.pathname)) {
    e.respondWith(
      fetch(r).then(
        (res) => {
          if (res.status === 200) e.waitUntil(read(u.href, res.clone()));
          return res;
        },
        () => offline(u),
      ),
    );
  }
});

addEventListener("message", (e) => {
  const d = e.data || {}, port = e.ports[0];
  const job = d.keep ? keepAll(d.keep)
    : d.save ? save(d.save, d.links || [])
    : d.remove ? caches.delete(PACK + d.remove)
    : d.status ? status(d.status)
    : d.list ? list(d.list) : null;
  e.waitUntil(
    Promise.resolve(job).then(
      (result) => port && port.postMessage(result || null),
      () => port && port.postMessage(null),
    ),
  );
});

const ours = (url) => {
  const u = new URL(url, location.origin);
  return u.origin === location.origin && PAGE.test(u.pathname);
};

{# A copy of a page, stamped with when it was saved and how many bytes it holds. #}
async function keep(cache, url, res) {
  const body = await res.arrayBuffer();
  const headers = new Headers(res.headers);
  headers.set("x-saved", new Date().toISOString());
  headers.set("x-size", body.byteLength);
  await cache.put(url, new Response(body, { headers }));
}

async function trim(name, max) {
  const c = await caches.open(name), keys = await c.keys();
  for (const r of keys.slice(0, Math.max(0, keys.length - max))) await c.delete(r);
}

const packs = async () => (await caches.keys()).filter((n) => n.startsWith(PACK));

{# A page read online: kept, and any saved copy of it updated. #}
async function read(url, res) {
  await keep(await caches.open(PAGES), url, res.clone());
  await trim(PAGES, MAX_PAGES);
  for (const name of await packs()) {
    const c = await caches.open(name);
    if (await c.match(url)) await keep(c, url, res.clone());
  }
  await refresh();
}

{# Online again: saved packs and offline pages older than 5 minutes catch up with editors' changes. #}
async function refresh() {
  for (const name of await caches.keys()) {
    if (name === PAGES) continue;
    const c = await caches.open(name);
    for (const r of await c.keys()) {
      const m = await c.match(r);
      if (!ours(r.url) || Date.now() - Date.parse(m.headers.get("x-saved")) < 300000) continue;
      const res = await fetch(r.url).catch(() => null);
      if (res && res.status === 200) await keep(c, r.url, res);
    }
  }
}

{# The newest saved copy of a page, in any cache. #}
async function saved(url) {
  let best = null;
  for (const name of await caches.keys()) {
    const m = await (await caches.open(name)).match(url);
    if (m && (!best || m.headers.get("x-saved") > best.headers.get("x-saved"))) best = m;
  }
  return best;
}

{# Offline: the saved copy, marked with its date for the page's script, else the offline page. #}
async function offline(u) {
  const hit = await saved(u.href);
  if (hit) {
    const html = (await hit.text()).replace("<html", `<html data-saved="${hit.headers.get("x-saved")}"`);
    const headers = new Headers(hit.headers);
    headers.delete("content-length");
    return new Response(html, { headers });
  }
  const lang = u.pathname.split("/")[1];
  for (const url of [OFFLINE[lang], ...Object.values(OFFLINE)]) {
    const page = await caches.match(url);
    if (page) return page;
  }
  return Response.error();
}

{# Sent by each page: itself (when it came before the worker) and the offline page. #}
async function keepAll(urls) {
  for (const url of urls.filter(ours).map((x) => new URL(x, location.origin).href)) {
    if (await caches.match(url)) continue;
    const res = await fetch(url).catch(() => null);
    if (!res || res.status !== 200) continue;
    const name = Object.values(OFFLINE).includes(new URL(url).pathname) ? SHELL : PAGES;
    await keep(await caches.open(name), url, res);
    if (name === PAGES) await trim(PAGES, MAX_PAGES);
  }
}

async function save(url, links) {
  if (!ours(url)) return null;
  await caches.delete(PACK + url);
  const old = await packs();
  for (const name of old.slice(0, Math.max(0, old.length - MAX_PACKS + 1))) await caches.delete(name);
  const urls = [...new Set([url, ...links.filter(ours)])].slice(0, MAX_PACK_PAGES);
  const answers = await Promise.all(urls.map((x) => fetch(x)));
  if (answers[0].status !== 200) return null;
  const c = await caches.open(PACK + url);
  for (const [i, res] of answers.entries()) if (res.status === 200) await keep(c, urls[i], res);
  return status(url);
}

async function status(url) {
  if (!(await caches.has(PACK + url))) return null;
  const c = await caches.open(PACK + url), keys = await c.keys();
  let size = 0, when = "";
  for (const r of keys) {
    const m = await c.match(r);
    size += Number(m.headers.get("x-size"));
    if (r.url === url) when = m.headers.get("x-saved");
  }
  return { size, saved: when, pages: keys.length };
}

{# The saved pages in one language, with their titles, for the offline page. #}
async function list(lang) {
  const found = new Map();
  for (const name of await caches.keys()) {
    const c = await caches.open(name);
    for (const r of await c.keys()) {
      const path = new URL(r.url).pathname;
      if (found.has(r.url) || !path.startsWith(`/${lang}/`) || path === OFFLINE[lang]) continue;
      const title = /<title>([^<]*)<\/title>/.exec(await (await c.match(r)).text());
      found.set(r.url, title ? title[1] : path);
    }
  }
  return [...found].map(([url, title]) => ({ url, title }));
}
