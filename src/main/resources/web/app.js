// chartsec's web page: the form is the catalog (rendered by the server); this script only shows and hides
// fields by the catalog's conditions, asks the preview endpoint as the user types, and shows its answer.
// It holds no rule of its own: every check is the server's, the same as the API's.
'use strict';
(function () {
  const form = document.getElementById('answers');
  const fields = Array.from(form.querySelectorAll('.field'));
  const byId = new Map(fields.map(f => [f.dataset.id, f]));
  const $ = id => document.getElementById(id);
  let pending = null;
  let timer = null;
  let selected = 'values.yaml';
  let diagramText = null;
  let mermaidLoad = null;
  let renders = 0;

  const control = f => f.querySelector('input, select, textarea');
  const text = f => { const c = control(f); return c.type === 'checkbox' ? String(c.checked) : c.value; };
  // a field shows its default unless a shared link gave it another value, which the page then names
  const defaults = new Map(fields.map(f => [f, 'default' in f.dataset ? f.dataset.default : text(f)]));

  // The catalog's condition: every option named has one of the listed values, and applies itself.
  function applies(f, seen) {
    if (!f.dataset.when) return true;
    seen = seen || new Set();
    if (seen.has(f)) return false;
    seen.add(f);
    const when = JSON.parse(f.dataset.when);
    return Object.keys(when).every(id => {
      const g = byId.get(id);
      return g && applies(g, seen) && when[id].map(String).includes(text(g));
    });
  }

  const encode = s => encodeURIComponent(s).replace(/%2C/g, ',').replace(/%2F/g, '/').replace(/%3A/g, ':');

  // The answers that differ from the defaults, in the text forms --set and the API's query read.
  function answers() {
    return fields.filter(f => applies(f) && text(f) !== defaults.get(f)).map(f => [f.dataset.id, text(f)]);
  }

  const query = pairs => pairs.map(([k, v]) => encode(k) + '=' + encode(v)).join('&');

  function showConditions() {
    fields.forEach(f => { f.hidden = !applies(f); });
  }

  function fieldOf(option) {
    let best = null;
    byId.forEach((f, id) => {
      if ((option === id || option.startsWith(id + '.') || option.startsWith(id + '[')) && (!best || id.length > best.dataset.id.length)) best = f;
    });
    return best;
  }

  // the error beside a field, made when first needed and named by the field's aria-describedby
  function errorOf(f) {
    let e = f.querySelector('.error');
    if (!e) {
      const c = control(f);
      e = document.createElement('p');
      e.className = 'error';
      e.id = 'e-' + c.id.slice(2);
      f.append(e);
      c.setAttribute('aria-describedby', ((c.getAttribute('aria-describedby') || '') + ' ' + e.id).trim());
    }
    return e;
  }

  function clearErrors() {
    form.querySelectorAll('.field .error').forEach(e => { e.hidden = true; e.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach(c => c.removeAttribute('aria-invalid'));
    $('general').hidden = true;
    $('general').textContent = '';
  }

  function showProblem(problem) {
    const general = [];
    (problem.violations || []).forEach(v => {
      const message = v.option + ': ' + v.problem + (v.value ? ' (given: ' + v.value + ')' : '') + (v.allowed ? '; allowed: ' + v.allowed : '');
      const f = fieldOf(v.option);
      if (f && !f.hidden) {
        const e = errorOf(f);
        e.textContent = (e.textContent ? e.textContent + '\n' : '') + 'Error: ' + message;
        e.hidden = false;
        control(f).setAttribute('aria-invalid', 'true');
        f.closest('details.group').open = true;
      } else {
        general.push('Error: ' + message);
      }
    });
    if (!problem.violations) general.push('Error: ' + (problem.detail || problem.title));
    if (general.length) {
      $('general').textContent = general.join('\n');
      $('general').hidden = false;
    }
    const count = (problem.violations || []).length || 1;
    $('status').textContent = count + (count === 1 ? ' problem' : ' problems') + ' to fix; the preview shows the last valid chart.';
    setDownloads(null);
  }

  function setDownloads(q) {
    const name = text(byId.get('chart.name'));
    ['zip', 'tgz'].forEach(kind => {
      const a = $(kind);
      if (q === null) {
        a.removeAttribute('href');
        a.setAttribute('aria-disabled', 'true');
      } else {
        a.href = 'api/v1/charts/' + name + '.' + kind + (q ? '?' + q : '');
        a.removeAttribute('aria-disabled');
      }
    });
  }

  function update() {
    showConditions();
    const pairs = answers();
    const q = query(pairs);
    history.replaceState(null, '', q ? '?' + q : location.pathname);
    $('share').value = location.href;
    if (pending) pending.abort();
    pending = new AbortController();
    $('status').textContent = 'Checking…';
    fetch('api/v1/charts/preview' + (q ? '?' + q : ''), { signal: pending.signal, headers: { Accept: 'application/json' } })
      .then(r => r.json().then(body => ({ ok: r.ok, body })))
      .then(({ ok, body }) => {
        clearErrors();
        if (!ok) { showProblem(body); return; }
        setDownloads(query(pairs.filter(([k]) => k !== 'chart.name')));
        showPreview(body);
        $('status').textContent = 'The chart is valid: ' + Object.keys(body.files).length + ' files.';
      })
      .catch(e => { if (e.name !== 'AbortError') $('status').textContent = 'The service did not answer: ' + e.message; });
  }

  function showPreview(p) {
    $('cmd-new').textContent = p.commands.chartsecNew;
    $('cmd-curl').textContent = p.commands.curl;
    $('warnings').replaceChildren(...p.warnings.map(w => li(w)));
    $('warnings-box').hidden = p.warnings.length === 0;
    const tree = $('tree');
    if (!(selected in p.files)) selected = 'values.yaml';
    tree.replaceChildren(...Object.keys(p.files).map(path => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = path;
      b.dataset.path = path;
      b.setAttribute('aria-pressed', String(path === selected));
      b.addEventListener('click', () => { selected = path; showFile(p.files); });
      const item = document.createElement('li');
      item.append(b);
      return item;
    }));
    showFile(p.files);
    const s = p.security;
    $('security').replaceChildren(
      section('Enforced', s.enforced), section('Opened, by your answers', s.opened), section('Scanner exemptions', s.exemptions));
    if (p.diagram !== diagramText) {
      diagramText = p.diagram;
      $('diagram-source').textContent = p.diagram;
      drawDiagram();
    }
  }

  function showFile(files) {
    $('file-content').textContent = files[selected];
    $('tree').querySelectorAll('button').forEach(b => b.setAttribute('aria-pressed', String(b.dataset.path === selected)));
  }

  function li(t) { const e = document.createElement('li'); e.textContent = t; return e; }

  function section(title, items) {
    const d = document.createElement('div');
    const h = document.createElement('h4');
    h.textContent = title + ' (' + items.length + ')';
    const ul = document.createElement('ul');
    ul.replaceChildren(...items.map(li));
    d.append(h, ul);
    return d;
  }

  // Mermaid (3 MB) is fetched once, after the page has loaded, when there is a diagram to draw.
  function drawDiagram() {
    if (!mermaidLoad) {
      mermaidLoad = new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.src = 'web/mermaid.min.js';
        s.onload = () => resolve(window.mermaid);
        s.onerror = reject;
        document.head.append(s);
      });
    }
    const text = diagramText;
    mermaidLoad.then(m => {
      m.initialize({ startOnLoad: false, securityLevel: 'strict', theme: dark.matches ? 'dark' : 'default' });
      return m.render('traffic-svg-' + (++renders), text);
    }).then(({ svg }) => {
      if (text === diagramText) $('diagram').innerHTML = svg;
    }).catch(e => { $('diagram').textContent = 'The diagram could not be drawn: ' + e.message; });
  }

  const dark = window.matchMedia('(prefers-color-scheme: dark)');
  dark.addEventListener('change', () => { if (diagramText) drawDiagram(); });

  form.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(update, 250); });
  form.addEventListener('change', () => { clearTimeout(timer); update(); });
  form.addEventListener('submit', e => { e.preventDefault(); update(); });
  $('copy-share').addEventListener('click', () => {
    $('share').select();
    if (navigator.clipboard) navigator.clipboard.writeText($('share').value).catch(() => {});
    $('status').textContent = 'Link copied.';
  });
  update();
})();
