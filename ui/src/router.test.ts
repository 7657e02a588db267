import { describe, expect, it } from "vitest";
import { hrefOf, parseRoute } from "./router";

describe("router", () => {
  it("parses every page and falls back to the dashboard", () => {
    expect(parseRoute("#/workflows")).toEqual({ page: "workflows" });
    expect(parseRoute("#/workflows/abc%20d")).toEqual({ page: "workflow", id: "abc d" });
    expect(parseRoute("#/settings")).toEqual({ page: "settings" });
    expect(parseRoute("#/nowhere")).toEqual({ page: "dashboard" });
    expect(parseRoute("")).toEqual({ page: "dashboard" });
  });

  it("round-trips hrefs", () => {
    const route = { page: "workflow", id: "a/b" } as const;
    expect(parseRoute(hrefOf(route))).toEqual(route);
  });
});
