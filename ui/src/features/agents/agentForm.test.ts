// The agent editor's form to and from what the app stores, exactly (numbers, lists, micro-dollars).
import { describe, expect, it } from "vitest";
import { AGENT } from "./testData";
import { defaultProvider, emptyForm, fieldError, formOf, toAgent, toPatch } from "./agentForm";

describe("agentForm", () => {
  it("round-trips an agent through the form without losing a field or a micro-dollar", () => {
    const form = formOf(AGENT);
    expect(form.budgetDollars).toBe("0.25");
    expect(form.traits).toBe("patient, precise");
    const result = toAgent(form, AGENT);
    expect(result.errors).toBeNull();
    expect(result.agent).toEqual({
      name: "Support",
      description: "Answers customers",
      avatar: "🤖",
      personality: AGENT.personality,
      // What the form does not show (penalties, stop sequences) is kept.
      modelConfig: { provider: "openai", model: "gpt-4o-mini", temperature: 0.3, maxTokens: 800, topP: null, frequencyPenalty: 0.5, stop: ["END"] },
      capabilities: ["fetch_url"],
      memory: { windowTurns: 6, pinnedNotes: ["Our shop opens at 9", "Prices include VAT"] },
      budget: { maxTokens: 20000, maxCostMicros: 250_000 },
      isActive: true,
    });
  });

  it("parses typed numbers and dollars exactly, and blanks as no value", () => {
    const form = { ...emptyForm("ollama"), name: " Writer ", model: "llama3.2", temperature: "0.7", maxTokens: "", topP: ".9", budgetDollars: "$0.000075", traits: "curious,\nbold, " };
    const { agent } = toAgent(form);
    expect(agent?.name).toBe("Writer");
    expect(agent?.modelConfig).toEqual({ provider: "ollama", model: "llama3.2", temperature: 0.7, maxTokens: null, topP: 0.9 });
    expect(agent?.budget).toEqual({ maxTokens: null, maxCostMicros: 75 });
    expect(agent?.personality?.traits).toEqual(["curious", "bold"]);
    expect(agent?.avatar).toBeNull();
    expect(agent?.memory).toEqual({ windowTurns: 10, pinnedNotes: [] });
  });

  it("names every problem in words, by field", () => {
    const form = {
      ...emptyForm(""),
      avatar: "a very long avatar",
      temperature: "2.5",
      maxTokens: "1.5",
      topP: "-0.1",
      windowTurns: "101",
      budgetTokens: "0",
      budgetDollars: "1.2345678",
    };
    const { errors } = toAgent(form);
    expect(errors).toEqual({
      name: "Name is required",
      avatar: expect.stringMatching(/^Avatar is an emoji/),
      provider: "Choose a provider",
      model: expect.stringMatching(/^Model is required/),
      temperature: "Temperature is a number from 0 to 2",
      maxTokens: "Max tokens is a whole number from 1 to 4294967295",
      topP: "Top P is a number from 0 to 1",
      windowTurns: "Turns remembered is a whole number from 0 to 100",
      budgetTokens: "Token budget is a whole number of at least 1",
      budgetDollars: expect.stringMatching(/^Dollar budget: At most 6 decimal places/),
    });
    expect(toAgent({ ...emptyForm("openai"), name: "x", model: "m", budgetDollars: "0" }).errors).toEqual({ budgetDollars: expect.stringMatching(/more than \$0/) });
    expect(toAgent({ ...emptyForm("openai"), name: "x", model: "m", windowTurns: " " }).errors?.windowTurns).toMatch(/required/);
  });

  it("clears the avatar in a patch with an empty string, since null leaves it as it is", () => {
    const { patch } = toPatch({ ...formOf(AGENT), avatar: "", isActive: false }, AGENT);
    expect(patch?.avatar).toBe("");
    expect(patch?.isActive).toBe(false);
    expect(patch?.name).toBe("Support");
  });

  it("starts new agents on a provider that can be used now", () => {
    const p = (id: string, needsKey: boolean, hasKey: boolean) => ({ id, name: id, kind: "openai" as const, baseUrl: "http://x", needsKey, hasKey, preset: true });
    expect(defaultProvider([p("openai", true, false), p("ollama", false, false)])).toBe("ollama");
    expect(defaultProvider([p("openai", true, false), p("anthropic", true, true)])).toBe("anthropic");
    expect(defaultProvider([])).toBe("openai");
  });

  it("puts the app's field errors next to their field", () => {
    expect(fieldError("CONFLICT", "an agent named 'Support' already exists")).toEqual({ name: "An agent named 'Support' already exists" });
    expect(fieldError("INVALID_INPUT", "modelConfig.provider: no provider 'x' (known: openai)")).toEqual({ provider: "No provider 'x' (known: openai)" });
    expect(fieldError("INTERNAL", "disk full")).toBeNull();
  });
});
