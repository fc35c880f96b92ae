/**
 * Inputs that are either known at synth (the `jenkins` stack passes values from vars.json)
 * or Terraform expressions (the registry module passes `var.x` references). Constructs are
 * written once against these helpers: with known values they fold at synth time, so the
 * stack's output stays plain; with expressions they become `count`, `for_each`, conditionals
 * and `dynamic` blocks that Terraform evaluates.
 */
import { Fn, IResolvable, Op, TerraformDataSource, TerraformIterator, TerraformResource, Token } from "../../cdktf-core";

/** A switch: a boolean, or a Terraform boolean expression. */
export type Flag = boolean | IResolvable;

/** Whether a value is known at synth (contains no Terraform expression). */
export function isKnown(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return !Token.isUnresolved(value) && value.every(isKnown);
  if (typeof value === "object" && !Token.isUnresolved(value)) return Object.values(value as object).every(isKnown);
  return !Token.isUnresolved(value);
}

/** `a == b`, folded when both are known. */
export function equals(a: string | number, b: string | number): Flag {
  if (isKnown(a) && isKnown(b)) return a === b;
  // cdktf's Op drops a literal 0 operand (`x == undefined`); a Terraform number expression keeps it.
  const zero = (x: string | number) => (x === 0 ? Token.asNumber(Fn.tonumber("0")) : x);
  return Op.eq(zero(a), zero(b));
}

/** `a > b`, folded when both are known. */
export function greaterThan(a: number, b: number): Flag {
  if (isKnown(a) && isKnown(b)) return a > b;
  // cdktf's Op drops a literal 0 operand; a Terraform number expression keeps it.
  return Op.gt(a, b === 0 ? Token.asNumber(Fn.tonumber("0")) : b);
}

/** `!flag`, folded when known. */
export function not(flag: Flag): Flag {
  return typeof flag === "boolean" ? !flag : Op.not(flag);
}

/** `a && b`, folded when known. */
export function and(a: Flag, b: Flag): Flag {
  if (a === false || b === false) return false;
  if (a === true) return b;
  if (b === true) return a;
  return Op.and(a, b);
}

/** `value != null`, folded when known. */
export function isSet(value: unknown): Flag {
  if (isKnown(value)) return value !== undefined && value !== null && value !== "";
  return Op.neq(value, Token.nullValue());
}

/** `value == null`, folded when known. */
export function isUnset(value: unknown): Flag {
  if (isKnown(value)) return !isSet(value);
  return Op.eq(value, Token.nullValue());
}

/** `condition ? a : b`, folded when the condition is known. */
export function choose<T>(condition: Flag, a: T, b: T): T {
  if (typeof condition === "boolean") return condition ? a : b;
  const tf = (x: T) => (x === undefined ? Token.nullValue() : x);
  return Token.asAny(Fn.conditional(condition, tf(a), tf(b))) as T;
}

/**
 * Makes a resource (or data source) exist only when `flag` holds. A known `true` changes
 * nothing, a known `false` is the caller's to skip (see {@link when}); an expression sets
 * `count` and makes every reference to the resource's attributes `one(x[*].attr)`, which is
 * null when it is off. Call it right after creating the resource, before reading attributes.
 */
export function switchOn<T extends TerraformResource | TerraformDataSource>(element: T, flag: Flag): T {
  if (typeof flag === "boolean") {
    if (!flag) throw new Error(`${element.node.path}: created with a flag known to be false; use when()`);
    return element;
  }
  element.count = Token.asNumber(Fn.conditional(flag, 1, 0));
  const original = element.interpolationForAttribute.bind(element);
  // `x.*.attr` is the splat of a counted resource; one() turns its 0 or 1 elements into a value or null.
  element.interpolationForAttribute = (attribute: string) => Fn.one(Token.asList(original(`*.${attribute}`)));
  return element;
}

/** Creates something only when `flag` may hold; expressions switch each created resource with {@link switchOn}. */
export function when<T>(flag: Flag, create: () => T): T | undefined {
  if (flag === false) return undefined;
  return create();
}

/** `a` followed by `b`: a plain list when both are known lists, `concat(a, b)` when either is only known to Terraform. */
export function concatLists(a: string[], b: string[] | undefined): string[] {
  if (b === undefined) return a;
  if (!Token.isUnresolved(a) && !Token.isUnresolved(b)) return [...a, ...b];
  return Token.asList(Fn.concat([a, b]));
}

/** The number of elements of a list, known or not. */
export function lengthOf(list: readonly string[]): number {
  // A list whose length is known (its elements may still be references) has a literal count.
  return Token.isUnresolved(list) ? Token.asNumber(Fn.lengthOf(list)) : list.length;
}

/** An iterator for `for_each` over a set of strings, known or not (`each.value` is the string). */
export function iterateList(values: readonly string[]): ReturnType<typeof TerraformIterator.fromList> {
  return TerraformIterator.fromList(values as string[]);
}

/** An iterator for `for_each` over a map, known or not (`each.key`, `each.value`). */
export function iterateMap(values: Record<string, unknown>): ReturnType<typeof TerraformIterator.fromMap> {
  return TerraformIterator.fromMap(values as Record<string, never>);
}

/** A number as a string argument: its digits when known, the expression otherwise. */
export function numberText(value: number): string {
  return isKnown(value) ? String(value) : Token.asString(value);
}
