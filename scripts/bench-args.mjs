// What the UI benchmarks (bench-ui.mjs, bench-analytics-page.mjs) read from their command line:
// `--name value` options, `--debug` for the debug build, and where that build's binaries are.
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);

/** The value after `--name`, or `fallback`. */
export const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
export const profile = args.includes("--debug") ? "debug" : "release";
/** A binary of the chosen build. */
export const binary = (name) => path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, "target"), profile, name);
