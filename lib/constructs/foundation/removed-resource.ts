import { Construct } from "constructs";
import { TerraformElement } from "../../cdktf-core";

/** Props of {@link RemovedResource}. */
export interface RemovedResourceProps {
  /** Terraform type of the resource no longer declared, e.g. `aws_efs_file_system`. */
  readonly resourceType: string;
}

/**
 * A Terraform `removed` block (Terraform >= 1.7) with `lifecycle { destroy = false }`: when the
 * state still holds a resource that the configuration no longer declares, Terraform forgets it
 * (the object stays in AWS, unmanaged) instead of destroying it; with no such resource in the
 * state the block does nothing. Create it with the scope and id the resource had (or would
 * have): the stack then allocates it the same logical id, so `from` is the resource's address
 * in either addressing scheme. Only for a resource that is known at synth to be absent: a
 * `removed` block next to a declared resource (one switched off by `count`) is an error.
 */
export class RemovedResource extends TerraformElement {
  private readonly resourceType: string;

  constructor(scope: Construct, id: string, props: RemovedResourceProps) {
    super(scope, id, "removed");
    this.resourceType = props.resourceType;
  }

  /** The resource's address: its type and the logical id this element was allocated. */
  public get from(): string {
    return `${this.resourceType}.${this.friendlyUniqueId}`;
  }

  /** `removed` is a list at the top level; the stack concatenates the lists of its elements. */
  public toTerraform(): Record<string, unknown> {
    return { removed: [{ from: this.from, lifecycle: { destroy: false } }] };
  }
}
