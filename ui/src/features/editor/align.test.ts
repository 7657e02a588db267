// Align and distribute: positions computed from measured sizes, nothing moved for too few nodes.
import { describe, expect, it } from "vitest";
import { align, distribute } from "./align";

const node = (id: string, x: number, y: number) => ({ id, type: "delay", position: { x, y }, data: {} });
const sizes = { a: { width: 100, height: 50 }, b: { width: 200, height: 50 }, c: { width: 100, height: 100 } };
const nodes = [node("a", 0, 0), node("b", 150, 100), node("c", 600, 40)];

describe("align and distribute", () => {
  it("aligns left, right, center and middle", () => {
    expect(align(nodes, sizes, "left")).toEqual({ a: { x: 0, y: 0 }, b: { x: 0, y: 100 }, c: { x: 0, y: 40 } });
    expect(align(nodes, sizes, "right").b).toEqual({ x: 500, y: 100 });
    expect(align(nodes, sizes, "top").c).toEqual({ x: 600, y: 0 });
    expect(align(nodes, sizes, "middle").a).toEqual({ x: 0, y: 50 });
    expect(align([nodes[0]!], sizes, "left")).toEqual({});
  });
  it("distributes with equal gaps", () => {
    const out = distribute(nodes, sizes, "horizontal");
    // span 0..700, widths 400, gap 150
    expect(out).toEqual({ a: { x: 0, y: 0 }, b: { x: 250, y: 100 }, c: { x: 600, y: 40 } });
    expect(distribute(nodes.slice(0, 2), sizes, "vertical")).toEqual({});
  });
});
