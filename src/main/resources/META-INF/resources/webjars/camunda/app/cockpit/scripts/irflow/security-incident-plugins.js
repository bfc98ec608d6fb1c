// irflow's Cockpit plugins (Camunda 7.14+ plugin API: ES module, default export of plugin objects).
//
// - cockpit.dashboard: open security incidents by severity and phase, breached and at-risk deadlines, and the
//   notification obligations due, from the product's API (GET /api/incidents, /api/incidents/{id}).
// - cockpit.processInstance.runtime.tab and .history.tab: the security incident of the instance's business key, its
//   obligations and its timeline (GET /api/incidents/{id}, /obligations, /timeline).
//
// The plugins read /api as the user signed in to Cockpit: same origin, the webapps' session cookie and the session's
// CSRF token in X-XSRF-TOKEN (io.irflow.identity.WebappSessionReadFilter), GET only.
//
// Titles, summaries and names come from alerts, that is from outside: everything is rendered with
// document.createElement and textContent, never as HTML.

const SEVERITIES = ['critical', 'high', 'medium', 'low'];
const PHASES = ['detection', 'containment', 'eradication', 'recovery', 'post-incident'];
const PAGE_SIZE = 100;
const MAX_PAGES = 5;
const MAX_DETAILS = 25;

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
  return value === null || value === undefined || value === '' ? '–' : String(value);
}

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
  return el('table', {className: 'table table-condensed cam-table irflow-table', 'data-irflow': testId}, el('thead', {}, head), body);
}

function section(title, testId, ...content) {
  return el('section', {className: 'irflow-section', 'data-irflow': testId}, el('h4', {}, title), content);
}

function empty(message) {
  return el('p', {className: 'text-muted'}, message);
}

function instanceLink(processInstanceId, label) {
  if (!processInstanceId) {
    return document.createTextNode(text(label));
  }
  // A hash route inside Cockpit; the id is encoded, the label is text.
  return el('a', {href: '#/process-instance/' + encodeURIComponent(processInstanceId) + '/runtime'}, text(label));
}

function client(api) {
  async function get(url) {
    const response = await fetch(url, {
      method: 'GET',
      credentials: 'same-origin',
      headers: {'Accept': 'application/json', 'X-XSRF-TOKEN': api.CSRFToken || ''}
    });
    if (!response.ok) {
      let detail = '';
      try {
        detail = (await response.json()).detail || '';
      } catch (ignored) {
        // no problem body
      }
      const error = new Error(url.split('?')[0] + ': ' + response.status + (detail ? ' ' + detail : ''));
      error.status = response.status;
      throw error;
    }
    return response.json();
  }
  return {
    get,
    incident: (id) => get('/api/incidents/' + encodeURIComponent(id)),
    obligations: (id) => get('/api/incidents/' + encodeURIComponent(id) + '/obligations'),
    timeline: (id) => get('/api/incidents/' + encodeURIComponent(id) + '/timeline'),
    instance: (id) => get(api.engineApi + '/history/process-instance/' + encodeURIComponent(id))
  };
}

function style() {
  if (document.getElementById('irflow-plugin-style')) {
    return;
  }
  const css = el('style', {id: 'irflow-plugin-style'});
  css.textContent = '.irflow-plugin{padding:10px 15px}.irflow-plugin h3{margin-top:0}'
    + '.irflow-counts{display:flex;flex-wrap:wrap;gap:8px;margin-bottom:10px}'
    + '.irflow-count{border:1px solid #ccc;border-radius:3px;padding:4px 10px;min-width:110px}'
    + '.irflow-count strong{font-size:18px;display:block}.irflow-state-breached,.irflow-state-missed{color:#b5152b;font-weight:bold}'
    + '.irflow-state-at-risk{color:#a35e00;font-weight:bold}.irflow-section{margin-top:12px}';
  document.head.appendChild(css);
}

