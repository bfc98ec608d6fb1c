// irflow's Tasklist plugin (Camunda 7.14+ plugin API: ES module, default export of plugin objects).
//
// tasklist.task.detail: a "Case file" tab beside the form of every task of a security incident: the record, its
// deadlines (SLA and legal, in UTC), observables, assets, ATT&CK techniques, evidence and the work log, from
// GET /api/incidents/{id} and its sub-resources. A sub-resource the server does not offer (404) shows "not available".
// Responders and incident managers add a note or an observable there; auditors get no write controls (and the API
// refuses them anyway).
//
// The incident of a task: its variable incidentId (both the incident and the notification obligation processes set
// it), else the process instance's business key (the incident number).
//
// The plugin calls /api as the user signed in to Tasklist: same origin, the webapps' session cookie and the session's
// CSRF token in X-XSRF-TOKEN (io.irflow.identity.WebappSessionReadFilter); GETs, and POSTs of notes and observables only.
//
// Everything comes from outside (alerts, people's notes) and is rendered with document.createElement and textContent,
// never as HTML. A note is shown as its Markdown source, as text: the server's sanitised `html` is not put into this
// page, which holds the session and its CSRF token, so a gap in any sanitiser can never run script here.

const OBSERVABLE_TYPES = ['ip', 'domain', 'fqdn', 'url', 'email', 'account', 'md5', 'sha1', 'sha256', 'file-name',
  'process', 'registry-key', 'user-agent', 'cloud-resource-id'];
const TLPS = ['clear', 'green', 'amber', 'amber+strict', 'red'];
const WRITERS = ['responders', 'incident-managers'];

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => {
    if (name === 'className') {
      node.className = value;
    } else {
      node.setAttribute(name, value);
    }
  });
  children.flat().forEach((child) => {
    if (child === null || child === undefined) {
      return;
    }
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  });
  return node;
}

function text(value) {
  if (Array.isArray(value)) {
    return value.length === 0 ? '–' : value.join(', ');
  }
  return value === null || value === undefined || value === '' ? '–' : String(value);
}

/** An ISO time as "2026-11-27 07:19 UTC": always in UTC, with the zone named. */
function when(value) {
  if (!value) {
    return '–';
  }
  const date = new Date(value);
  return isNaN(date.getTime()) ? String(value) : date.toISOString().replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
}

function table(headers, rows, testId) {
  const head = el('tr', {}, headers.map((h) => el('th', {}, h)));
  const body = el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c) => el('td', {}, c instanceof Node ? c : text(c))))));
  return el('table', {className: 'table table-condensed irflow-table', 'data-irflow': testId}, el('thead', {}, head), body);
}

function section(title, testId, ...content) {
  return el('section', {className: 'irflow-section', 'data-irflow': testId}, el('h4', {}, title), content);
}

function muted(message, testId) {
  return el('p', {className: 'text-muted', 'data-irflow': testId || 'message'}, message);
}

function stateCell(state) {
  return el('span', {className: 'irflow-state-' + String(state).replace(/[^a-z-]/g, '')}, text(state));
}

function csrfToken(api) {
  return api.CSRFToken || '';
}

function client(api) {
  async function call(method, url, body) {
    const headers = {'Accept': 'application/json', 'X-XSRF-TOKEN': csrfToken(api)};
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(url, {method, credentials: 'same-origin', headers,
      body: body === undefined ? undefined : JSON.stringify(body)});
    let payload = null;
    try {
      payload = await response.json();
    } catch (ignored) {
      // no body
    }
    if (!response.ok) {
      const detail = payload && (payload.detail || payload.message) ? ' ' + (payload.detail || payload.message) : '';
      const error = new Error(response.status + detail);
      error.status = response.status;
      error.detail = payload && (payload.detail || payload.message);
      throw error;
    }
    return payload;
  }
  const incident = (id) => '/api/incidents/' + encodeURIComponent(id);
  const engine = api.engineApi;
  return {
    incident: (id) => call('GET', incident(id)),
    part: (id, name) => call('GET', incident(id) + '/' + name),
    post: (id, name, body) => call('POST', incident(id) + '/' + name, body),
    task: (taskId) => call('GET', engine + '/task/' + encodeURIComponent(taskId)),
    taskVariable: (taskId, name) => call('GET', engine + '/task/' + encodeURIComponent(taskId) + '/variables/'
      + encodeURIComponent(name)).then((v) => v && v.value, (e) => {
      if (e.status === 404) {
        return null;
      }
      throw e;
    }),
    processInstance: (id) => call('GET', engine + '/process-instance/' + encodeURIComponent(id)),
    user: () => call('GET', api.adminApi + '/auth/user/' + encodeURIComponent(api.engine)),
    groups: (userId) => call('GET', engine + '/identity/groups?userId=' + encodeURIComponent(userId))
  };
}

