() => {
  // The page's own script (Gradio runs it once when the page loads): the Browse grid (sort, filter, CSV, open a
  // card), record buttons elsewhere (the timeline's list), the timeline's clicks, focus passed on when a dropdown
  // drops it, and on a phone the filters' drawer closed and the page at its top. Delegated from the document, so it
  // keeps working when Gradio re-renders a component.
  const cardFor = (id) => [...document.querySelectorAll('template[data-card]')].find(t => t.dataset.card === id);
  const openCard = (id, opener) => {
    const tpl = cardFor(id);
    const dialog = document.querySelector('dialog.rq-dialog');
    if (!tpl || !dialog) return;
    const body = dialog.querySelector('.rq-dialog-body');
    body.replaceChildren(tpl.content.cloneNode(true));
    dialog.returnFocusTo = opener || null;
    dialog.showModal();
  };
  document.addEventListener('close', (e) => {
    if (e.target.matches && e.target.matches('dialog.rq-dialog') && e.target.returnFocusTo) e.target.returnFocusTo.focus();
  }, true);
  const refresh = (grid) => {
    const filters = [...grid.querySelectorAll('input.rq-filter')].map(i => [Number(i.dataset.col), i.value.trim().toLowerCase()]);
    let shown = 0;
    for (const row of grid.querySelectorAll('tbody tr')) {
      const cells = row.children;
      const ok = filters.every(([c, v]) => !v || (cells[c] && cells[c].textContent.toLowerCase().includes(v)));
      row.hidden = !ok || (row.hasAttribute('data-outside') && grid.dataset.all !== '1');
      if (!row.hidden) shown += 1;
    }
    const count = grid.querySelector('.rq-count');
    if (count) count.textContent = `${shown} of ${grid.dataset.total} entries`;
  };
  const sort = (grid, col, th) => {
    const body = grid.querySelector('tbody');
    const next = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
    grid.querySelectorAll('thead th[aria-sort]').forEach(h => h.setAttribute('aria-sort', 'none'));
    th.setAttribute('aria-sort', next);
    const numeric = th.dataset.kind === 'number';
    const key = (row) => row.children[col].dataset.v || '';
    const rows = [...body.rows];
    rows.sort((a, b) => {
      const x = key(a), y = key(b);
      if (!x && !y) return 0;
      if (!x) return 1;
      if (!y) return -1;
      const d = numeric ? Number(x) - Number(y) : x.localeCompare(y);
      return next === 'ascending' ? d : -d;
    });
    rows.forEach(r => body.appendChild(r));
  };
  const csv = (grid) => {
    const quote = (t) => /[",\n]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
    const head = [...grid.querySelectorAll('thead tr:first-child th')].map(th => quote(th.textContent.trim()));
    const lines = [head.join(',')];
    for (const row of grid.querySelectorAll('tbody tr')) {
      if (!row.hidden) lines.push([...row.children].map(c => quote(c.textContent.trim())).join(','));
    }
    const url = URL.createObjectURL(new Blob([lines.join('\n') + '\n'], {type: 'text/csv'}));
    const a = document.createElement('a');
    a.href = url; a.download = 'review.csv'; document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  document.addEventListener('click', (e) => {
    const t = e.target.closest ? e.target : e.target.parentElement;
    const grid = t && t.closest('.rq-grid');
    const opener = t && t.closest('button.rq-open');
    if (opener && !grid) return openCard(opener.dataset.id, opener);  // the timeline's list of entries
    if (grid) {
      const s = t.closest('button.rq-sort');
      if (s) return sort(grid, Number(s.dataset.col), s.closest('th'));
      if (t.closest('button.rq-csv')) return csv(grid);
      if (t.closest('button.rq-show-all')) { grid.dataset.all = '1'; t.closest('.rq-only').hidden = true; return refresh(grid); }
      const open = t.closest('button.rq-open');
      if (open) return openCard(open.dataset.id, open);
      const row = t.closest('tbody tr');
      if (row && !t.closest('a')) return openCard(row.dataset.id, row.querySelector('button.rq-open'));
    }
  });
  document.addEventListener('input', (e) => {
    const grid = e.target.closest && e.target.closest('.rq-grid');
    if (grid && e.target.matches('input.rq-filter')) refresh(grid);
  });
  const bindPlots = () => {
    for (const gd of document.querySelectorAll('#timeline-plot .js-plotly-plot')) {
      if (gd.dataset.rqBound || typeof gd.on !== 'function') continue;
      gd.dataset.rqBound = '1';
      gd.on('plotly_click', (ev) => { const p = ev.points && ev.points[0]; if (p && p.customdata) openCard(p.customdata[0], null); });
    }
  };
  // A control that drops focus on Tab (Gradio's dropdowns blur themselves): focus goes on to the next control
  // instead of to the page.
  let tabbed = 0;
  document.addEventListener('keydown', (e) => { if (e.key === 'Tab') tabbed = Date.now(); }, true);
  document.addEventListener('focusout', (e) => {
    if (Date.now() - tabbed > 200) return;
    const from = e.target;
    setTimeout(() => {
      if (document.activeElement !== document.body) return;
      const all = [...document.querySelectorAll('button, input, textarea, select, a[href], [tabindex="0"]')]
        .filter(el => !el.disabled && el.offsetParent !== null && el.tabIndex >= 0);
      const next = all.find(el => from.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING && !from.contains(el));
      if (next) next.focus();
    }, 50);
  }, true);
  let pending = false;  // at most one look per frame: the page changes thousands of times while Gradio draws it
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; bindPlots(); });
  }).observe(document.body, {childList: true, subtree: true});
  if (window.innerWidth < 700) {
    // the question box's autofocus would open the page scrolled down, past the title and the tabs
    setTimeout(() => window.scrollTo(0, 0), 300);
    const closeDrawer = () => {
      const button = document.querySelector('#filters-drawer > button, #filters-drawer button.label-wrap');
      if (!button) return setTimeout(closeDrawer, 100);
      if (button.getAttribute('aria-expanded') !== 'false') button.click();
    };
    closeDrawer();
  }
}
