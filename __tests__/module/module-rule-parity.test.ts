/**
 * Issue 14: every rule of the stack's schema is in the registry module, or declared not
 * applicable or pending with a reason (lib/module/module-rule-parity.ts).
 */
import { RULES } from "../../lib/config/rules";
import { MODULE_RULE_PARITY } from "../../lib/module/module-rule-parity";
import { moduleVariables } from "../../lib/module/variables";

const variables = new Map(moduleVariables().map((v) => [v.name, v]));

test("every stack rule has a parity entry, and no entry is for a rule that does not exist", () => {
  expect(Object.keys(MODULE_RULE_PARITY).sort()).toEqual(Object.keys(RULES).sort());
});

test.each(Object.entries(MODULE_RULE_PARITY))("%s", (rule, parity) => {
  if ("module" in parity) {
    for (const name of parity.module) expect({ rule, name, exists: variables.has(name) }).toEqual({ rule, name, exists: true });
    const messages = parity.module.flatMap((n) => variables.get(n)?.validations.map((v) => v.errorMessage) ?? []);
    expect({ rule, carried: messages.some((m) => m.includes(parity.message)) }).toEqual({ rule, carried: true });
  } else {
    const reason = "pending" in parity ? parity.pending : parity.notApplicable;
    expect(reason.length).toBeGreaterThan(20);
  }
});

test("the pending rules, listed (a rule moves out of this list when its module variables land)", () => {
  const pending = Object.entries(MODULE_RULE_PARITY)
    .filter(([, p]) => "pending" in p)
    .map(([r]) => r);
  expect(pending).toEqual(["agentImages", "vpcEndpoints", "newVpcLayout"]);
});
