// The official OpenAI Node SDK against a running Shepherd: only baseURL and apiKey change.
// Run by dev.shepherd.sdk.NodeSdkTest with SHEPHERD_BASE_URL, SHEPHERD_KEY and NODE_PATH set.
// Prints "ok <check>" per passing check; exits non-zero on the first failure.
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';

const require = createRequire(process.env.NODE_SDK_DIR + '/');
const OpenAI = require('openai');
const client = new OpenAI({ baseURL: process.env.SHEPHERD_BASE_URL, apiKey: process.env.SHEPHERD_KEY, maxRetries: 0 });
const model = 'sim-model';
const ok = (name) => console.log('ok ' + name);

const chat = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'echo: node says hi' }] });
assert.equal(chat.object, 'chat.completion');
assert.equal(chat.choices[0].message.content, 'node says hi');
assert.ok(chat.usage.total_tokens > 0);
ok('chat');

const stream = await client.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: 'hello' }],
  stream_options: { include_usage: true } });
let text = '';
let usage = null;
for await (const chunk of stream) {
  for (const c of chunk.choices) text += c.delta?.content ?? '';
  if (chunk.usage) usage = chunk.usage;
}
assert.ok(text.length > 0);
assert.ok(usage && usage.completion_tokens > 0);
ok('stream');

// The Node SDK asks for base64 by default and decodes it to floats.
const emb = await client.embeddings.create({ model, input: 'same text' });
const embFloat = await client.embeddings.create({ model, input: 'same text', encoding_format: 'float' });
assert.deepEqual(emb.data[0].embedding.map((x) => Math.fround(x)), embFloat.data[0].embedding.map((x) => Math.fround(x)));
ok('embeddings');

const models = [];
for await (const m of client.models.list()) models.push(m.id);
assert.ok(models.includes(model));
ok('models');

const bad = new OpenAI({ baseURL: process.env.SHEPHERD_BASE_URL, apiKey: 'sk-shp-wrong', maxRetries: 0 });
await assert.rejects(bad.chat.completions.create({ model, messages: [{ role: 'user', content: 'x' }] }), OpenAI.AuthenticationError);
await assert.rejects(client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }), OpenAI.NotFoundError);
await assert.rejects(client.chat.completions.create({ model, messages: [] }), OpenAI.BadRequestError);
ok('errors');
