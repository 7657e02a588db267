// The template gallery: cards for the library (built in, published here, imported), full-text
// search as the person types, filters by category, difficulty and integration — each value with
// the number of templates it gives — and a sort. A card opens the template's page; a template file
// can be imported from here. Everything is read from the app, so it works offline.
import "./templates.css";
import { useEffect, useState } from "react";
import type { DifficultyLevel, FacetCount, IntegrationProvider, TemplateCard, TemplateCategory, TemplateResults, TemplateSort } from "../../bindings";
import { EmptyState } from "../../components/Feedback";
import { Icon } from "../../components/icons";
import { ListPage } from "../../components/ListPage";
import { formatCost } from "../../format";
import { hrefOf } from "../../router";
import { useAction } from "../../state/useAction";
import { useDataChanged } from "../../state/useDataChanged";
import { useLoad } from "../../state/useLoad";
import { importTemplateFile, searchTemplates } from "./api";
import { CATEGORIES, DIFFICULTIES, PROVIDER_NAMES, average, label, ratingText, templateIcon } from "./present";

const SORTS: { value: TemplateSort; label: string }[] = [
  { value: "relevance", label: "Best match" },
  { value: "featured", label: "Featured first" },
  { value: "popular", label: "Most deployed" },
  { value: "topRated", label: "Top rated" },
  { value: "newest", label: "Newest" },
];
const PAGE = 24;