function stateCell(state) {
  return el('span', {className: 'irflow-state-' + String(state).replace(/[^a-z-]/g, '')}, text(state));
}

function counts(title, testId, keys, items, field) {
  const total = {};
  items.forEach((item) => {
    total[item[field]] = (total[item[field]] || 0) + 1;
  });
  return section(title, testId, el('div', {className: 'irflow-counts'},
    keys.map((key) => el('div', {className: 'irflow-count', 'data-irflow-key': key},
      el('strong', {}, String(total[key] || 0)), key))));
}

async function openIncidents(http) {
  const items = [];
  let total = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await http.get('/api/incidents?status=open&sort=legal-deadline&size=' + PAGE_SIZE + '&page=' + page);
    items.push(...result.items);
    total = result.total;
    if (items.length >= total || result.items.length < PAGE_SIZE) {
      break;
    }
  }
  return {items, total};
}

async function renderDashboard(node, api) {
  style();
  const root = el('div', {className: 'irflow-plugin', 'data-irflow': 'dashboard'}, el('h3', {}, 'Security incidents'),
    el('p', {className: 'text-muted'}, 'Loading…'));
  node.replaceChildren(root);
  const http = client(api);
  try {
    const {items, total} = await openIncidents(http);
    const details = await Promise.all(items.slice(0, MAX_DETAILS).map((summary) =>
      http.incident(summary.incidentId).catch(() => null)));
    const deadlines = [];
    const obligations = [];
    details.filter(Boolean).forEach((detail) => {
      const record = detail.record || {};
      (detail.deadlines || []).filter((d) => d.state === 'breached' || d.state === 'at-risk')
        .forEach((d) => deadlines.push({record, deadline: d}));
      (detail.obligations || []).filter((o) => o.state === 'pending')
        .forEach((o) => obligations.push({record, obligation: o}));
    });
    deadlines.sort((a, b) => String(a.deadline.due).localeCompare(String(b.deadline.due)));
    obligations.sort((a, b) => String(a.obligation.dueAt).localeCompare(String(b.obligation.dueAt)));

    const children = [el('h3', {}, 'Security incidents'),
      el('p', {className: 'text-muted'}, total + ' open' + (items.length < total ? ' (the first ' + items.length + ' counted)' : '')
        + '; deadlines and obligations of the ' + Math.min(items.length, MAX_DETAILS) + ' with the nearest legal deadline.'),
      counts('Open by severity', 'by-severity', SEVERITIES, items, 'severity'),
      counts('Open by phase', 'by-phase', PHASES, items, 'phase'),
      section('Breached and at-risk deadlines', 'deadlines', deadlines.length === 0 ? empty('None.') : table(
        ['Incident', 'Title', 'Deadline', 'Due', 'State'],
        deadlines.map(({record, deadline}) => [instanceLink(record.processInstanceId, record.id), record.title,
          deadline.name, when(deadline.due), stateCell(deadline.state)]), 'deadlines-table')),
      section('Obligations due', 'obligations', obligations.length === 0 ? empty('None pending.') : table(
        ['Incident', 'Regime', 'Audience', 'Recipient', 'Phase', 'Due', 'State'],
        obligations.map(({record, obligation}) => [instanceLink(record.processInstanceId, record.id), obligation.regime,
          obligation.audience, obligation.recipient, obligation.phase, when(obligation.dueAt), stateCell(obligation.state)]),
        'obligations-table')),
      section('Open incidents, nearest legal deadline first', 'incidents', items.length === 0 ? empty('None open.') : table(
        ['Incident', 'Title', 'Severity', 'Phase', 'Next deadline', 'Next legal deadline'],
        items.map((i) => {
          const detail = details.find((d) => d && d.record && d.record.id === i.incidentId);
          return [instanceLink(detail && detail.record.processInstanceId, i.incidentId), i.title, i.severity, i.phase,
            i.nextDeadline ? when(i.nextDeadline) + ' (' + text(i.nextDeadlineName) + ')' : '–', when(i.nextLegalDeadline)];
        }), 'incidents-table'))];
    root.replaceChildren(...children);
  } catch (error) {
    root.replaceChildren(el('h3', {}, 'Security incidents'), el('p', {className: 'text-danger'}, error.message));
  }
}

