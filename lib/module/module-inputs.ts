/**
 * The registry module's inputs and locals as the module stack refers to them: `var.<name>`
 * checked against the declared variables (lib/module/variables/), a TerraformVariable per input
 * for references cdktf can nest in expressions, and locals with fixed names. The functions are
 * properties, so a caller may take them out of the object (`const { str, local } = inputs`).
 */
import { Construct } from "constructs";
import { TerraformLocal, TerraformVariable } from "../cdktf-core";
import type { ModuleVariable } from "./variables";

/** `${expr}`: a Terraform expression where cdktf expects a value. */
export const tf = (expression: string) => `\${${expression}}`;

/** Inputs and locals of the registry module, built into `scope` (the module stack). */
export class ModuleInputs {
  private readonly declared: Set<string>;
  // The JSON `variable` section is not packaged (variables.tf is written from the table).
  private readonly inputs = new Map<string, TerraformVariable>();
  private readonly locals = new Map<string, TerraformLocal>();

  constructor(
    private readonly scope: Construct,
    variables: ModuleVariable[],
  ) {
    this.declared = new Set(variables.map((x) => x.name));
  }

  /** `var.<n>`; throws when `n` is not a declared module variable. */
  public readonly v = (n: string): string => {
    if (!this.declared.has(n)) throw new Error(`module variable ${n} is not declared in lib/module/variables/`);
    return `var.${n}`;
  };

  /** The TerraformVariable of input `n` (created on first use, logical id `n`). */
  public readonly input = (n: string): TerraformVariable => {
    this.v(n);
    if (!this.inputs.has(n)) {
      const tv = new TerraformVariable(this.scope, `var_${n}`, {});
      tv.overrideLogicalId(n);
      this.inputs.set(n, tv);
    }
    return this.inputs.get(n)!;
  };

  /** Input `n` as a string, number, boolean or list reference. */
  public readonly str = (n: string) => this.input(n).stringValue;
  public readonly num = (n: string) => this.input(n).numberValue;
  public readonly bool = (n: string) => this.input(n).booleanValue;
  public readonly list = (n: string) => this.input(n).listValue;

  /** Declares `local.<n>` = `value` and returns its address (`local.<n>`). */
  public readonly local = (n: string, value: unknown): string => {
    const l = new TerraformLocal(this.scope, `local_${n}`, value);
    l.overrideLogicalId(n);
    this.locals.set(`local.${n}`, l);
    return `local.${n}`;
  };

  /** The local declared at `address` (`local.<n>`). */
  public readonly localRef = (address: string): TerraformLocal => this.locals.get(address)!;
}