function style() {
  if (document.getElementById('irflow-case-file-style')) {
    return;
  }
  const css = el('style', {id: 'irflow-case-file-style'});
  css.textContent = '.irflow-case-file{padding:10px 15px}.irflow-case-file h3{margin-top:0}'
    + '.irflow-section{margin-top:14px}.irflow-table td{white-space:normal;word-break:break-word}'
    + '.irflow-table[data-irflow=record-table] td:nth-child(odd){color:#666;width:18%}'
    + '.irflow-state-breached,.irflow-state-missed{color:#b5152b;font-weight:bold}'
    + '.irflow-state-at-risk{color:#a35e00;font-weight:bold}'
    + '.irflow-note{border-left:3px solid #ccc;margin:6px 0;padding:4px 10px}'
    + '.irflow-note-text{white-space:pre-wrap;font-family:inherit;margin:4px 0 0}'
    + '.irflow-write{display:flex;flex-wrap:wrap;gap:6px;align-items:flex-start;margin-top:6px}'
    + '.irflow-write textarea{min-width:320px;flex:1}';
  document.head.appendChild(css);
}

async function incidentOf(http, taskId) {
  const fromVariable = await http.taskVariable(taskId, 'incidentId');
  if (fromVariable) {
    return fromVariable;
  }
  const task = await http.task(taskId);
  if (!task.processInstanceId) {
    return null;
  }
  const instance = await http.processInstance(task.processInstanceId).catch(() => null);
  return instance ? instance.businessKey : null;
}

async function mayWrite(http) {
  try {
    const user = await http.user();
    const groups = await http.groups(user.userId);
    return (groups.groups || []).some((g) => WRITERS.includes(g.id));
  } catch (ignored) {
    return false;
  }
}

/** A sub-resource, or its absence: 404 means this server does not offer it (yet). */
async function part(http, incidentId, name) {
  try {
    return {items: await http.part(incidentId, name)};
  } catch (error) {
    return error.status === 404 ? {missing: true} : {error: error.message};
  }
}

function partSection(title, testId, result, render) {
  if (result.missing) {
    return section(title, testId, muted('Not available.', testId + '-not-available'));
  }
  if (result.error) {
    return section(title, testId, el('p', {className: 'text-danger'}, result.error));
  }
  const items = Array.isArray(result.items) ? result.items : (result.items && result.items.items) || [];
  return section(title, testId, items.length === 0 ? muted('None yet.', testId + '-empty') : render(items));
}

/** Field and value pairs, two pairs to a row, so the record fits beside the form. */
function pairs(fields) {
  const rows = [];
  for (let i = 0; i < fields.length; i += 2) {
    rows.push([...fields[i], ...(fields[i + 1] || ['', ''])]);
  }
  return rows;
}

function recordSection(r, customers) {
  return section('Record', 'record', table(['Field', 'Value', 'Field', 'Value'], pairs([
    ['Incident', r.id], ['Title', r.title], ['Severity', r.severity], ['Phase', r.phase], ['State', r.status],
    ['Waiting on', r.waitingOn], ['Category', r.category], ['Data classification', r.dataClassification],
    ['Attacker active', r.attackerActive === null || r.attackerActive === undefined ? null : (r.attackerActive ? 'yes' : 'no')],
    ['Customer data impact', r.customerDataImpact], ['Responsibility', r.responsibility], ['Customers', customers],
    ['Drill', r.drill ? 'yes' : 'no'], ['Reported', when(r.reportedAt) + ' by ' + text(r.reportedBy)]]), 'record-table'));
}

