/**
 * Runs the policy pack on every synth. cdktf invokes aspects before the stack is rendered,
 * so the aspect only registers a validation on each stack it visits; cdktf runs stack
 * validations after all aspects (in `app.synth()` and `Testing.fullSynth`), when
 * `stack.toTerraform()` yields the final JSON. Unsuppressed errors are returned as validation
 * errors, which abort synth; warnings become warning annotations on the offending construct.
 */
import { IConstruct } from "constructs";
import { Annotations, IAspect, TerraformElement, TerraformStack } from "../cdktf-core";
import { describeFinding, evaluatePolicy, EvaluateOptions } from "./policy-pack";
import type { Finding } from "./types";

/** The construct a finding is about (the stack when it cannot be found). */
function constructOf(stack: TerraformStack, f: Finding): IConstruct {
  const element = stack.node.findAll().find((c) => TerraformElement.isTerraformElement(c) && (c as TerraformElement).friendlyUniqueId === f.logicalId);
  return element ?? stack;
}

/** Add with `Aspects.of(stack).add(new PolicyAspect())` to every stack to check. */
export class PolicyAspect implements IAspect {
  private readonly stacks = new WeakSet<TerraformStack>();

  /** @param options checks and suppressions; defaults: the whole pack and the project's suppressions. */
  constructor(private readonly options: EvaluateOptions = {}) {}

  public visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node) || this.stacks.has(node)) return;
    const stack = node;
    this.stacks.add(stack);
    const warned = new Set<string>();
    stack.node.addValidation({
      validate: () => {
        const report = evaluatePolicy(stack.toTerraform(), this.options);
        for (const w of report.warnings) {
          const text = describeFinding(w);
          if (warned.has(text)) continue;
          warned.add(text);
          Annotations.of(constructOf(stack, w)).addWarning(text);
        }
        return report.errors.map(
          (e) => `${describeFinding(e)} (policy pack: fix the construct, or add a suppression with a reason to lib/policy/suppressions.ts)`,
        );
      },
    });
  }
}
