/**
 * Scanning Terraform template text: where an interpolation (`${...}`) ends, quoted strings and
 * nested braces skipped. A foundation of its own because two layers read Terraform text: the
 * registry module's HCL writer (lib/module/hcl.ts) and the policy pack (lib/policy/checks/ecs.ts).
 */

/** Index of the `}` closing an interpolation whose expression starts at `start`, or -1. */
export function interpolationEnd(s: string, start: number): number {
  const stack: Array<{ kind: "expr"; depth: number } | { kind: "str" }> = [{ kind: "expr", depth: 1 }];
  for (let i = start; i < s.length; i++) {
    const top = stack[stack.length - 1];
    const ch = s[i];
    if (top.kind === "str") {
      if (ch === "\\") i++;
      else if (ch === '"') stack.pop();
      else if ((ch === "$" || ch === "%") && s[i + 1] === "{" && s[i - 1] !== ch) {
        stack.push({ kind: "expr", depth: 1 });
        i++;
      }
      continue;
    }
    if (ch === '"') stack.push({ kind: "str" });
    else if (ch === "{") top.depth++;
    else if (ch === "}" && --top.depth === 0) {
      stack.pop();
      if (stack.length === 0) return i;
    }
  }
  return -1;
}
