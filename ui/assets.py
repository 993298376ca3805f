"""Static CSS and page script for the browser chat (passed to ``launch``: Gradio 6 takes them there)."""

CSS = """
.rag-msg .rag-answer { margin: 0 0 .4em 0; white-space: pre-wrap; }
.rag-question { white-space: pre-wrap; }
#question.rag-queued textarea { outline: 2px dashed var(--color-accent); }  /* sent; asked when the answer ends */
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

  // A question sent (Enter or Ask) while an answer is being written waits for that answer, then is asked: Gradio
  // itself drops a second trigger of an event that is still running.
  const writing = () => document.querySelector('#chat .rag-streaming, #chat .rag-provisional');
  const box = () => document.querySelector('#question');
  let queued = false;
  const hold = (ev) => {
    if (!writing() || !ev.target.closest) return;
    const send = (ev.type === 'keydown' && ev.key === 'Enter' && !ev.shiftKey && ev.target.closest('#question'))
      || (ev.type === 'click' && ev.target.closest('#ask'));
    if (!send) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    queued = true;
    box()?.classList.add('rag-queued');
  };
  document.addEventListener('keydown', hold, true);  // capture phase: before Gradio's own handlers
  document.addEventListener('click', hold, true);
  new MutationObserver(() => {
    if (!queued || writing()) return;
    queued = false;
    box()?.classList.remove('rag-queued');
    document.querySelector('#ask')?.click();
  }).observe(document.body, { childList: true, subtree: true });
}
"""
