"""The past-chats list as HTML (pure functions) and the script that turns its clicks into events (ui/past_chats.py).

Titles are the users' own questions and search snippets quote answers, which quote documents: every string is
escaped. A chat's id travels in ``data-conv`` (``gr.HTML`` keeps data attributes; ids come from API clients too,
so they are escaped like text).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from ui.render import esc

SHOWN = 100  # most recent chats listed without a search; older ones are found by searching


def day_group(day: date, today: date) -> str:
    """The heading a chat continued on ``day`` is listed under, as chat apps group them."""
    age = (today - day).days
    if age <= 0:
        return "Today"
    if age == 1:
        return "Yesterday"
    if age < 7:
        return "Previous 7 days"
    if age < 30:
        return "Previous 30 days"
    return day.strftime("%B %Y")


def when(stamp: float, today: date) -> str:
    """The time for today's and yesterday's chats, else the day ("3 Dec", with the year when not this one)."""
    t = datetime.fromtimestamp(stamp)
    if (today - t.date()).days <= 1:
        return t.strftime("%H:%M")
    return f"{t.day} {t.strftime('%b')}" + ("" if t.year == today.year else f" {t.year}")


def _item(info, active: str | None, snippet: str, today: date) -> str:
    title = esc(info.title)
    turns = f"{info.turns} question" + ("" if info.turns == 1 else "s")
    stamp = datetime.fromtimestamp(info.updated).strftime("%Y-%m-%d %H:%M")
    found = f'<span class="rag-chat-snippet">{esc(snippet)}</span>' if snippet else ""
    current = " rag-chat-active" if info.id == active else ""
    mark = ' aria-current="true"' if current else ""
    return (f'<li class="rag-chat{current}" data-conv="{esc(info.id)}">'
            f'<button type="button" class="rag-chat-open" title="Open this chat (last asked {stamp})"'
            f'{mark}>'
            f'<span class="rag-chat-title">{title}</span>'
            f'<span class="rag-chat-meta">{esc(when(info.updated, today))} · {turns}</span>{found}</button>'
            f'<span class="rag-chat-actions">'
            f'<button type="button" class="rag-chat-rename" title="Rename" aria-label="Rename {title}">✎</button>'
            f'<button type="button" class="rag-chat-export" title="Export as Markdown" '
            f'aria-label="Export {title}">⤓</button>'
            f'<button type="button" class="rag-chat-delete" title="Delete" aria-label="Delete {title}">🗑</button>'
            f'</span></li>')


def list_html(items, active: str | None, *, query: str = "", total: int | None = None,
              today: date | None = None) -> str:
    """The list: ``items`` are ``ConversationInfo`` (newest first) or search hits (``ConversationHit``), under
    day headings; ``active``: the open chat's id (marked); ``total``: all the user's chats, when more exist than
    are listed."""
    today = today or date.today()
    parts, group = [], None
    for item in items:
        info, snippet = (item.info, item.snippet) if hasattr(item, "info") else (item, "")
        g = day_group(datetime.fromtimestamp(info.updated).date(), today)
        if g != group:
            parts.append(("</ul>" if group else "") + f'<p class="rag-chat-group">{esc(g)}</p><ul>')
            group = g
        parts.append(_item(info, active, snippet, today))
    if group:
        parts.append("</ul>")
    if not items:
        empty = f"No past chat contains “{query}”." if query else "No past chats yet: your questions start one."
        parts.append(f'<p class="rag-note rag-chat-empty">{esc(empty)}</p>')
    elif total is not None and total > len(items):
        parts.append(f'<p class="rag-note">The {len(items)} most recent of {total:,}; search to find older ones.'
                     "</p>")
    return f'<nav class="rag-chats" aria-label="Past chats">{"".join(parts)}</nav>'


def export_name(info) -> str:
    """The Markdown file's name: the title's words (letters, digits), then the id."""
    words = re.sub(r"[^\w]+", "-", info.title.lower(), flags=re.UNICODE).strip("-")[:50].strip("-")
    return f"{words or 'chat'}-{re.sub(r'[^0-9A-Za-z_-]', '', info.id)[:32] or 'chat'}.md"


CSS = """
#history .rag-chats ul { list-style: none; margin: 0; padding: 0; }
.rag-chat-group { font-size: .78em; font-weight: 600; opacity: .6; margin: .9em 0 .2em .3em; text-transform: uppercase; }
.rag-chat { display: flex; flex-wrap: wrap; align-items: flex-start; border-radius: 6px; }
.rag-chat:hover, .rag-chat:focus-within { background: var(--background-fill-secondary); }
.rag-chat.rag-chat-active { background: var(--color-accent-soft); }
.rag-chat-open { flex: 1; min-width: 0; text-align: left; background: none; border: none; padding: .35em .45em;
                 cursor: pointer; color: inherit; font: inherit; }
