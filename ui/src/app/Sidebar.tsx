// The product's navigation: every area, the organization switcher above it.
import { Icon, type IconName } from "../components/icons";
import { OrgSwitcher } from "../features/orgs/OrgSwitcher";
import { hrefOf, type Route } from "../router";

export const NAV: { page: Route["page"]; label: string; icon: IconName }[] = [
  { page: "dashboard", label: "Dashboard", icon: "dashboard" },
  { page: "workflows", label: "Workflows", icon: "workflows" },
  { page: "executions", label: "Executions", icon: "runs" },
  { page: "agents", label: "Agents", icon: "agents" },
  { page: "teams", label: "Teams", icon: "teams" },
  { page: "integrations", label: "Integrations", icon: "integrations" },
  { page: "templates", label: "Templates", icon: "templates" },
  { page: "analytics", label: "Analytics", icon: "analytics" },
  { page: "settings", label: "Settings", icon: "settings" },
];

export function Sidebar({ route }: { route: Route }) {
  const parent: Partial<Record<Route["page"], Route["page"]>> = { workflow: "workflows", execution: "executions", template: "templates" };
  const active = parent[route.page] ?? route.page;
  return (
    <aside className="sidebar">
      <div className="brand">
        <img src="/logo.png" alt="" width={28} height={28} />
        <span>NeuroFlow Hub</span>
      </div>
      <OrgSwitcher />
      <nav aria-label="Main">
        <ul>
          {NAV.map((item) => (
            <li key={item.page}>
              <a
                href={hrefOf({ page: item.page } as Route)}
                className={item.page === active ? "nav-link active" : "nav-link"}
                aria-current={item.page === active ? "page" : undefined}
              >
                <Icon name={item.icon} />
                <span>{item.label}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </aside>
  );
}
