// The tenant's products: a list, and for the chosen one its description, its input and output
// schemas as documentation, and a "try it" form.
import { $, el, clear } from '/portal/common/dom.js';
import { schemaDoc } from '/portal/schema-doc.js';
import { tryItForm } from '/portal/try-it.js';
import { selectProduct } from '/portal/snippets.js';

function detail(api, product) {
  const outputSchema = product.output_kind === 'json' ? product.output_schema
    : product.output_kind === 'embedding' ? { type: 'array', items: { type: 'array', items: { type: 'number' } },
      description: 'one vector per input text' } : null;
  return [
    el('h2', null, product.name, el('span', { class: 'badge', text: product.id }),
      product.streaming ? el('span', { class: 'badge', text: 'streams' }) : null),
    el('p', { text: product.description }),
    el('p', { class: 'note', text: 'Languages: ' + (product.languages || []).join(', ') + ' · POST /v1/products/'
      + product.id + '/invoke' }),
    el('h3', { text: 'Input' }), schemaDoc(product.input_schema),
    el('h3', { text: 'Output (' + product.output_kind + ')' }), schemaDoc(outputSchema),
    el('h3', { text: 'Try it' }), tryItForm(api, product),
  ];
}

export function showProducts(api, products) {
  window.portalState.products = products.map((p) => p.id);
  const list = clear($('product-list'));
  const show = (product, item) => {
    list.querySelectorAll('li').forEach((li) => li.classList.toggle('selected', li === item));
    clear($('product-detail')).append(...detail(api, product));
    selectProduct(product);
  };
  for (const product of products) {
    const item = el('li', { dataset: { product: product.id } },
      el('div', null, el('strong', { text: product.name }), product.streaming ? el('span', { class: 'badge', text: 'streams' }) : null),
      el('div', { class: 'pid', text: product.id }));
    item.addEventListener('click', () => show(product, item));
    list.append(item);
  }
  if (products.length === 0) {
    list.append(el('li', { class: 'muted', text: 'No product is enabled for this tenant.' }));
  }
}
