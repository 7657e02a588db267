// The window: navigation on the left, the current page on the right. With no organization yet, the
// welcome screen instead.
import { lazy, Suspense } from "react";
import { ErrorNotice, Loading } from "../components/Feedback";
import { ToastProvider } from "../components/Toasts";
import { OrgProvider, useOrgs } from "../features/orgs/OrgProvider";
import { Welcome } from "../features/orgs/Welcome";
import { AgentsPage } from "../features/agents/AgentsPage";
import { DashboardPage } from "../features/dashboard/DashboardPage";
import { ExecutionPage } from "../features/executions/ExecutionPage";
import { ExecutionsPage } from "../features/executions/ExecutionsPage";
import { IntegrationsPage } from "../features/integrations/IntegrationsPage";
import { SettingsPage } from "../features/settings/SettingsPage";
import { TeamsPage } from "../features/teams/TeamsPage";
import { TemplatePage } from "../features/templates/TemplatePage";
import { TemplatesPage } from "../features/templates/TemplatesPage";
import { WorkflowPage } from "../features/workflows/WorkflowPage";
import { WorkflowsPage } from "../features/workflows/WorkflowsPage";
import { useRoute, type Route } from "../router";
import { useTheme, type ThemeChoice } from "../state/theme";
import { Sidebar } from "./Sidebar";

// The Analytics page brings its charting library with it: loaded on the first visit, not at start.
const AnalyticsPage = lazy(() => import("../features/analytics/AnalyticsPage").then((m) => ({ default: m.AnalyticsPage })));

export function App() {
  return (
    <ToastProvider>
      <OrgProvider>
        <Shell />
      </OrgProvider>
    </ToastProvider>
  );
}

function Shell() {
  const route = useRoute();
  const [theme, setTheme] = useTheme();
  const { current, loading, error, refresh } = useOrgs();

  if (loading) return <Loading label="Starting…" />;
  if (error && !current) {
    return (
      <main className="welcome">
        <ErrorNotice message={`The app could not read its data: ${error}`} onRetry={refresh} />
      </main>
    );
  }
  if (!current) return <Welcome />;

  return (
    <div className="app">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Sidebar route={route} />
      <main id="main" className="content" key={current.id} tabIndex={-1}>
        <Page route={route} org={current} theme={theme} setTheme={setTheme} />
      </main>
    </div>
  );
}

function Page({ route, org, theme, setTheme }: { route: Route; org: { id: string; name: string; createdAt: string }; theme: ThemeChoice; setTheme: (t: ThemeChoice) => void }) {
  switch (route.page) {
    case "dashboard":
      return <DashboardPage org={org.id} orgName={org.name} />;
    case "workflows":
      return <WorkflowsPage org={org.id} />;
    case "workflow":
      return <WorkflowPage org={org.id} id={route.id} />;
    case "executions":
      return <ExecutionsPage key={route.workflow ?? "all"} org={org.id} {...(route.workflow ? { workflow: route.workflow } : {})} />;
    case "execution":
      return <ExecutionPage key={route.id} org={org.id} id={route.id} />;
    case "integrations":
      return <IntegrationsPage org={org.id} />;
    case "agents":
      return <AgentsPage key={route.id ?? "all"} org={org.id} {...(route.id ? { id: route.id } : {})} />;
    case "teams":
      return <TeamsPage key={route.id ?? "all"} org={org.id} {...(route.id ? { id: route.id } : {})} />;
    case "templates":
      return <TemplatesPage org={org.id} />;
    case "template":
      return <TemplatePage key={route.id} org={org.id} id={route.id} />;
    case "analytics":
      return (
        <Suspense fallback={<Loading label="Opening Analytics…" />}>
          <AnalyticsPage org={org.id} />
        </Suspense>
      );
    case "settings":
      return <SettingsPage org={org} theme={theme} setTheme={setTheme} />;
  }
}
