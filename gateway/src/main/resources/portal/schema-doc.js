// A JSON Schema as readable documentation: one row per field with its type, whether it is
// required, its constraints and its description; nested objects and arrays of objects indented.
import { el } from '/portal/common/dom.js';

function typeOf(schema) {
  if (schema.enum) { return 'one of ' + schema.enum.map((v) => JSON.stringify(v)).join(', '); }
  if (schema.const !== undefined) { return 'exactly ' + JSON.stringify(schema.const); }
  const types = [].concat(schema.type || 'any');
  const shown = types.map((t) => (t === 'array' && schema.items ? 'array of ' + typeOf(schema.items) : t));
  return shown.join(' or ');
}

function constraints(schema) {
  const parts = [];
  if (schema.minLength != null) { parts.push('at least ' + schema.minLength + ' characters'); }
  if (schema.maxLength != null) { parts.push('at most ' + schema.maxLength + ' characters'); }
  if (schema.minimum != null) { parts.push('≥ ' + schema.minimum); }
  if (schema.maximum != null) { parts.push('≤ ' + schema.maximum); }
  if (schema.minItems != null) { parts.push('at least ' + schema.minItems + ' items'); }
  if (schema.maxItems != null) { parts.push('at most ' + schema.maxItems + ' items'); }
  if (schema.pattern) { parts.push('matches ' + schema.pattern); }
  return parts.join(', ');
}

function rows(schema, prefix, out) {
  const required = new Set(schema.required || []);
  for (const [name, field] of Object.entries(schema.properties || {})) {
    const path = prefix ? prefix + '.' + name : name;
    out.push(el('tr', null,
      el('td', null, el('code', { text: path })),
      el('td', { text: typeOf(field) }),
      el('td', { text: required.has(name) ? 'required' : 'optional' }),
      el('td', { text: [field.description, constraints(field)].filter(Boolean).join(' — ') })));
    if (field.properties) { rows(field, path, out); }
    if (field.items && field.items.properties) { rows(field.items, path + '[]', out); }
  }
  return out;
}

/** A table for an object schema, or one line for anything else (text, vectors). */
export function schemaDoc(schema) {
  if (!schema) { return el('p', { class: 'muted', text: 'Plain text.' }); }
  if (!schema.properties) {
    return el('p', { class: 'schema' }, typeOf(schema) + (schema.description ? ' — ' + schema.description : ''));
  }
  return el('table', { class: 'schema' },
    el('thead', null, el('tr', null, el('th', { text: 'field' }), el('th', { text: 'type' }),
      el('th', { text: '' }), el('th', { text: 'what it is' }))),
    el('tbody', null, rows(schema, '', [])));
}
