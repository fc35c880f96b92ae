import { singleInterpolation } from "../../lib/module/hcl";

describe("singleInterpolation: a template that is exactly one ${...}", () => {
  test.each([
    ["${var.a}", "var.a"],
    ['${lookup(var.m, "}", "x")}', 'lookup(var.m, "}", "x")'],
    ['${format("%s", "${var.b}")}', 'format("%s", "${var.b}")'],
    ["${ { a = 1 }.a }", " { a = 1 }.a "],
    ['${"a\\"}"}', '"a\\"}"'],
  ])("%s is the expression %s", (template, expression) => {
    expect(singleInterpolation(template)).toBe(expression);
  });

  test.each([["plain"], ["${var.a}${var.b}"], ["${var.a} tail"], ["x${var.a}"], ["${var.a"], ['${"$${not}"'], ["$${var.a}"]])(
    "%s is not one interpolation",
    (template) => {
      expect(singleInterpolation(template)).toBeUndefined();
    },
  );

  test("an escaped $${ inside a quoted string opens no interpolation", () => {
    expect(singleInterpolation('${replace(var.a, "$${", "x")}')).toBe('replace(var.a, "$${", "x")');
  });
});
