// Builds the visual-check page (visual.html: the app on the fake backend) as production code, so
// its speed in a plain WebKit page can be looked at before the real app's side exists:
//   npx vite build --config src/features/editor/test/vite.visual.config.ts   (from ui/)
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here("../../../.."),
  plugins: [react()],
  build: { outDir: "/tmp/neuroflow-visual", emptyOutDir: true, target: "es2022", rollupOptions: { input: here("./visual.html") } },
});