function deadlinesSection(detail) {
  const rows = (detail.deadlines || []).map((d) => ['SLA: ' + text(d.name), when(d.due), when(d.achievedAt), stateCell(d.state)]);
  (detail.obligations || []).forEach((o) => rows.push(['Legal: ' + text(o.regime) + ' ' + text(o.audience)
    + (o.recipient ? ' (' + o.recipient + ')' : ''), when(o.dueAt), when(o.evidenceAt), stateCell(o.state)]));
  return section('Deadlines (UTC)', 'deadlines', rows.length === 0 ? muted('None.') :
    table(['Deadline', 'Due', 'Done', 'State'], rows, 'deadlines-table'));
}

function notesList(items) {
  return el('div', {'data-irflow': 'notes-list'}, items.map((n) => el('div', {className: 'irflow-note', 'data-irflow': 'note'},
    el('small', {className: 'text-muted'}, when(n.createdAt) + ' · ' + text(n.author) + (n.corrects ? ' · corrects ' + n.corrects : '')),
    // The Markdown source, as text (see the header): never the html.
    el('pre', {className: 'irflow-note-text'}, text(n.markdown)))));
}

function status(node, message, ok) {
  node.className = ok ? 'text-success' : 'text-danger';
  node.textContent = message;
}

function noteForm(http, incidentId, reload) {
  const area = el('textarea', {className: 'form-control', rows: '3', 'data-irflow': 'note-text',
    'aria-label': 'Note', placeholder: 'What you did or saw (Markdown, shown as text)', maxlength: '20000'});
  const button = el('button', {type: 'button', className: 'btn btn-default', 'data-irflow': 'add-note'}, 'Add note');
  const result = el('span', {'data-irflow': 'note-status'});
  button.addEventListener('click', async () => {
    if (!area.value.trim()) {
      status(result, 'Write the note first.', false);
      return;
    }
    button.disabled = true;
    try {
      await http.post(incidentId, 'notes', {text: area.value});
      area.value = '';
      await reload();
    } catch (error) {
      status(result, 'Not added: ' + error.message, false);
    } finally {
      button.disabled = false;
    }
  });
  return el('div', {className: 'irflow-write', 'data-irflow': 'note-form'}, area, button, result);
}

function observableForm(http, incidentId, reload) {
  const type = el('select', {className: 'form-control', 'data-irflow': 'observable-type', 'aria-label': 'Type'},
    OBSERVABLE_TYPES.map((t) => el('option', {value: t}, t)));
  const value = el('input', {type: 'text', className: 'form-control', 'data-irflow': 'observable-value',
    'aria-label': 'Value', placeholder: 'Value', maxlength: '2048'});
  const tlp = el('select', {className: 'form-control', 'data-irflow': 'observable-tlp', 'aria-label': 'TLP'},
    TLPS.map((t) => el('option', t === 'amber' ? {value: t, selected: 'selected'} : {value: t}, 'TLP:' + t.toUpperCase())));
  const button = el('button', {type: 'button', className: 'btn btn-default', 'data-irflow': 'add-observable'}, 'Add observable');
  const result = el('span', {'data-irflow': 'observable-status'});
  button.addEventListener('click', async () => {
    if (!value.value.trim()) {
      status(result, 'Give the value first.', false);
      return;
    }
    button.disabled = true;
    try {
      await http.post(incidentId, 'observables', {type: type.value, value: value.value.trim(), tlp: tlp.value});
      value.value = '';
      await reload();
    } catch (error) {
      status(result, 'Not added: ' + error.message, false);
    } finally {
      button.disabled = false;
    }
  });
  return el('div', {className: 'irflow-write', 'data-irflow': 'observable-form'}, type, value, tlp, button, result);
}

