// Fills the snippet list from /api/snippets once the page is shown, so the
// chart does not wait for the slowest query. Text goes in as text, never
// as HTML: sentences and titles come from crawled pages.
"use strict";

// The term picker: the checkboxes are the form's truth (and work without
// JavaScript); this adds a filter to type into and chips for the chosen
// terms, which stay in view however long the lexicon.
function termPicker() {
  const list = document.getElementById("term-list");
  const filter = document.getElementById("term-filter");
  const chips = document.getElementById("term-chips");
  if (!list || !filter || !chips) return;
  const boxes = Array.from(list.querySelectorAll("input[type=checkbox]"));
  const none = document.getElementById("term-none");
  const render = () => {
    chips.replaceChildren();
    for (const box of boxes.filter(b => b.checked)) {
      const chip = document.createElement("span");
      chip.className = "chip";
      chip.dataset.term = box.value;
      chip.textContent = box.dataset.label;
      const x = document.createElement("button");
      x.type = "button";
      x.textContent = "×";
      x.setAttribute("aria-label", "remove " + box.dataset.label);
      x.addEventListener("click", () => { box.checked = false; render(); filter.focus(); });
      chip.appendChild(x);
      chips.appendChild(chip);
    }
  };
  const visible = () => boxes.filter(b => !b.parentElement.hidden);
  const apply = () => {
    const q = filter.value.trim().toLowerCase();
    for (const box of boxes) {
      box.parentElement.hidden = q !== "" && !box.parentElement.dataset.search.toLowerCase().includes(q);
    }
    none.hidden = visible().length > 0;
  };
  filter.addEventListener("input", apply);
  // Enter picks the first match, rather than submitting half a choice.
  // The form is submitted by Enter's keypress, which a keydown's
  // preventDefault does not always stop (a char event sent on its own, as
  // automation does), so that keypress is stopped too. Every keydown says
  // whether it picked, so on an empty filter Enter still submits: "Show".
  let picked = false;
  filter.addEventListener("keypress", ev => {
    if (ev.key === "Enter" && picked) ev.preventDefault();
  });
  filter.addEventListener("keydown", ev => {
    picked = ev.key === "Enter" && filter.value.trim() !== "";
    if (!picked) return;
    ev.preventDefault();
    const first = visible().find(b => !b.checked);
    if (first) first.checked = true;
    filter.value = "";
    apply();
    render();
  });
  for (const box of boxes) box.addEventListener("change", render);
  list.classList.add("filterable");
  render();
}

document.addEventListener("DOMContentLoaded", termPicker);

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
