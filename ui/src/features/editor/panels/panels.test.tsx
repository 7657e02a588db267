// The config panel of every node kind, rendered as the editor renders it (the real store, the real
// fields, the organization's lists from the fake backend): each shows its kind's fields, writes what
// is typed or chosen into the node's data as one undoable edit, and says what is wrong in place.
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Value } from "../../../bindings";
import { ToastProvider } from "../../../components/Toasts";
import { backend } from "../../../test/ipc";
import type { Runner } from "../run/useRunner";
import { EditorProvider } from "../store/context";
import { createEditorStore } from "../store/editorStore";
import { catalog, fakeBackend, ORG } from "../test/fakeBackend";
import { NodePanel } from "./NodePanel";

const runner: Runner = { run: async () => {}, cancel: async () => {} };

function panel(type: string, initial: Record<string, Value>) {
  backend(fakeBackend().handlers);
  const store = createEditorStore({
    name: "W",
    description: "",
    tags: [],
    variables: {},
    nodes: [
      { id: "t", type: "trigger", position: { x: 0, y: 0 }, data: { label: "Start", trigger: { kind: "manual" } } },
      { id: "n", type, position: { x: 300, y: 0 }, data: { label: "Node", ...initial } },
    ],
    edges: [{ id: "e", source: "t", target: "n" }],
  });
  store.setState({ catalog });
  store.select({ nodes: [type === "trigger" ? "t" : "n"] });
  render(
    <ToastProvider>
      <EditorProvider store={store}>
        <NodePanel org={ORG} runner={runner} />
      </EditorProvider>
    </ToastProvider>,
  );
  const data = () => store.getState().doc.nodes.find((n) => n.id === (type === "trigger" ? "t" : "n"))!.data;
  return { store, data };
}

async function typeInto(label: string, text: string) {
  const field = await screen.findByRole("textbox", { name: label });
  const { EditorView } = await import("@codemirror/view");
  const view = EditorView.findFromDOM(field);
  if (!view) throw new Error(`${label} is not a CodeMirror field`);
  act(() => view.dispatch({ changes: { from: view.state.doc.length, insert: text } }));
}

