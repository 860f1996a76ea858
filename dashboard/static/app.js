// Fills the snippet list from /api/snippets once the page is shown, so the
// chart does not wait for the slowest query. Text goes in as text, never
// as HTML: sentences and titles come from crawled pages.
"use strict";
document.addEventListener("DOMContentLoaded", async () => {
  const section = document.getElementById("snippets-section");
  if (!section) return;
  const status = document.getElementById("snippets-status");
  const list = document.getElementById("snippets");
  try {
    const res = await fetch(section.dataset.src);
    if (!res.ok) throw new Error(await res.text());
    const snippets = await res.json();
    for (const s of snippets) {
      const li = document.createElement("li");
      const sentence = document.createElement("p");
      sentence.className = "sentence";
      sentence.textContent = s.sentence;
      const src = document.createElement("p");
      src.className = "source";
      let where = s.day + " · " + s.source;
      if (s.origin) where += " · 来源: " + s.origin;
      if (s.print_page) where += " · 第" + s.print_page + "版";
      src.textContent = where + " · ";
      const a = document.createElement("a");
      a.href = s.url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.textContent = "《" + s.title + "》";
      src.appendChild(a);
      li.append(sentence, src);
      list.appendChild(li);
    }
    status.textContent = snippets.length ? snippets.length + " sentences." : "No sentences in this range.";
  } catch (err) {
    status.textContent = "Could not load the sentences: " + err.message;
  }
  section.dataset.loaded = "true";
});
