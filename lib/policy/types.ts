/**
 * Types of the policy pack: a check reads a synthesized Terraform JSON configuration
 * (cdk.tf.json or any *.tf.json) and returns violations; the runner turns them into
 * findings and applies the suppressions.
 */
import type { TerraformConfig } from "./terraform-config";

/** `error` fails synth (and the CLI); `warning` is reported only. */
export type Severity = "error" | "warning";

/** Where the id of a check comes from. */
export type CheckSource = "checkov" | "tfsec" | "project";

/** One resource that breaks a check. */
export interface Violation {
  /** Terraform address, e.g. `aws_s3_bucket.StateBucket_3A0A90D0` or `data.aws_iam_policy_document.X`. */
  readonly address: string;
  /** What exactly is wrong with it. */
  readonly message: string;
}

/** A security or reliability check over synthesized Terraform JSON. */
export interface PolicyCheck {
  /** checkov id (`CKV_AWS_21`, `CKV2_AWS_6`); a tfsec id only where checkov has none; `SJ_*` where neither has one. */
  readonly id: string;
  readonly source: CheckSource;
  /** What must hold. */
  readonly title: string;
  readonly severity: Severity;
  /** Terraform types reported on; data sources as `data.<type>`. */
  readonly resourceTypes: readonly string[];
  /** What to change when it fails. */
  readonly fix: string;
  /**
   * Where this implementation deliberately differs from checkov 3.3.13 (quirks fixed toward the
   * rule's intent, or references resolved where checkov reports UNKNOWN).
   * @default - none: checkov's pass condition, as described in the reference
   */
  readonly deviation?: string;
  /** Pure function of the configuration. */
  readonly evaluate: (tf: TerraformConfig) => Violation[];
}

/** A violation with everything a report needs. */
export interface Finding extends Violation {
  readonly checkId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly fix: string;
  /** Resource type (`data.<type>` for data sources). */
  readonly resourceType: string;
  /** Logical id (the resource name in Terraform). */
  readonly logicalId: string;
  /** Full cdktf construct path (stack id first), from cdktf's `//` metadata, when present. */
  readonly constructPath?: string;
  /**
   * Construct path relative to the stack root (`Alerts/TopicPolicy`), the key suppressions
   * match: the same in the `jenkins` stack and in the registry module. Absent when the
   * configuration carries no construct information (hand-written Terraform JSON).
   */
  readonly path?: string;
}

/** A deliberate exception: one check, one resource type, the resources whose construct path matches. */
export interface Suppression {
  readonly checkId: string;
  /** Resource type, `data.<type>` for data sources. */
  readonly resourceType: string;
  /**
   * Glob (`*` = any characters, `/` included) over construct paths relative to the stack root,
   * e.g. `SecurityGroups/AlbIngress80*`: cdktf's metadata path without the stack id, which the
   * registry module carries as `"//": "construct: <path>"`, so one entry covers both outputs.
   * A resource without construct information is matched by its logical id.
   */
  readonly path: string;
  /** Why this is acceptable, in full sentences. */
  readonly reason: string;
}

/** A finding that a suppression covers. */
export interface SuppressedFinding extends Finding {
  readonly suppression: Suppression;
}
