// An execution's or a step's status, in words and colour (never colour alone).
const TONES: Record<string, string> = {
  COMPLETED: "badge-green",
  RUNNING: "badge-blue",
  PENDING: "badge-blue",
  FAILED: "badge-red",
  CANCELLED: "badge-amber",
  SKIPPED: "",
};

export function StatusBadge({ status }: { status: string }) {
  const label = status.charAt(0) + status.slice(1).toLowerCase();
  return <span className={`badge ${TONES[status] ?? ""}`}>{label}</span>;
}