.rag-chat-title { display: block; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.rag-chat-meta { display: block; font-size: .8em; opacity: .65; }
.rag-chat-snippet { display: block; font-size: .8em; opacity: .8; font-style: italic; }
.rag-chat-actions { display: flex; visibility: hidden; padding-top: .3em; }
.rag-chat:hover .rag-chat-actions, .rag-chat:focus-within .rag-chat-actions,
.rag-chat.rag-confirming .rag-chat-actions { visibility: visible; }
.rag-chat-actions button { background: none; border: none; cursor: pointer; padding: 0 .25em; color: inherit; opacity: .7; }
.rag-chat-actions button:hover, .rag-chat-actions button:focus { opacity: 1; }
.rag-chat-edit { width: 100%; font: inherit; }
.rag-chat-confirm { flex-basis: 100%; font-size: .85em; padding: 0 .45em .4em; }
.rag-chat-confirm button { margin-right: .4em; cursor: pointer; }
.rag-chat-confirm .rag-chat-yes { color: var(--error-text-color); font-weight: 600; }
"""

# ``element`` is the gr.HTML's root (kept while its value re-renders: the listeners are delegated to it) and
# ``trigger`` fires a Python event with data (ui/past_chats.py). Rename: Enter or leaving the box keeps the title,
# Esc cancels. Delete: asks in the row first; Delete confirms, Cancel or Esc keeps the chat.
LIST_JS = """
const row = (el) => el.closest('.rag-chat');
const titleOf = (li) => li.querySelector('.rag-chat-title')?.textContent || '';
const startRename = (li) => {
  if (li.querySelector('.rag-chat-edit')) return;
  const open = li.querySelector('.rag-chat-open');
  const input = document.createElement('input');
  input.className = 'rag-chat-edit';
  input.value = titleOf(li);
  input.setAttribute('aria-label', 'New title');
  input.maxLength = 200;
  open.style.display = 'none';
  li.insertBefore(input, open);
  input.focus();
  input.select();
  let done = false;
  const finish = (keep) => {
    if (done) return;
    done = true;
    const title = input.value.trim();
    input.remove();
    open.style.display = '';
    if (keep && title && title !== titleOf(li)) {
      li.querySelector('.rag-chat-title').textContent = title;
      trigger('chat_rename', { conv: li.dataset.conv, title: title });
    }
  };
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') { ev.preventDefault(); finish(true); }
    if (ev.key === 'Escape') { ev.preventDefault(); ev.stopPropagation(); finish(false); }
  });
  input.addEventListener('blur', () => finish(true));
};
const askDelete = (li) => {
  if (li.querySelector('.rag-chat-confirm')) return;
  li.classList.add('rag-confirming');
  const box = document.createElement('span');
  box.className = 'rag-chat-confirm';
  box.setAttribute('role', 'alertdialog');
  box.innerHTML = 'Delete this chat? <button type="button" class="rag-chat-yes">Delete</button>'
    + '<button type="button" class="rag-chat-no">Cancel</button>';
  box.querySelector('.rag-chat-no').addEventListener('keydown', (ev) => { if (ev.key === 'Escape') cancel(li); });
  li.appendChild(box);
  box.querySelector('.rag-chat-no').focus();
};
const cancel = (li) => {
  li.classList.remove('rag-confirming');
  li.querySelector('.rag-chat-confirm')?.remove();
};
element.addEventListener('click', (ev) => {
  const li = row(ev.target);
  if (!li) return;
  const hit = (cls) => ev.target.closest('.' + cls);
  if (hit('rag-chat-yes')) { ev.stopPropagation(); cancel(li); trigger('chat_delete', { conv: li.dataset.conv }); }
  else if (hit('rag-chat-no')) { ev.stopPropagation(); cancel(li); }
  else if (hit('rag-chat-edit')) { /* typing a title */ }
  else if (hit('rag-chat-rename')) startRename(li);
  else if (hit('rag-chat-delete')) askDelete(li);
  else if (hit('rag-chat-export')) trigger('chat_export', { conv: li.dataset.conv });
  else if (hit('rag-chat-open')) trigger('chat_open', { conv: li.dataset.conv });
});
"""
