"""Static CSS and page script for the browser chat (passed to ``launch``: Gradio 6 takes them there)."""

CSS = """
.rag-msg .rag-answer { margin: 0 0 .4em 0; white-space: pre-wrap; }
.rag-question { white-space: pre-wrap; }
#question.rag-queued textarea { outline: 2px dashed var(--color-accent); }  /* sent; asked when the answer ends */
#stop { display: none; }
#stop.rag-busy { display: inline-flex; }  /* on the button: Gradio 6 rewrites `body` in custom CSS */
.rag-cite { color: var(--color-accent); font-weight: 600; cursor: pointer; border-radius: 3px; padding: 0 1px; }
.rag-cite:hover, .rag-cite:focus { background: var(--color-accent-soft); outline: none; }
.rag-sources { margin-top: .5em; font-size: .92em; }
.rag-sources summary { cursor: pointer; font-weight: 600; }
.rag-src-list { margin: .3em 0 0 0; padding-left: 0; list-style: none; }
.rag-src { margin: .4em 0; padding: .35em .55em; border-left: 3px solid var(--border-color-primary);
           border-radius: 4px; transition: background .3s; }
.rag-src.rag-active { border-left-color: var(--color-accent); background: var(--color-accent-soft); }
.rag-src-meta { opacity: .75; font-size: .9em; }
.rag-src-also { opacity: .75; font-size: .85em; }
.rag-src-also ul { margin: .1em 0 0 1.2em; padding: 0; }
.rag-src-path { font-family: var(--font-mono); word-break: break-all; }
.rag-passage { margin: .3em 0 0 0; padding: 0; border: none; white-space: pre-wrap; }
mark.rag-hl { background: #ffe58f; color: #1f1f1f; padding: 0 1px; border-radius: 2px; }
.rag-note { opacity: .65; font-size: .85em; margin: .3em 0 0 0; }
.rag-refused .rag-answer { font-style: italic; }
.rag-error { color: var(--error-text-color); }
table.rag-docs, table.rag-results { width: 100%; border-collapse: collapse; font-size: .92em; }
table.rag-docs th, table.rag-docs td, table.rag-results th, table.rag-results td {
  text-align: left; padding: .3em .5em; border-bottom: 1px solid var(--border-color-primary); vertical-align: top; }
.rag-doc-source, .rag-doc-id, .rag-file { font-family: var(--font-mono); word-break: break-all; font-size: .9em; }
.rag-num { text-align: right; }
.rag-result-failed .rag-status { color: var(--error-text-color); font-weight: 600; }
.rag-result-added .rag-status, .rag-result-updated .rag-status { color: var(--color-green-600, green); font-weight: 600; }
"""

# Runs once on page load. Event delegation on the document, because chat messages are re-rendered as they
# stream: a marker [n] lights up and (on click) scrolls to source n of the same message.
JS = """
() => {
  const number = (el) => [...el.classList].find((c) => /^rag-n-\\d+$/.test(c));
  const sourceFor = (marker) => {
    const n = number(marker);
    const msg = marker.closest('.rag-msg');
    return n && msg ? msg.querySelector('.rag-src.' + n) : null;
  };
  const activate = (ev, on) => {
    const m = ev.target.closest && ev.target.closest('.rag-cite');
    const src = m && sourceFor(m);
    if (src) src.classList.toggle('rag-active', on);
  };
  document.addEventListener('mouseover', (ev) => activate(ev, true));
  document.addEventListener('mouseout', (ev) => activate(ev, false));
  const jump = (ev) => {
    const m = ev.target.closest && ev.target.closest('.rag-cite');
    if (!m) return;
    if (ev.type === 'keydown' && ev.key !== 'Enter' && ev.key !== ' ') return;
    ev.preventDefault();
    const src = sourceFor(m);
    if (!src) return;
    const panel = src.closest('details');
    if (panel) panel.open = true;
    src.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    src.classList.add('rag-active');
    setTimeout(() => src.classList.remove('rag-active'), 1600);
  };
  document.addEventListener('click', jump);
  document.addEventListener('keydown', jump);

  // Sending. Enter (or Ask) takes the box's text at that moment into a queue and empties the box; the queue hands
  // one question at a time, with its number, to the hidden #sent and #sent-id boxes, which only this script
  // writes, and clicks the hidden #send-now. Gradio reads an event's inputs a moment after the trigger, so wiring
  // the visible box itself asked whatever it held by then: the next keystrokes, or a question typed but never sent
  // (issue 26). The answer's last update (or Stop, or New chat) writes that number into #done, which only the
  // server writes; then the next queued question goes. A number, not an emptied #sent: an update landing late
  // cannot undo a question already handed over. Shift+Enter is left to the textarea (a new line); Esc, or Stop,
  // stops the answer being written.
  const box = () => document.querySelector('#question textarea');
  const field = (id) => document.querySelector(`#${id} textarea, #${id} input`);
  const pending = [];
  let busy = false, asked = 0;
  const setValue = (el, v) => { el.value = v; el.dispatchEvent(new Event('input', { bubbles: true })); };
  const mark = () => {
    document.querySelector('#question')?.classList.toggle('rag-queued', pending.length > 0);
    document.body.classList.toggle('rag-busy', busy);
    document.querySelector('#stop')?.classList.toggle('rag-busy', busy);
  };
  const pump = () => {
    const s = field('sent'), n = field('sent-id'), go = document.querySelector('#send-now button, button#send-now');
    if (!busy && pending.length && s && n && go) {
      busy = true;
      asked += 1;
      setValue(n, String(asked));
      setValue(s, pending.shift());
      setTimeout(() => go.click(), 0);
    }
    mark();
  };
  setInterval(() => {
    const d = field('done');
    if (busy && d && d.value === String(asked)) { busy = false; pump(); }
  }, 100);
  const take = (ev) => {
    if (!ev.target.closest) return;
    if (ev.type === 'keydown' && ev.key === 'Escape' && busy && !ev.target.closest('#history, #documents')) {
      document.querySelector('#stop')?.click();
      return;
    }
    const send = (ev.type === 'keydown' && ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing
                  && ev.target.closest('#question'))
      || (ev.type === 'click' && ev.target.closest('#ask'));
    // A new chat, a past one opened, or the open one deleted: questions queued for the chat on screen are not
    // asked in another.
    if (ev.type === 'click' && ev.target.closest('#new-chat, .rag-chat-open, .rag-chat-active .rag-chat-yes')) {
      pending.length = 0;
      mark();
    }
    if (!send) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();  // capture phase: Gradio's own Enter handling never sees it
    const b = box();
    const text = b ? b.value.trim() : '';
    if (!text) return;
    pending.push(text);
    setValue(b, '');
    pump();
  };
  document.addEventListener('keydown', take, true);
  document.addEventListener('click', take, true);
}
"""
