/**
 * Runs the checks over a configuration and applies the suppressions: the one entry point the
 * synth-time aspect, the CLI and the tests share.
 */
import { POLICY_CHECKS } from "./checks";
import { SUPPRESSIONS } from "./suppressions";
import { TerraformConfig } from "./terraform-config";
import type { Finding, PolicyCheck, SuppressedFinding, Suppression } from "./types";

/** The result of a scan. */
export interface PolicyReport {
  /** Findings no suppression covers. */
  readonly findings: Finding[];
  /** Findings a suppression covers, with it. */
  readonly suppressed: SuppressedFinding[];
  /** Unsuppressed error-level findings (these fail synth and the CLI). */
  readonly errors: Finding[];
  /** Unsuppressed warnings. */
  readonly warnings: Finding[];
}

/** Options of {@link evaluatePolicy}. */
export interface EvaluateOptions {
  /**
   * The checks to run.
   * @default - every check ({@link POLICY_CHECKS})
   */
  readonly checks?: readonly PolicyCheck[];
  /**
   * Deliberate exceptions.
   * @default - the project's {@link SUPPRESSIONS}
   */
  readonly suppressions?: readonly Suppression[];
  /**
   * Default values of input variables, rendered into `var.x` references (a module directory is
   * evaluated with its defaults, as checkov does). Ignored when `config` is a {@link TerraformConfig}.
   * @default - only the `variable` sections of the configuration itself
   */
  readonly variables?: Record<string, unknown>;
}

/** Glob over construct paths (or logical ids): `*` matches any run of characters (`/` included), everything else literally. */
export function globMatches(glob: string, text: string): boolean {
  const re = new RegExp(
    `^${glob
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return re.test(text);
}

/** The suppression covering a finding, if any: same check and type, path glob matching the construct path (or, without one, the logical id). */
export function suppressionFor(f: Finding, suppressions: readonly Suppression[]): Suppression | undefined {
  const key = f.path ?? f.logicalId;
  return suppressions.find((s) => s.checkId === f.checkId && s.resourceType === f.resourceType && globMatches(s.path, key));
}

/** Runs the checks over a parsed configuration (an object, a list of file objects, or a {@link TerraformConfig}). */
export function evaluatePolicy(config: unknown, opts: EvaluateOptions = {}): PolicyReport {
  const tf = config instanceof TerraformConfig ? config : new TerraformConfig(config, { variables: opts.variables });
  const checks = opts.checks ?? POLICY_CHECKS;
  const suppressions = opts.suppressions ?? SUPPRESSIONS;
  const all: Finding[] = checks.flatMap((check) =>
    check.evaluate(tf).map((v) => {
      const r = tf.get(v.address);
      return {
        ...v,
        checkId: check.id,
        title: check.title,
        severity: check.severity,
        fix: check.fix,
        resourceType: r?.checkType ?? v.address.split(".").slice(0, -1).join("."),
        logicalId: r?.name ?? v.address.split(".").pop()!,
        constructPath: r?.constructPath,
        path: r?.path,
      };
    }),
  );
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const f of all) {
    const s = suppressionFor(f, suppressions);
    if (s) suppressed.push({ ...f, suppression: s });
    else findings.push(f);
  }
  return { findings, suppressed, errors: findings.filter((f) => f.severity === "error"), warnings: findings.filter((f) => f.severity === "warning") };
}

/** One line per finding: `[error] CKV_AWS_21 aws_s3_bucket.X (path): message. Fix: ...`. */
export function describeFinding(f: Finding): string {
  const construct = f.constructPath ?? f.path;
  const where = construct ? `${f.address} (${construct})` : f.address;
  return `[${f.severity}] ${f.checkId} ${where}: ${f.message}. ${f.title}. Fix: ${f.fix}`;
}