async function renderCaseFile(node, api, taskId) {
  style();
  const root = el('div', {className: 'irflow-case-file', 'data-irflow': 'case-file'}, muted('Loading…'));
  node.replaceChildren(root);
  const http = client(api);
  const reload = () => renderCaseFile(node, api, taskId);
  try {
    const incidentId = await incidentOf(http, taskId);
    if (!incidentId) {
      root.replaceChildren(muted('This task belongs to no security incident.', 'no-incident'));
      return;
    }
    let detail;
    try {
      detail = await http.incident(incidentId);
    } catch (error) {
      root.replaceChildren(error.status === 404 ? muted('No security incident ' + incidentId + '.', 'no-incident')
        : el('p', {className: 'text-danger'}, error.message));
      return;
    }
    const [customers, writer, observables, correlations, assets, techniques, evidence, notes] = await Promise.all([
      http.taskVariable(taskId, 'affectedCustomerList').catch(() => null), mayWrite(http),
      part(http, incidentId, 'observables'), part(http, incidentId, 'likely-correlations'),
      part(http, incidentId, 'assets'), part(http, incidentId, 'techniques'),
      part(http, incidentId, 'evidence'), part(http, incidentId, 'notes')]);
    const r = detail.record || {};
    const observablesSection = partSection('Observables', 'observables', observables, (items) => table(
      ['Type', 'Value', 'TLP', 'IOC', 'Sightings', 'First seen', 'Last seen', 'Seen in', 'Added by'],
      items.map((o) => [o.type, o.value, o.tlp, o.ioc ? 'yes' : 'no', o.sightings, when(o.firstSeen), when(o.lastSeen),
        o.seenIn, o.addedBy]), 'observables-table'));
    if (writer && !observables.missing) {
      observablesSection.appendChild(observableForm(http, incidentId, reload));
    }
    const notesSection = partSection('Work log', 'notes', notes, notesList);
    if (writer && !notes.missing) {
      notesSection.appendChild(noteForm(http, incidentId, reload));
    }
    root.replaceChildren(
      el('h3', {}, el('span', {'data-irflow': 'incident-id'}, text(r.id)), ': ', el('span', {'data-irflow': 'title'}, text(r.title))),
      recordSection(r, customers),
      deadlinesSection(detail),
      observablesSection,
      // Offered, never merged: the responder decides whether the other incident is the same attack.
      partSection('Likely correlations', 'likely-correlations', correlations, (items) => table(
        ['Open incident', 'Shared observables', 'Recorded'],
        items.map((c) => [c.incidentId, (c.observables || []).map((o) => o.type + ' ' + o.value).join(', '),
          when(c.recordedAt)]), 'likely-correlations-table')),
      partSection('Assets', 'assets', assets, (items) => table(
        ['Asset', 'Kind', 'Criticality', 'Owner', 'State', 'Updated'],
        items.map((a) => [a.identifier, a.kind, a.criticality, a.owner, stateCell(a.state),
          when(a.updatedAt) + (a.updatedBy ? ' by ' + a.updatedBy : '')]), 'assets-table')),
      partSection('ATT&CK techniques', 'techniques', techniques, (items) => table(
        ['Technique', 'Name', 'Tactics', 'ATT&CK version'],
        items.map((t) => [t.id, t.name, t.tactics, t.attackVersion]), 'techniques-table')),
      partSection('Evidence', 'evidence', evidence, (items) => table(
        ['Name', 'Type', 'Size', 'SHA-256', 'Uploaded', 'Custodian', 'Superseded by'],
        items.map((e) => [e.name, e.contentType, e.size, e.sha256, when(e.uploadedAt) + ' by ' + text(e.uploadedBy),
          e.custodian, e.supersededBy]), 'evidence-table')),
      notesSection);
  } catch (error) {
    root.replaceChildren(el('p', {className: 'text-danger'}, error.message));
  }
}

export default [
  {
    id: 'irflow.caseFile',
    pluginPoint: 'tasklist.task.detail',
    // Right after the form (Tasklist orders tabs by priority: form 1000, history 800, diagram 600).
    priority: 900,
    properties: {label: 'Case file'},
    render: (node, {api, taskId}) => {
      renderCaseFile(node, api, taskId);
    }
  }
];
