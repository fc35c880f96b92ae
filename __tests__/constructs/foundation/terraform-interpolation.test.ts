import { interpolationEnd } from "../../../lib/constructs/foundation/terraform-interpolation";

describe("interpolationEnd", () => {
  test("index of the closing brace, nested braces and strings skipped", () => {
    const s = 'a ${merge({ k = "}" }, var.m)} b';
    expect(interpolationEnd(s, 4)).toBe(s.indexOf(")}") + 1);
  });
  test("-1 when the interpolation never closes", () => {
    expect(interpolationEnd("${var.a", 2)).toBe(-1);
  });
});
