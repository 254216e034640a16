// Builds the DOM from data with textContent only: nothing an API returns is ever parsed as HTML,
// and no inline style attribute is written (the pages' CSP forbids them).
export const $ = (id) => document.getElementById(id);

export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value == null || value === false) { continue; }
    if (key === 'class') { node.className = value; }
    else if (key === 'text') { node.textContent = value; }
    else if (key === 'dataset') { Object.assign(node.dataset, value); }
    else if (key.startsWith('on')) { node.addEventListener(key.slice(2), value); }
    else if (typeof value === 'boolean') { node[key] = value; }
    else { node.setAttribute(key, String(value)); }
  }
  for (const child of children.flat()) {
    if (child != null && child !== false) { node.append(child instanceof Node ? child : String(child)); }
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

/** Saves text as a file through a blob: the credential stays in a header, never in a URL. */
export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const fmt = {
  int: (n) => (n == null ? '–' : Math.round(n).toLocaleString('en-US')),
  usd: (n) => (n == null ? '–' : '$' + Number(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 })),
  ms: (n) => (n == null ? '–' : n < 1000 ? n + ' ms' : (n / 1000).toFixed(2) + ' s'),
};
