// The deploy form's start, its request and a refusal read field by field.
import { describe, expect, it } from "vitest";
import { NEW_AGENT, initialForm, problemsOf, toRequest } from "./deployForm";
import { detail } from "./testData";

describe("deploy form", () => {
  it("starts with the only integration of a provider, new agents and every example", () => {
    const d = detail({ integrations: [{ key: "slack", provider: "SLACK", purpose: "", candidates: [{ id: "i1", name: "Slack", status: "CONNECTED", isActive: true }], preselected: "i1" }] });
    const form = initialForm(d);
    expect(form.integrations).toEqual({ slack: "i1" });
    expect(form.agents).toEqual({ writer: NEW_AGENT });
    expect(form.variables).toEqual({ officeName: "Harbor Realty", mlsCharLimit: "1000" });
  });

  it("sends chosen ids, agent choices and the typed variables", () => {
    const form = { ...initialForm(detail()), integrations: { slack: "" }, agents: { writer: "a9" } };
    expect(toRequest(form)).toEqual({
      name: "Listing description writer with a fair-housing check",
      integrations: {},
      agents: { writer: { kind: "existing", id: "a9" } },
      teams: {},
      variables: { officeName: "Harbor Realty", mlsCharLimit: "1000" },
    });
  });

  it("reads a refusal's problems by kind and key", () => {
    expect(problemsOf({ problems: [{ kind: "variable", key: "x", message: "needs a value" }, { kind: "app", key: "", message: "needs 9.0" }] })).toEqual({ "variable:x": "needs a value", "app:": "needs 9.0" });
    expect(problemsOf(null)).toEqual({});
  });
});
