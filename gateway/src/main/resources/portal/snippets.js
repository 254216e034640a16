// Copy-paste snippets with this gateway's base URL filled in: OpenAI's Python and Node SDKs,
// LangChain4j, curl, and curl for the chosen product. The key stays a variable: never printed.
import { $, el, clear } from '/portal/common/dom.js';

let state = { products: [], models: [], product: null };

function base() {
  return window.location.origin + '/v1';
}

function blocks() {
  const model = state.models.find((m) => !m.startsWith('embed')) || state.models[0] || 'chat-default';
  const url = base();
  const product = state.product || state.products[0];
  const list = [
    ['Python (openai)', `from openai import OpenAI
import os

client = OpenAI(base_url="${url}", api_key=os.environ["GATEWAY_KEY"])
reply = client.chat.completions.create(
    model="${model}",
    messages=[{"role": "user", "content": "Hello"}],
)
print(reply.choices[0].message.content)`],
    ['Node (openai)', `import OpenAI from "openai";

const client = new OpenAI({ baseURL: "${url}", apiKey: process.env.GATEWAY_KEY });
const stream = await client.chat.completions.create({
  model: "${model}",
  messages: [{ role: "user", content: "Hello" }],
  stream: true,
});
for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? "");`],
    ['Java (LangChain4j)', `ChatModel model = OpenAiChatModel.builder()
        .baseUrl("${url}")
        .apiKey(System.getenv("GATEWAY_KEY"))
        .modelName("${model}")
        .build();
System.out.println(model.chat("Hello"));`],
    ['curl', `curl -s ${url}/chat/completions \\
  -H "Authorization: Bearer $GATEWAY_KEY" -H 'content-type: application/json' \\
  -d '{"model":"${model}","messages":[{"role":"user","content":"Hello"}]}'`],
  ];
  if (product) {
    const input = {};
    (product.input_schema.required || []).forEach((name) => { input[name] = 'your ' + name; });
    list.push(['curl: product ' + product.id, `curl -s ${url}/products/${product.id}/invoke \\
  -H "Authorization: Bearer $GATEWAY_KEY" -H 'content-type: application/json' \\
  -d '${JSON.stringify({ input }).replace(/'/g, "'\\''")}'`]);
  }
  return list;
}

function render() {
  const box = clear($('snippets'));
  box.append(el('h2', { text: 'Code snippets' }),
    el('p', { class: 'note', text: 'Base URL ' + base() + ' · set GATEWAY_KEY to one of your keys. '
      + 'The full API for this key: the OpenAPI document (button above).' }));
  for (const [title, code] of blocks()) {
    const pre = el('pre', { text: code });
    const copy = el('button', { type: 'button', class: 'secondary', text: 'Copy' });
    copy.addEventListener('click', () => navigator.clipboard && navigator.clipboard.writeText(code).catch(() => {}));
    box.append(el('div', { class: 'snippet', dataset: { snippet: title } }, el('h3', null, title, ' ', copy), pre));
  }
}

export function showSnippets(products, models) {
  state = { products, models, product: null };
  render();
}

export function selectProduct(product) {
  state.product = product;
  render();
}
