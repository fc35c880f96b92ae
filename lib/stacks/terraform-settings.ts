import { Construct } from "constructs";
import { S3Backend, TerraformElement } from "../cdktf-core";
import type { S3BackendConfig } from "../cdktf-core";

/** The `terraform {}` settings of a stack that cdktf 0.21 has no construct for. */
export interface TerraformSettingsProps {
  /** `required_version`, e.g. `>= 1.6.0`. */
  readonly requiredVersion: string;
  /**
   * Full source address and exact version of each provider, merged into `required_providers`
   * over what the provider construct writes (cdktf writes the short source `aws`).
   */
  readonly requiredProviders: Readonly<Record<string, { readonly source: string; readonly version: string }>>;
}

/**
 * Writes `required_version` and the full `required_providers` entries into the stack's
 * `terraform` block as a typed element, instead of stack overrides located by a dotted path.
 * Create it after the providers: the stack merges its elements in construct order, so these
 * entries win over the provider's own.
 */
export class TerraformSettings extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly settings: TerraformSettingsProps,
  ) {
    super(scope, id);
  }

  public override toTerraform(): { terraform: Record<string, unknown> } {
    return {
      terraform: {
        required_providers: Object.fromEntries(
          Object.entries(this.settings.requiredProviders).map(([name, p]) => [name, { source: p.source, version: p.version }]),
        ),
        required_version: this.settings.requiredVersion,
      },
    };
  }
}

/** The S3 backend's settings plus `use_lockfile` (Terraform ≥ 1.10), which cdktf 0.21's `S3BackendConfig` does not know. */
export interface LockingS3BackendConfig extends S3BackendConfig {
  /**
   * Lock the state with an S3 lock file next to it (`use_lockfile`).
   * @default false
   */
  readonly useLockfile?: boolean;
}

/** cdktf's S3 backend with `use_lockfile`: the backend writes every setting it is given, in snake case. */
export class LockingS3Backend extends S3Backend {
  constructor(scope: Construct, config: LockingS3BackendConfig) {
    super(scope, config);
  }
}
