// The outside world of the templates spec, on 127.0.0.1: a model that answers the JSON schema a
// workflow's AI step asks for (so a fair-housing review passes and the copy goes on), and Slack's
// Web API, which records what was posted. Real HTTP servers; nothing of the app is faked.
import http from "node:http";

/** An example of a JSON schema, with `fields` (by property name) taken from there. */
export function example(schema, name, fields) {
  if (name && name in fields) return fields[name];
  if (Array.isArray(schema?.enum)) return schema.enum[0];
  switch (schema?.type) {
    case "object":
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, example(v, k, fields)]));
    case "array":
      return [example(schema.items ?? {}, name, {})];
    case "integer":
      return Math.max(schema.minimum ?? 0, Math.min(schema.maximum ?? 80, 80));
    case "number":
      return 1.5;
    case "boolean":
      return true;
    default:
      return `Sample ${name}`;
  }
}

async function body(req) {
  let text = "";
  for await (const chunk of req) text += chunk;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Starts both; resolves to { base, llmBase, slackBase, posts, close }. */
export async function startFakeServices({ fields = {} } = {}) {
  const posts = [];
  const server = http.createServer(async (req, res) => {
    const request = await body(req);
    const json = (status, payload) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    if (req.url === "/v1/chat/completions") {
      const schema = request?.response_format?.json_schema?.schema;
      const text = schema ? JSON.stringify(example(schema, "", fields)) : "Here is the copy you asked for.";
      const usage = { prompt_tokens: 400, completion_tokens: 120, total_tokens: 520 };
      res.writeHead(200, { "content-type": "text/event-stream" });
      const chunk = (choices, extra = {}) => res.write(`data: ${JSON.stringify({ id: "e2e", object: "chat.completion.chunk", model: request.model, choices, ...extra })}\n\n`);
      chunk([{ index: 0, delta: { content: text }, finish_reason: null }]);
      chunk([{ index: 0, delta: {}, finish_reason: "stop" }]);
      chunk([], { usage });
      res.end("data: [DONE]\n\n");
      return;
    }
    if (req.url === "/slack/auth.test") return json(200, { ok: true, team: "E2E Realty", user: "neuroflow" });
    if (req.url === "/slack/chat.postMessage") {
      posts.push({ channel: request?.channel, text: request?.text, auth: req.headers.authorization ?? "" });
      return json(200, { ok: true, channel: "C0E2E", ts: "1764400000.000100" });
    }
    json(404, { error: `no route ${req.method} ${req.url}` });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { base, llmBase: `${base}/v1`, slackBase: `${base}/slack`, posts, close: () => new Promise((resolve) => server.close(resolve)) };
}
