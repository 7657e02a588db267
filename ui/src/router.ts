// A tiny hash router: the desktop app has one window and no server, so the URL fragment is enough.
import { useEffect, useState } from "react";

export type Route =
  | { page: "dashboard" }
  | { page: "workflows" }
  | { page: "workflow"; id: string }
  | { page: "executions"; workflow?: string }
  | { page: "execution"; id: string }
  | { page: "agents"; id?: string }
  | { page: "teams"; id?: string }
  | { page: "integrations" }
  | { page: "templates" }
  | { page: "template"; id: string }
  | { page: "analytics" }
  | { page: "settings" };

const SIMPLE = ["dashboard", "workflows", "agents", "teams", "integrations", "templates", "analytics", "settings"] as const;

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  const [head, id, sub] = parts;
  if (head === "workflows" && id && sub === "executions") return { page: "executions", workflow: decodeURIComponent(id) };
  if (head === "workflows" && id) return { page: "workflow", id: decodeURIComponent(id) };
  if (head === "executions" && id) return { page: "execution", id: decodeURIComponent(id) };
  if (head === "executions") return { page: "executions" };
  if ((head === "agents" || head === "teams") && id) return { page: head, id: decodeURIComponent(id) };
  if (head === "templates" && id) return { page: "template", id: decodeURIComponent(id) };
  const simple = SIMPLE.find((p) => p === head);
  return simple ? ({ page: simple } as Route) : { page: "dashboard" };
}

export function hrefOf(route: Route): string {
  switch (route.page) {
    case "workflow":
      return `#/workflows/${encodeURIComponent(route.id)}`;
    case "execution":
      return `#/executions/${encodeURIComponent(route.id)}`;
    case "template":
      return `#/templates/${encodeURIComponent(route.id)}`;
    case "executions":
      return route.workflow ? `#/workflows/${encodeURIComponent(route.workflow)}/executions` : "#/executions";
    case "agents":
    case "teams":
      return route.id ? `#/${route.page}/${encodeURIComponent(route.id)}` : `#/${route.page}`;
    default:
      return `#/${route.page}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = hrefOf(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
