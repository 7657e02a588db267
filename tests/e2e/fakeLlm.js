// A model provider on 127.0.0.1 for the end-to-end tests: a real HTTP server speaking the OpenAI chat
// completions wire format, streamed as server-sent events with usage at the end, as OpenAI-compatible
// servers (Ollama, LM Studio) do. Each answer names the agent that asked (from its system prompt) and
// arrives word by word, slowly enough that the UI's streaming can be seen.
import http from "node:http";

const WORD_DELAY_MS = 60;

function agentName(messages) {
  const system = messages.find((m) => m.role === "system")?.content ?? "";
  const match = /You are ([^.,\n]+)/.exec(typeof system === "string" ? system : "");
  return match ? match[1].trim() : "the assistant";
}

function answerFor(messages) {
  const name = agentName(messages);
  const last = messages[messages.length - 1]?.content ?? "";
  const text = typeof last === "string" ? last : JSON.stringify(last);
  if (/vote/i.test(text) && /proposals/i.test(text)) return JSON.stringify({ vote: 1, reason: "clearest" });
  return `${name} here: the open house is on Saturday at ten, and parking is on Elm Street.`;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the server; resolves to { baseUrl, requests, close }. */
export async function startFakeLlm() {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    if (req.method !== "POST" || !req.url.endsWith("/chat/completions")) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
      return;
    }
    let body = "";
    for await (const chunk of req) body += chunk;
    const request = JSON.parse(body);
    requests.push(request);
    const words = answerFor(request.messages ?? []).split(" ");
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const send = (payload) => res.write(`data: ${JSON.stringify(payload)}\n\n`);
    for (const [i, word] of words.entries()) {
      send({ id: "e2e", object: "chat.completion.chunk", model: request.model, choices: [{ index: 0, delta: { content: (i ? " " : "") + word }, finish_reason: null }] });
      await sleep(WORD_DELAY_MS);
    }
    send({ id: "e2e", object: "chat.completion.chunk", model: request.model, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
    const promptTokens = JSON.stringify(request.messages ?? []).split(/\s+/).length;
    send({ id: "e2e", object: "chat.completion.chunk", model: request.model, choices: [], usage: { prompt_tokens: promptTokens, completion_tokens: words.length, total_tokens: promptTokens + words.length } });
    res.write("data: [DONE]\n\n");
    res.end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
