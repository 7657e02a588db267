// Areas that later releases fill: each says what it will hold, so the space is never a blank.
import { EmptyState } from "../components/Feedback";
import type { IconName } from "../components/icons";
import { PageHeader } from "../components/PageHeader";

const AREAS: Record<string, { icon: IconName; title: string; heading: string; text: string }> = {
  analytics: {
    icon: "analytics",
    title: "Analytics",
    heading: "Nothing to measure yet",
    text: "Once workflows run, this shows what runs, what fails, and what each agent and provider costs.",
  },
};

export function ComingPage({ area }: { area: keyof typeof AREAS }) {
  const a = AREAS[area]!;
  return (
    <div className="page">
      <PageHeader title={a.title} />
      <EmptyState icon={a.icon} title={a.heading}>
        <p>{a.text}</p>
        <p className="muted">This area is being built and arrives in an upcoming version.</p>
      </EmptyState>
    </div>
  );
}
