/** ARN helpers of the restore command (no cdktf imports; see lib/constructs/foundation/aws-environment.ts for the stack's). */

/** The parts of an ARN. */
export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** Splits `arn:partition:service:region:account:resource`; undefined if it is not an ARN. */
export function parseArn(arn: string): ParsedArn | undefined {
  const m = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/.exec(arn);
  return m ? { partition: m[1], service: m[2], region: m[3], account: m[4], resource: m[5] } : undefined;
}

/** Partition of a region: `aws`, `aws-cn` or `aws-us-gov` (as lib/constructs/foundation/aws-environment.ts's partitionOf). */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** The file-system id in an EFS file-system ARN (`...:file-system/fs-...`), or undefined. */
export function fileSystemIdOf(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const p = parseArn(arn);
  const m = p && p.service === "elasticfilesystem" ? /^file-system\/(fs-[0-9a-f]+)$/.exec(p.resource) : null;
  return m ? m[1] : undefined;
}

/** The last path segment of an ARN's resource (a task id, a recovery point id). */
export function lastSegment(arn: string): string {
  return arn.split(/[/:]/).pop() ?? arn;
}
