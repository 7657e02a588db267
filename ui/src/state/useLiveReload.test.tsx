import { renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useLiveReload } from "./useLiveReload";

describe("useLiveReload", () => {
  it("reads at once, and folds changes during a read into one more read", async () => {
    let reads = 0;
    let release: () => void = () => {};
    const reload = () => {
      reads++;
      return new Promise<void>((resolve) => (release = resolve));
    };
    const { result } = renderHook(() => useLiveReload(reload));
    result.current();
    expect(reads).toBe(1);
    for (let i = 0; i < 100; i++) result.current();
    expect(reads).toBe(1);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(reads).toBe(2);
    release();
    await new Promise((r) => setTimeout(r, 0));
    result.current();
    expect(reads).toBe(3);
  });
});
