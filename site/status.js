// Renders each snapshot the status actor pushes (GET /api/status/stream, event "status").
"use strict";

function rows(tbody, items, cells) {
  tbody.replaceChildren(...items.map(item => {
    const tr = document.createElement("tr");
    for (const [name, value] of cells(item)) {
      const td = document.createElement("td");
      td.dataset.name = name;
      td.textContent = value;
      tr.append(td);
    }
    return tr;
  }));
}

function render(s) {
  document.getElementById("node").textContent = s.node;
  document.getElementById("uptime").textContent = s.uptimeSeconds.toFixed(0);
  document.getElementById("member-count").textContent = s.members.length;
  rows(document.getElementById("members"), s.members, m => [["address", m.address], ["status", m.status]]);
  rows(document.getElementById("services"), s.services, v => [["service", v.service], ["transport", v.transport], ["address", v.address]]);
  rows(document.getElementById("counters"), s.counters, c => [[c.name, c.total], ["rate", c.perSecond]]);
  const sections = document.getElementById("sections");
  sections.replaceChildren(...Object.entries(s.sections).map(([name, value]) => {
    const div = document.createElement("div");
    const h2 = document.createElement("h2");
    h2.textContent = name;
    const pre = document.createElement("pre");
    pre.textContent = JSON.stringify(value, null, 2);
    div.append(h2, pre);
    return div;
  }));
}

const state = document.getElementById("connection");
const events = new EventSource("/api/status/stream");
events.addEventListener("status", e => {
  state.textContent = "live";
  state.dataset.state = "live";
  render(JSON.parse(e.data));
});
events.onerror = () => {
  // EventSource reconnects by itself; say so meanwhile.
  state.textContent = "reconnecting";
  state.dataset.state = "reconnecting";
};
