// Apache ECharts, only the parts the Analytics page draws (bar and line charts, axes, tooltip,
// legend, zoom, the aria description), through `echarts/core` so the rest is never bundled. This
// module is imported only by the Analytics page, which the app loads on first visit: the dashboard
// and every other page start without it. ECharts: canvas rendering for long ranges, a built-in dark
// theme, written descriptions for screen readers (see research/templates-analytics.md §D).
import { BarChart, LineChart } from "echarts/charts";
import { AriaComponent, DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer, SVGRenderer } from "echarts/renderers";

echarts.use([BarChart, LineChart, AriaComponent, DataZoomComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer, SVGRenderer]);

export { echarts };
