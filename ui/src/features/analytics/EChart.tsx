// One chart: ECharts drawn into a div, re-created when the light/dark theme changes, resized with
// its box, disposed when it goes. A click on a bar or point reports the bucket it stands for (the
// page then lists the runs behind it). The chart's description is given to screen readers by
// ECharts' aria module; the same figures are in a table below it for keyboard use.
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import type { ChartSpec } from "./chartOptions";
import { echarts } from "./echarts";

/** The theme the app applied (data-theme on <html>), followed as it changes. */
export function useAppliedTheme(): "light" | "dark" {
  const read = () => (document.documentElement.dataset.theme === "dark" ? "dark" : "light");
  const [theme, setTheme] = useState<"light" | "dark">(read);
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(read()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    return () => observer.disconnect();
  }, []);
  return theme;
}

// A canvas where there is one; jsdom (the unit tests) has none, and SVG draws the same chart there.
const renderer = /jsdom/i.test(navigator.userAgent) ? "svg" : "canvas";

interface Props {
  spec: ChartSpec;
  theme: "light" | "dark";
  onPick?: (index: number) => void;
}

export function EChart({ spec, theme, onPick }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  // Layout effects: the charts are made and drawn before the browser paints the page, so the page
  // is painted once with its charts rather than first without them and again with them.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const instance = echarts.init(el, theme === "dark" ? "dark" : undefined, { renderer });
    chart.current = instance;
    instance.on("click", (params) => {
      if (typeof params.dataIndex === "number") pick.current?.(params.dataIndex);
    });
    // A ResizeObserver reports every box once when it starts observing: drawing the chart again
    // for that (at the size it was just drawn at) cost as much as drawing it. Only a real change of
    // size redraws it.
    const resize =
      typeof ResizeObserver === "undefined"
        ? null
        : new ResizeObserver(() => {
            if (el.clientWidth !== instance.getWidth() || el.clientHeight !== instance.getHeight()) instance.resize();
          });
    resize?.observe(el);
    return () => {
      resize?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [theme]);

  useLayoutEffect(() => {
    chart.current?.setOption(spec.option, { notMerge: true });
  }, [spec, theme]);

  return (
    <figure className="chart-card" aria-labelledby={`chart-${spec.kind}`}>
      <figcaption id={`chart-${spec.kind}`} className="chart-title">
        {spec.title}
      </figcaption>
      <div ref={box} className="chart" data-chart={spec.kind} />
      <p className="visually-hidden">{spec.description}</p>
    </figure>
  );
}
