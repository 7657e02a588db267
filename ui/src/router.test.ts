// The hash routes: every page parsed, and every address built back to the same route.
import { describe, expect, it } from "vitest";
import { hrefOf, parseRoute } from "./router";

describe("router", () => {
  it("parses every page and falls back to the dashboard", () => {
    expect(parseRoute("#/workflows")).toEqual({ page: "workflows" });
    expect(parseRoute("#/workflows/abc%20d")).toEqual({ page: "workflow", id: "abc d" });
    expect(parseRoute("#/settings")).toEqual({ page: "settings" });
    expect(parseRoute("#/executions")).toEqual({ page: "executions" });
    expect(parseRoute("#/executions/x1")).toEqual({ page: "execution", id: "x1" });
    expect(parseRoute("#/workflows/w1/executions")).toEqual({ page: "executions", workflow: "w1" });
    expect(parseRoute("#/agents")).toEqual({ page: "agents" });
    expect(parseRoute("#/agents/a1")).toEqual({ page: "agents", id: "a1" });
    expect(parseRoute("#/teams")).toEqual({ page: "teams" });
    expect(parseRoute("#/teams/t%201")).toEqual({ page: "teams", id: "t 1" });
    expect(parseRoute("#/templates")).toEqual({ page: "templates" });
    expect(parseRoute("#/templates/t%2F1")).toEqual({ page: "template", id: "t/1" });
    expect(parseRoute("#/nowhere")).toEqual({ page: "dashboard" });
    expect(parseRoute("")).toEqual({ page: "dashboard" });
  });

  it("round-trips hrefs", () => {
    for (const route of [{ page: "workflow", id: "a/b" }, { page: "execution", id: "e 1" }, { page: "executions", workflow: "w/2" }, { page: "agents", id: "a/1" }, { page: "teams", id: "t 2" }, { page: "agents" }, { page: "template", id: "x/y" }] as const) {
      expect(parseRoute(hrefOf(route))).toEqual(route);
    }
  });
});
