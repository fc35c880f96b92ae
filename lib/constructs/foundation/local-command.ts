import { Construct } from "constructs";
import { DataResource, ITerraformDependable } from "../../cdktf-core";

/** Props of {@link LocalCommand}. */
export interface LocalCommandProps {
  /** Values whose change re-runs the command (Terraform `triggers_replace`). */
  readonly triggersReplace: string[];
  /** POSIX shell script run by `local-exec` in the stack directory. */
  readonly command: string;
  /**
   * Resources the command needs first.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A step run on the machine that applies the stack, as Terraform's built-in `terraform_data`
 * with a `local-exec` provisioner: no null, external or docker provider needed.
 */
export class LocalCommand extends Construct {
  /** The `terraform_data` resource. */
  public readonly resource: DataResource;

  constructor(scope: Construct, id: string, props: LocalCommandProps) {
    super(scope, id);
    this.resource = new DataResource(this, "Step", {
      triggersReplace: { values: props.triggersReplace },
      dependsOn: props.dependsOn,
      provisioners: [{ type: "local-exec", command: props.command, interpreter: ["/bin/sh", "-c"] }],
    });
  }
}
