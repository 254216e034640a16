// "Try it": a form built from the product's input schema that invokes the product and shows the
// answer, streamed chunk by chunk (server-sent events read from the fetch body) where it streams.
import { el } from '/portal/common/dom.js';

const mainType = (schema) => [].concat(schema.type || 'string').find((t) => t !== 'null') || 'string';

function control(name, schema, required) {
  const type = mainType(schema);
  const id = 'try-' + name;
  if (schema.enum) {
    return el('select', { id, name }, required ? null : el('option', { value: '', text: '(default)' }),
      schema.enum.map((v) => el('option', { value: String(v), text: String(v) })));
  }
  if (type === 'boolean') { return el('input', { id, name, type: 'checkbox' }); }
  if (type === 'integer' || type === 'number') {
    return el('input', { id, name, type: 'number', step: type === 'integer' ? '1' : 'any', min: schema.minimum, max: schema.maximum });
  }
  if (type === 'string' && (schema.maxLength || Infinity) <= 200) { return el('input', { id, name, type: 'text' }); }
  return el('textarea', { id, name, dataset: { kind: type === 'array' && mainType(schema.items || {}) === 'string' ? 'lines' : type === 'string' ? 'text' : 'json' } });
}

function hint(schema) {
  const kind = schema.enum ? '' : mainType(schema) === 'array' ? (mainType(schema.items || {}) === 'string' ? 'one per line' : 'JSON') : '';
  return [schema.description, kind].filter(Boolean).join(' · ');
}

/** The form's values as the product's input, or a list of problems found before sending. */
function read(form, schema) {
  const input = {};
  const problems = [];
  const required = new Set(schema.required || []);
  for (const [name, field] of Object.entries(schema.properties || {})) {
    const node = form.querySelector('#try-' + CSS.escape(name)); // not form.elements[name]: 'length' is taken
    let value;
    if (node.type === 'checkbox') { value = node.checked ? true : undefined; }
    else if (node.value.trim() === '') { value = undefined; }
    else if (node.type === 'number') { value = Number(node.value); }
    else if (node.dataset.kind === 'lines') { value = node.value.split('\n').map((s) => s.trim()).filter(Boolean); }
    else if (node.dataset.kind === 'json') {
      try { value = JSON.parse(node.value); } catch (e) { problems.push(name + ': not valid JSON'); continue; }
    } else { value = node.value; }
    if (value === undefined) {
      if (required.has(name)) { problems.push(name + ' is required'); }
      continue;
    }
    if (typeof value === 'string' && field.maxLength && value.length > field.maxLength) {
      problems.push(name + ': at most ' + field.maxLength + ' characters');
    }
    input[name] = value;
  }
  return { input, problems };
}

function fill(form, example) {
  for (const [name, value] of Object.entries(example)) {
    const node = form.querySelector('#try-' + CSS.escape(name)); // not form.elements[name]: 'length' is taken
    if (!node) { continue; }
    if (node.type === 'checkbox') { node.checked = !!value; }
    else if (node.dataset.kind === 'lines' && Array.isArray(value)) { node.value = value.join('\n'); }
    else if (node.dataset.kind === 'json') { node.value = JSON.stringify(value, null, 2); }
    else { node.value = String(value); }
  }
}

async function streamInto(response, answer) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) { break; }
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      for (const line of event.split('\n')) {
        if (!line.startsWith('data:')) { continue; }
        const data = line.slice(5).trim();
        if (data === '[DONE]') { return text; }
        const chunk = JSON.parse(data);
        if (chunk.error) { throw new Error(chunk.error.message); }
        text += (chunk.choices && chunk.choices[0] && chunk.choices[0].delta && chunk.choices[0].delta.content) || '';
        answer.textContent = text;
        window.portalState.chunks = (window.portalState.chunks || 0) + 1;
      }
    }
  }
  return text;
}

export function tryItForm(api, product) {
  const schema = product.input_schema || { properties: {} };
  const required = new Set(schema.required || []);
  const answer = el('pre', { id: 'answer', class: 'answer' });
  const meta = el('p', { id: 'answer-meta', class: 'note' });
  const problems = el('p', { id: 'try-error', class: 'error', role: 'alert' });
  const fields = Object.entries(schema.properties || {}).map(([name, field]) => el('div', { class: 'field' },
    el('label', { for: 'try-' + name }, name, required.has(name) ? el('span', { class: 'req', text: ' *' }) : null),
    control(name, field, required.has(name)), el('span', { class: 'hint', text: hint(field) })));
  const stream = product.streaming ? el('label', null, el('input', { id: 'try-stream', type: 'checkbox', checked: true }), ' stream the answer') : null;
  const exampleButton = el('button', { type: 'button', class: 'secondary', id: 'try-example', text: 'Fill with the example' });
  const form = el('form', { id: 'try-form', novalidate: true }, fields, stream,
    el('div', null, el('button', { type: 'submit', id: 'try-run', text: 'Run' }), ' ', exampleButton),
    problems, meta, answer);
  exampleButton.addEventListener('click', async () => {
    try {
      const detail = await (await api('GET', '/v1/products/' + product.id)).json();
      if (detail.examples && detail.examples[0]) { fill(form, detail.examples[0].input); }
    } catch (error) { problems.textContent = error.message; }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { input, problems: found } = read(form, schema);
    problems.textContent = found.join('; ');
    if (found.length) { return; }
    const streaming = !!(stream && form.querySelector('#try-stream').checked);
    answer.textContent = '';
    answer.classList.remove('error');
    meta.textContent = 'Running…';
    window.portalState.answer = null;
    try {
      const response = await api('POST', '/v1/products/' + product.id + '/invoke', { input, stream: streaming },
        streaming ? 'text/event-stream' : 'application/json');
      const requestId = response.headers.get('x-request-id');
      let shown;
      if (streaming) {
        shown = await streamInto(response, answer);
        meta.textContent = 'Streamed · request ' + requestId;
      } else {
        const body = await response.json();
        shown = typeof body.output === 'string' ? body.output : JSON.stringify(body.output, null, 2);
        answer.textContent = shown;
        meta.textContent = 'Model ' + body.model + ' · ' + (body.usage ? body.usage.total_tokens + ' tokens' : '')
          + ' · request ' + requestId;
      }
      window.portalState.answer = shown;
      window.portalState.requestId = requestId;
    } catch (error) {
      meta.textContent = '';
      answer.classList.add('error');
      answer.textContent = error.message;
      window.portalState.answer = null;
      window.portalState.error = error.message;
    }
  });
  return form;
}
