// A template's rating: the average and how many rated it, and — once one of the organization's
// workflows made from it has run successfully — five stars to rate it (a second rating replaces the
// first). Before that the app refuses a rating, and this says why instead of offering one.
import { useState } from "react";
import type { TemplateDetail } from "../../bindings";
import { useSubmit } from "../../state/useSubmit";
import { rateTemplate } from "./api";
import { average, ratingText } from "./present";
import { Stars } from "./TemplatesPage";

export function RatingPanel({ org, detail, onRated }: { org: string; detail: TemplateDetail; onRated: () => void }) {
  const card = detail.template.card;
  const [mine, setMine] = useState<number | null>(detail.myRating ?? null);
  const { busy, error, run } = useSubmit();
  const rate = (stars: number) =>
    void run(async () => {
      await rateTemplate(org, card.id, stars);
      setMine(stars);
      onRated();
    });
  return (
    <section className="card">
      <h2>Rating</h2>
      <p>
        <Stars value={average(card)} label={ratingText(card)} /> <span>{ratingText(card)}</span>
      </p>
      <p className="hint">{card.usageCount === 1 ? "Deployed once" : `Deployed ${card.usageCount} times`} in this organization.</p>
      {detail.canRate ? (
        <fieldset className="rate" disabled={busy}>
          <legend>Your rating{mine ? `: ${mine} of 5` : ""}</legend>
          {[1, 2, 3, 4, 5].map((n) => (
            <button key={n} type="button" className={mine !== null && n <= mine ? "star-button on" : "star-button"} aria-pressed={mine === n} aria-label={`${n} star${n === 1 ? "" : "s"}`} onClick={() => rate(n)}>
              ★
            </button>
          ))}
        </fieldset>
      ) : (
        <p className="hint">You can rate it once a workflow made from it has run successfully here.</p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
