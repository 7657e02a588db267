// The one door to the app: values out, refusals as CommandError with their code, for both kinds of command.
import { describe, expect, it } from "vitest";
import { CommandError, call } from "./api";

describe("call", () => {
  it("unwraps a command's value and turns its refusal into a CommandError with code and message", async () => {
    await expect(call(Promise.resolve({ status: "ok" as const, data: [1, 2] }))).resolves.toEqual([1, 2]);
    const refused = call(Promise.resolve({ status: "error" as const, error: { code: "NOT_FOUND" as const, message: "no agent has the id 'x'" } }));
    await expect(refused).rejects.toBeInstanceOf(CommandError);
    await expect(refused).rejects.toMatchObject({ code: "NOT_FOUND", message: "no agent has the id 'x'", details: null });
  });

  it("answers a command without a Result as it is, even one with a status field of its own", async () => {
    const triggers = { status: null, note: "starting", settings: { webhookPort: 8790 } };
    await expect(call(Promise.resolve(triggers))).resolves.toBe(triggers);
    await expect(call(Promise.resolve(true))).resolves.toBe(true);
  });

  it("gives a transport failure a code too, and lets a bug's Error through", async () => {
    await expect(call(Promise.reject("invalid args `id` for command"))).rejects.toMatchObject({ code: "INTERNAL", message: "invalid args `id` for command" });
    await expect(call(Promise.reject({ code: "CREDENTIAL", message: "locked" }))).rejects.toMatchObject({ code: "CREDENTIAL" });
    const bug = new TypeError("x is undefined");
    await expect(call(Promise.reject(bug))).rejects.toBe(bug);
  });
});
