// The browser side of the chat room: the seed's request lines (L/C/Q) over a WebSocket, its replies shown as they come.
"use strict";

const log = document.getElementById("log");
const state = document.getElementById("connection");
const nameInput = document.getElementById("name");
const textInput = document.getElementById("text");
let name = "";

function show(line, kind) {
  const li = document.createElement("li");
  li.textContent = line;
  if (kind) li.className = kind;
  log.append(li);
  li.scrollIntoView({ block: "end" });
}

function joined(yes) {
  textInput.disabled = document.getElementById("say").disabled = !yes;
  document.getElementById("quit").disabled = !yes;
  document.getElementById("join").disabled = nameInput.disabled = yes;
}

const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/chat/ws`);
window.chatSocket = socket;
socket.onopen = () => { state.textContent = "connected"; state.dataset.state = "live"; };
socket.onclose = () => { state.textContent = "disconnected"; state.dataset.state = "reconnecting"; joined(false); };
socket.onmessage = e => {
  // Room messages start with a newline, as the seed's client prints them.
  const text = e.data.replace(/^\n/, "");
  if (e.data === "OK") { joined(true); show(`joined as ${name}`, "notice"); return; }
  if (e.data === "EXIT") { joined(false); show("left the room", "notice"); return; }
  show(text);
};

document.getElementById("join-form").onsubmit = e => {
  e.preventDefault();
  name = nameInput.value.trim();
  if (name) socket.send(`L ${name}`);
};
document.getElementById("say-form").onsubmit = e => {
  e.preventDefault();
  const text = textInput.value;
  if (!text) return;
  socket.send(`C ${name} ${text}`);
  show(`${name}: ${text}`, "mine");
  textInput.value = "";
};
document.getElementById("quit").onclick = () => socket.send(`Q ${name}`);