async function renderInstanceTab(node, api, processInstanceId) {
  style();
  const root = el('div', {className: 'irflow-plugin', 'data-irflow': 'incident-tab'}, el('p', {className: 'text-muted'}, 'Loading…'));
  node.replaceChildren(root);
  const http = client(api);
  try {
    const instance = await http.instance(processInstanceId);
    const incidentId = instance.businessKey;
    if (!incidentId) {
      root.replaceChildren(empty('This process instance has no business key, so no security incident.'));
      return;
    }
    let detail;
    try {
      detail = await http.incident(incidentId);
    } catch (error) {
      if (error.status === 404) {
        root.replaceChildren(empty('No security incident ' + incidentId + '.'));
        return;
      }
      throw error;
    }
    const [obligations, timeline] = await Promise.all([http.obligations(incidentId), http.timeline(incidentId)]);
    const r = detail.record || {};
    root.replaceChildren(
      el('h3', {}, text(r.id) + ': ', el('span', {'data-irflow': 'title'}, text(r.title))),
      section('Record', 'record', table(['Field', 'Value'], [
        ['Severity', r.severity], ['Phase', r.phase], ['Status', r.status], ['Category', r.category],
        ['Data classification', r.dataClassification], ['Customer data impact', r.customerDataImpact],
        ['Responsibility', r.responsibility], ['Outcome', r.outcome], ['Waiting on', r.waitingOn],
        ['Drill', r.drill ? 'yes' : 'no'], ['Reported', when(r.reportedAt) + ' by ' + text(r.reportedBy)],
        ['Detected', when(r.detectedAt)], ['Description', r.description]], 'record-table')),
      section('Deadlines', 'incident-deadlines', (detail.deadlines || []).length === 0 ? empty('None.') : table(
        ['Deadline', 'Due', 'Achieved', 'State'],
        detail.deadlines.map((d) => [d.name, when(d.due), when(d.achievedAt), stateCell(d.state)]), 'incident-deadlines-table')),
      section('Obligations', 'incident-obligations', obligations.length === 0 ? empty('No notification obligation applies.') : table(
        ['Regime', 'Audience', 'Recipient', 'Phase', 'Article', 'Due', 'State', 'Reason', 'Evidence'],
        obligations.map((o) => [o.regime, o.audience, o.recipient, o.phase, o.article, when(o.dueAt), stateCell(o.state),
          o.stateReason, o.evidenceReference ? text(o.evidenceChannel) + ': ' + o.evidenceReference : '–']),
        'incident-obligations-table')),
      section('Timeline', 'incident-timeline', timeline.length === 0 ? empty('No events.') : table(
        ['When', 'Event', 'Summary', 'By'],
        timeline.map((e) => [when(e.at), e.kind, e.summary, e.actor]), 'incident-timeline-table')));
  } catch (error) {
    root.replaceChildren(el('p', {className: 'text-danger'}, error.message));
  }
}

function instanceTab(id, pluginPoint) {
  return {
    id,
    pluginPoint,
    priority: 20,
    properties: {label: 'Security incident'},
    render: (node, {api, processInstanceId}) => {
      renderInstanceTab(node, api, processInstanceId);
    }
  };
}

export default [
  {
    id: 'irflow.securityIncidents.dashboard',
    pluginPoint: 'cockpit.dashboard',
    priority: 20,
    render: (node, {api}) => {
      renderDashboard(node, api);
    }
  },
  instanceTab('irflow.securityIncident.runtimeTab', 'cockpit.processInstance.runtime.tab'),
  instanceTab('irflow.securityIncident.historyTab', 'cockpit.processInstance.history.tab')
];
