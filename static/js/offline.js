// Offline reading, as an enhancement: without JavaScript or service workers, nothing changes.
// Every word shown comes from the page (data- attributes), in the page's language.
(() => {
  const d = document.currentScript.dataset, sw = navigator.serviceWorker;
  if (!sw || !window.caches) return;
  const html = document.documentElement, lang = html.lang, here = location.href.split("#")[0];
  const date = (iso) => new Date(iso).toLocaleString(lang, { dateStyle: "long", timeStyle: "short" });
  const ask = (message) =>
    sw.ready.then((reg) => new Promise((done) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (e) => done(e.data);
      reg.active.postMessage(message, [channel.port2]);
    }));
  const text = (s) => new DOMParser().parseFromString(s, "text/html").documentElement.textContent;

  const registered = sw.register(d.worker);
  registered.catch(() => {});

  // Opened from the phone's copy: say so, and when it was saved.
  if (html.dataset.saved) {
    const note = document.createElement("p");
    note.className = "notice offline-note";
    note.textContent = d.line.replace("{date}", date(html.dataset.saved));
    document.getElementById("main").prepend(note);
  } else {
    // A page the worker did not fetch (the first one) is kept now; the offline page once.
    ask({ keep: sw.controller ? [d.offline] : [here, d.offline] });
  }

  // The offline page: the saved pages in this language.
  const saved = document.getElementById("saved-pages");
  if (saved) {
    ask({ list: lang }).then((pages) => {
      for (const page of (pages || []).sort((a, b) => (a.title < b.title ? -1 : 1))) {
        const link = document.createElement("a");
        link.href = page.url;
        link.textContent = text(page.title).split(" · ")[0];
        saved.append(document.createElement("li"));
        saved.lastChild.append(link);
      }
      document.getElementById("saved-none").hidden = saved.children.length > 0;
      saved.closest("section").hidden = false;
    });
  }

  // "Save for offline use": this page, the organizations it links to, and the glossary.
  const template = document.getElementById("offline-pack");
  if (template) pack(template);
  function pack(template) {
    const box = template.content.firstElementChild.cloneNode(true), t = box.dataset;
    const [save, remove] = box.querySelectorAll("button"), status = box.querySelector("[role=status]");
    // Shown at once (no shift of the page later), and taken away if no worker can run.
    template.after(box);
    registered.catch(() => box.remove());
    const show = (pack) => {
      remove.hidden = !pack;
      status.textContent = pack
        ? t.saved.replace("{date}", date(pack.saved)).replace("{size}", Math.ceil(pack.size / 1024))
        : "";
    };
    ask({ status: here }).then(show);
    save.addEventListener("click", () => {
      const organizations = new URL(t.organizations, location.href).pathname;
      const links = [...document.querySelectorAll("main a[href]")]
        .map((a) => new URL(a.href))
        .filter((u) => u.origin === location.origin && u.pathname.startsWith(organizations))
        .filter((u) => /^[^/]+\/$/.test(u.pathname.slice(organizations.length)))
        .map((u) => u.origin + u.pathname);
      save.disabled = true;
      status.textContent = t.saving;
      ask({ save: here, links: [...links, new URL(t.glossary, location.href).href] }).then((pack) => {
        save.disabled = false;
        show(pack);
        if (!pack) status.textContent = t.failed;
      });
    });
    remove.addEventListener("click", () =>
      ask({ remove: here }).then(() => {
        show(null);
        status.textContent = t.removed;
        save.focus();
      }),
    );
  }
})();