export function TemplatesPage({ org }: { org: string }) {
  const act = useAction();
  const [typed, setTyped] = useState("");
  const [text, setText] = useState("");
  const [category, setCategory] = useState<TemplateCategory | null>(null);
  const [difficulty, setDifficulty] = useState<DifficultyLevel | null>(null);
  const [integration, setIntegration] = useState<IntegrationProvider | null>(null);
  const [sort, setSort] = useState<TemplateSort>("relevance");
  const [limit, setLimit] = useState(PAGE);
  const results = useLoad(
    () => searchTemplates(org, { text: text || null, category, difficulty, integration, source: null, cleanupSuggested: null, sort, page: { limit, offset: 0 } }),
    [org, text, category, difficulty, integration, sort, limit],
  );
  useDataChanged(["template"], () => void results.load(), org);

  // Search as the person types, not on every keystroke.
  useEffect(() => {
    const timer = window.setTimeout(() => {
      setText(typed.trim());
      setLimit(PAGE);
    }, 150);
    return () => window.clearTimeout(timer);
  }, [typed]);

  const importFile = () =>
    act(async () => {
      const t = await importTemplateFile(org);
      if (!t) return null;
      await results.load();
      return `Imported “${t.card.name}” (version ${t.card.version})`;
    });
  const filtered = Boolean(text || category || difficulty || integration);
  const clear = () => {
    setTyped("");
    setText("");
    setCategory(null);
    setDifficulty(null);
    setIntegration(null);
  };

  return (
    <ListPage
      title="Templates"
      subtitle="Ready-made workflows for real-estate teams. Each one is checked before it deploys and lands switched off, with a checklist."
      actions={
        <button type="button" className="button" onClick={importFile}>
          <Icon name="upload" /> Import template file…
        </button>
      }
      above={
        <div className="toolbar">
          <div className="search">
            <Icon name="search" />
            <input type="search" aria-label="Search templates" placeholder="Search: speed to lead, open house, Slack…" value={typed} onChange={(e) => setTyped(e.target.value)} />
          </div>
          <label className="sort">
            <span>Sort</span>
            <select aria-label="Sort templates" value={sort} onChange={(e) => setSort(e.target.value as TemplateSort)}>
              {SORTS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
        </div>
      }
      state={results}
      loadingLabel="Loading templates…"
      isEmpty={() => false}
    >
      {(r: TemplateResults) => (
        <div className="gallery">
          <aside className="facets" aria-label="Filters">
            <Facet legend="Category" names={CATEGORIES} counts={r.facets.categories} value={category} onChange={(v) => setCategory(v as TemplateCategory | null)} />
            <Facet legend="Difficulty" names={DIFFICULTIES} counts={r.facets.difficulties} value={difficulty} onChange={(v) => setDifficulty(v as DifficultyLevel | null)} />
            <Facet legend="Uses" names={PROVIDER_NAMES} counts={r.facets.integrations} value={integration} onChange={(v) => setIntegration(v as IntegrationProvider | null)} />
          </aside>
          <section className="gallery-results" aria-label="Templates found">
            <p className="hint" role="status">
              {r.page.total === 1 ? "1 template" : `${r.page.total} templates`}
              {filtered && (
                <>
                  {" · "}
                  <button type="button" className="link-button" onClick={clear}>
                    Clear search and filters
                  </button>
                </>
              )}
            </p>
            {r.page.items.length === 0 ? (
              <EmptyState icon="search" title={text ? `No template matches “${text}”` : "No template matches these filters"}>
                Try fewer words or another filter.
              </EmptyState>
            ) : (
              <ul className="template-grid">
                {r.page.items.map((t) => (
                  <li key={t.id}>
                    <Card t={t} />
                  </li>
                ))}
              </ul>
            )}
            {r.page.total > r.page.items.length && (
              <button type="button" className="button" onClick={() => setLimit(limit + PAGE)}>
                Show more ({r.page.total - r.page.items.length} more)
              </button>
            )}
          </section>
        </div>
      )}
    </ListPage>
  );
}

function Facet({ legend, names, counts, value, onChange }: { legend: string; names: Record<string, string>; counts: FacetCount[]; value: string | null; onChange: (value: string | null) => void }) {
  return (
    <fieldset className="facet">
      <legend>{legend}</legend>
      <button type="button" className="facet-option" aria-pressed={value === null} onClick={() => onChange(null)}>
        <span>All</span>
      </button>
      {counts.map((c) => (
        <button
          key={c.value}
          type="button"
          className="facet-option"
          aria-pressed={value === c.value}
          disabled={c.count === 0 && value !== c.value}
          onClick={() => onChange(value === c.value ? null : c.value)}
        >
          <span>{label(names, c.value)}</span>
          <span className="facet-count" aria-label={`${c.count} templates`}>
            {c.count}
          </span>
        </button>
      ))}
    </fieldset>
  );
}

export function Stars({ value, label: name }: { value: number; label: string }) {
  return (
    <span className="stars" role="img" aria-label={name}>
      {[1, 2, 3, 4, 5].map((i) => (
        <span key={i} className={i <= Math.round(value) ? "star on" : "star"} aria-hidden="true">
          ★
        </span>
      ))}
    </span>
  );
}

function Card({ t }: { t: TemplateCard }) {
  return (
    <article className="template-card">
      <div className="template-card-head">
        <span className="template-icon" aria-hidden="true">
          <Icon name={templateIcon(t.icon)} size={22} />
        </span>
        <h3>
          <a className="stretched-link" href={hrefOf({ page: "template", id: t.id })}>
            {t.name}
          </a>
        </h3>
      </div>
      <p className="template-description">{t.description}</p>
      <div className="tags">
        {t.featured && <span className="badge badge-blue">Featured</span>}
        {t.source !== "BUILTIN" && <span className="badge">{t.source === "PRIVATE" ? "Yours" : "Imported"}</span>}
        {t.cleanupSuggested && <span className="badge badge-amber" title="Nobody deployed it for 180 days; you may delete it">Unused 180 days</span>}
        <span className="tag">{label(CATEGORIES, t.category)}</span>
        <span className="tag">{label(DIFFICULTIES, t.difficulty)}</span>
        <span className="tag">{t.setupMinutes} min setup</span>
      </div>
      <p className="template-needs">
        <span className="muted">Uses </span>
        {t.integrations.map((p) => label(PROVIDER_NAMES, p)).join(", ") || "no integration"}
      </p>
      <footer className="template-card-foot">
        <Stars value={average(t)} label={ratingText(t)} />
        <span className="muted">{t.rating.count > 0 ? `(${t.rating.count})` : ""}</span>
        <span className="muted">{t.usageCount === 1 ? "1 deploy" : `${t.usageCount} deploys`}</span>
        <span className="muted" title="Estimated AI cost of one run with the suggested models">
          {formatCost(t.estimateCostMicros)}/run
        </span>
      </footer>
    </article>
  );
}
