// Chatting with an agent: the question goes to askAgent with a channel, the answer's tokens and tool
// calls show as they arrive, Stop cancels the call, and each finished reply says what it took —
// tokens in and out, the exact cost, the time and the model.
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { messageOf } from "../../api";
import type { AiAgent } from "../../bindings";
import { Icon } from "../../components/icons";
import { formatDuration } from "../../format";
import { formatDollarsExact } from "../../money";
import { askAgent, cancelAgentCall } from "./api";
import { failTurn, finishTurn, isOpen, newTurn, reduceTurn, type ToolLine, type Turn } from "./playground";

function ToolText({ line }: { line: ToolLine }) {
  if (line.state === "running") return <>Using {line.tool}…</>;
  const took = line.durationMs === null ? "" : ` in ${formatDuration(line.durationMs)}`;
  return <>{line.state === "ok" ? `Used ${line.tool}${took}` : `${line.tool} failed${took}`}</>;
}

function Reply({ turn, name }: { turn: Turn; name: string }) {
  const open = isOpen(turn);
  const e = turn.execution;
  return (
    <div className={`chat-msg chat-agent${turn.state === "failed" ? " chat-failed" : ""}`}>
      <span className="chat-who">{name}</span>
      {turn.tools.map((t, i) => (
        <p key={i} className={`chat-tool chat-tool-${t.state}`}>
          <ToolText line={t} />
        </p>
      ))}
      {turn.reply ? (
        <p className="chat-text">
          {turn.reply}
          {open && <span className="chat-cursor" aria-hidden="true" />}
        </p>
      ) : (
        open && <p className="chat-text muted">{turn.state === "waiting" ? "Starting…" : "Thinking…"}</p>
      )}
      {turn.state === "cancelled" && <p className="chat-note">Stopped.</p>}
      {turn.state === "failed" && <p className="chat-note error-text">{turn.error || "The call failed."}</p>}
      {e && (
        <p className="chat-meta" aria-label="Reply details">
          {e.tokensIn} tokens in · {e.tokensOut} tokens out · {formatDollarsExact(e.costMicros)} · {formatDuration(e.durationMs)} · {e.model || turn.model}
        </p>
      )}
    </div>
  );
}

export function Playground({ org, agent, onCallDone }: { org: string; agent: AiAgent; onCallDone: () => void }) {
  const [turns, setTurns] = useState<Turn[]>([]);
  const [prompt, setPrompt] = useState("");
  const [forget, setForget] = useState(false);
  const nextId = useRef(1);
  const log = useRef<HTMLOListElement>(null);
  const current = useRef<string | null>(null);
  const open = turns.find(isOpen) ?? null;

  useEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [turns]);

  // Leaving the page stops a call still running: nobody is there to read (or pay for) the rest.
  useEffect(
    () => () => {
      if (current.current) cancelAgentCall(current.current).catch(() => {});
    },
    [],
  );

  const send = async () => {
    const text = prompt.trim();
    if (!text || open) return;
    const id = nextId.current++;
    const update = (change: (t: Turn) => Turn) => setTurns((all) => all.map((t) => (t.id === id ? change(t) : t)));
    setTurns((all) => [...all, newTurn(id, text)]);
    setPrompt("");
    try {
      const execution = await askAgent(org, agent.id, text, forget, (event) => {
        if (event.type === "started") current.current = event.agentExecutionId;
        update((t) => reduceTurn(t, event));
      });
      update((t) => finishTurn(t, execution));
    } catch (e) {
      update((t) => failTurn(t, messageOf(e)));
    } finally {
      current.current = null;
      onCallDone();
    }
  };

  const stop = () => {
    if (open?.callId) cancelAgentCall(open.callId).catch(() => {});
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  const remembered = agent.memory.windowTurns ?? 10;
  return (
    <section className="card playground" aria-labelledby="playground-heading">
      <div className="playground-head">
        <h2 id="playground-heading">Playground</h2>
        <button type="button" className="button button-small" disabled={turns.length === 0 || open !== null} onClick={() => setTurns([])}>
          Clear transcript
        </button>
      </div>
      {!agent.isActive && <p className="hint">This agent is off: turn it on in Edit before asking it anything.</p>}
      {turns.length === 0 ? (
        <p className="hint">Ask {agent.name} something. Replies stream in as they are written; each says its tokens, cost and time.</p>
      ) : (
        <ol ref={log} className="chat-log" role="log" aria-label="Conversation" aria-busy={open !== null}>
          {turns.map((t) => (
            <li key={t.id} className="chat-turn">
              <div className="chat-msg chat-user">
                <span className="chat-who">You</span>
                <p className="chat-text">{t.prompt}</p>
              </div>
              <Reply turn={t} name={agent.name} />
            </li>
          ))}
        </ol>
      )}
      <form
        className="chat-form"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <label htmlFor="playground-prompt" className="visually-hidden">
          Message to {agent.name}
        </label>
        <textarea
          id="playground-prompt"
          rows={3}
          value={prompt}
          placeholder={`Message ${agent.name} — Enter sends, Shift+Enter starts a new line`}
          onChange={(e) => setPrompt(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <div className="chat-actions">
          <label className="agent-check">
            <input type="checkbox" checked={forget} onChange={(e) => setForget(e.target.checked)} />
            <span>
              Forget history <span className="muted">— ask without the last {remembered} turns it remembers</span>
            </span>
          </label>
          {open ? (
            <button type="button" className="button button-danger" disabled={!open.callId} onClick={stop}>
              <Icon name="stop" /> Stop
            </button>
          ) : (
            <button type="submit" className="button button-primary" disabled={!prompt.trim()}>
              <Icon name="runs" /> Send
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
