// The contract of useLoad: loading, failure with its code, retry, stale reads dropped, in-place updates.
import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { CommandError } from "../api";
import { useLoad } from "./useLoad";

/** A read the test answers by hand, to order the answers. */
function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("useLoad", () => {
  it("is loading until the first read lands, then holds the data", async () => {
    const read = deferred<string[]>();
    const { result } = renderHook(() => useLoad(() => read.promise, []));
    expect(result.current).toMatchObject({ data: null, error: null, loading: true });
    await act(async () => read.resolve(["a"]));
    expect(result.current).toMatchObject({ data: ["a"], error: null, loading: false });
  });

  it("says why a read failed, with its code, keeps what it had, and reads again on load()", async () => {
    let fail = false;
    let n = 0;
    const { result } = renderHook(() =>
      useLoad(async () => {
        n += 1;
        if (fail) throw new CommandError({ code: "STORAGE", message: "the database is locked" });
        return n;
      }, []),
    );
    await waitFor(() => expect(result.current.data).toBe(1));
    fail = true;
    await act(() => result.current.load());
    expect(result.current).toMatchObject({ data: 1, error: "the database is locked", errorCode: "STORAGE", loading: false });
    fail = false;
    await act(() => result.current.load());
    expect(result.current).toMatchObject({ data: 3, error: null, errorCode: null });
  });

  it("drops a read that answers after a newer one started", async () => {
    const reads = { a: deferred<string>(), b: deferred<string>() };
    const { result, rerender } = renderHook(({ id }: { id: "a" | "b" }) => useLoad(() => reads[id].promise, [id]), { initialProps: { id: "a" } });
    rerender({ id: "b" });
    await act(async () => reads.b.resolve("b's"));
    await act(async () => reads.a.resolve("a's, late"));
    expect(result.current.data).toBe("b's");
  });

  it("lets a command's answer replace the data in place", async () => {
    const { result } = renderHook(() => useLoad(async () => [{ id: 1, on: true }], []));
    await waitFor(() => expect(result.current.data).not.toBeNull());
    act(() => result.current.setData((all) => all?.map((x) => ({ ...x, on: false })) ?? null));
    expect(result.current.data).toEqual([{ id: 1, on: false }]);
  });
});