describe("node config panels", () => {
  it("trigger: schedule in plain words with the next five runs, then a webhook with its address and signature", async () => {
    const { data, store } = panel("trigger", {});
    await userEvent.selectOptions(screen.getByLabelText("How a run starts"), "schedule");
    expect(data()["trigger"]).toMatchObject({ kind: "schedule", cron: "0 9 * * 1-5" });
    expect(screen.getByText(/09:00, Monday through Friday/)).toBeInTheDocument();
    expect(within(screen.getByRole("list", { name: "Next five runs" })).getAllByRole("listitem")).toHaveLength(5);
    const cron = screen.getByLabelText("Schedule (cron)");
    await userEvent.clear(cron);
    await userEvent.type(cron, "99 * * * *");
    expect(document.querySelector(".cron-words .field-error")?.textContent).toBeTruthy();
    expect(screen.queryByRole("list", { name: "Next five runs" })).not.toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText("How a run starts"), "webhook");
    await userEvent.clear(screen.getByLabelText("Path"));
    await userEvent.type(screen.getByLabelText("Path"), "listing");
    expect(screen.getByLabelText("Full address")).toHaveValue("http://127.0.0.1:8790/webhook/listing");
    expect(screen.getByRole("button", { name: "Copy the webhook address" })).toBeInTheDocument();
    const signature = await screen.findByLabelText("Signature: requests must be signed with");
    await waitFor(() => expect(within(signature).getAllByRole("option").map((o) => o.textContent)).toEqual(["None", "Signed hook"]));
    await userEvent.selectOptions(signature, "i2");
    expect(data()["trigger"]).toMatchObject({ kind: "webhook", path: "listing", integrationId: "i2" });
    store.undo();
    expect((data()["trigger"] as Record<string, Value>)["integrationId"]).toBeUndefined();
  });

  it("AI agent: chosen from the organization's agents, with create new, and a prompt template", async () => {
    const { data } = panel("aiAgent", { agentId: "", prompt: "" });
    const picker = screen.getByLabelText("Agent");
    await waitFor(() => expect(within(picker).getByRole("option", { name: /Ada/ })).toBeInTheDocument());
    await userEvent.selectOptions(picker, "a1");
    expect(data()["agentId"]).toBe("a1");
    await typeInto("Prompt", "Reply to {{ input.name }}");
    expect(data()["prompt"]).toBe("Reply to {{ input.name }}");
    await userEvent.selectOptions(picker, "__new__");
    expect(await screen.findByRole("dialog", { name: /agent/i })).toBeInTheDocument();
  });

  it("agent team: a team and its task", async () => {
    const { data } = panel("agentTeam", { teamId: "", task: "" });
    const picker = screen.getByLabelText("Team");
    await waitFor(() => expect(within(picker).getByRole("option", { name: /Listing team/ })).toBeInTheDocument());
    await userEvent.selectOptions(picker, "team1");
    await typeInto("Task", "Price {{ input.address }}");
    expect(data()).toMatchObject({ teamId: "team1", task: "Price {{ input.address }}" });
  });

  it("integration: the action's parameters as a form, integrations of its provider only", async () => {
    const { data } = panel("integration", { action: "slack.postMessage", integrationId: null, params: {} });
    const picker = screen.getByLabelText("Integration");
    await waitFor(() => expect(within(picker).getAllByRole("option").map((o) => o.textContent)).toEqual(["Choose…", "Team Slack — connected", "Create new integration…"]));
    await typeInto("Channel", "#leads");
    await typeInto("Message", "New lead {{ input.name }}");
    expect(data()["params"]).toEqual({ channel: "#leads", text: "New lead {{ input.name }}" });
    await userEvent.selectOptions(screen.getByLabelText("Action"), "http.request");
    expect(screen.getByLabelText("Method")).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "URL" })).toBeInTheDocument();
    expect(screen.getByLabelText("Headers (optional)")).toBeInTheDocument();
    expect(screen.getByLabelText("Integration")).toHaveAccessibleDescription(/unauthenticated/);
  });

  it("condition: the engine's parse error is shown under the field as you type", async () => {
    panel("condition", { expression: "" });
    await typeInto("Expression", "{{ input.score");
    expect(await screen.findByText("unclosed {{", {}, { timeout: 2000 })).toBeInTheDocument();
  });

  it("transform: JSON output written when it parses, named when it does not", async () => {
    const { data } = panel("transform", { output: {} });
    const field = screen.getByLabelText("Output (JSON; strings are templates)");
    await userEvent.clear(field);
    await userEvent.click(field);
    await userEvent.paste('{"status": "nurture"');
    expect(screen.getByText(/Not valid JSON yet/)).toBeInTheDocument();
    await userEvent.paste("}");
    expect(data()["output"]).toEqual({ status: "nurture" });
  });

  it("delay: milliseconds, read back in words", async () => {
    const d = panel("delay", { ms: 1000 });
    expect(screen.getByText("That is 1 s.")).toBeInTheDocument();
    await userEvent.clear(screen.getByLabelText("Wait (milliseconds)"));
    await userEvent.type(screen.getByLabelText("Wait (milliseconds)"), "90000");
    expect(d.data()["ms"]).toBe(90000);
    expect(screen.getByText("That is 1.5 min.")).toBeInTheDocument();
  });

  it("sub-workflow: a workflow of the organization, its input and for-each", async () => {
    const { data } = panel("subWorkflow", { workflowId: "", input: {} });
    const picker = screen.getByLabelText("Workflow to run");
    await waitFor(() => expect(within(picker).getByRole("option", { name: "Child" })).toBeInTheDocument());
    await userEvent.selectOptions(picker, "w2");
    await typeInto("For each (optional)", "{{ input.leads }}");
    expect(data()).toMatchObject({ workflowId: "w2", forEach: "{{ input.leads }}" });
  });

  it("note: plain text and a colour, no failure settings", async () => {
    const { data } = panel("note", { text: "", color: "yellow" });
    await userEvent.type(screen.getByLabelText("Text"), "Ask Sam about SMS consent");
    await userEvent.selectOptions(screen.getByLabelText("Colour"), "blue");
    expect(data()).toMatchObject({ text: "Ask Sam about SMS consent", color: "blue" });
    expect(screen.queryByRole("region", { name: "When it fails" })).not.toBeInTheDocument();
  });

  it("every runnable node: retries, time limit and on-error", async () => {
    const { data, store } = panel("delay", { ms: 5 });
    await userEvent.type(screen.getByLabelText("Attempts"), "3");
    await userEvent.type(screen.getByLabelText("Time limit per attempt (ms)"), "5000");
    await userEvent.selectOptions(screen.getByLabelText("On error"), "branch");
    expect(data()).toMatchObject({ retry: { maxAttempts: 3 }, timeoutMs: 5000, onError: "branch" });
    store.undo();
    expect(data()["onError"]).toBeUndefined();
  });
});
