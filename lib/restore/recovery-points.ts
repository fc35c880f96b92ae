import {
  BackupClient,
  DescribeRecoveryPointCommand,
  DescribeRecoveryPointOutput,
  GetRecoveryPointRestoreMetadataCommand,
  paginateListRecoveryPointsByBackupVault,
} from "@aws-sdk/client-backup";
import { fileSystemIdOf } from "./arn";
import { RestoreError } from "./runtime";

/** A recovery point of JENKINS_HOME's file system, as the restore shows it. */
export interface RecoveryPoint {
  readonly arn: string;
  /** EFS file system it was taken of. */
  readonly resourceArn: string;
  readonly fileSystemId?: string;
  readonly status: string;
  readonly creationDate?: Date;
  readonly completionDate?: Date;
  readonly sizeBytes?: number;
  /** WARM or COLD (cold points restore more slowly and cost a retrieval); from DescribeRecoveryPoint. */
  readonly storageClass?: string;
  /** When the point moves (moved) to cold storage; from the listing. */
  readonly coldSince?: Date;
}

/** Recovery point statuses a restore can start from. */
export const RESTORABLE_STATUSES = ["COMPLETED", "AVAILABLE"];

/** Recovery points of EFS file systems in `vault`, newest first (optionally of one file system). */
export async function listRecoveryPoints(backup: BackupClient, vault: string, fileSystemArn?: string): Promise<RecoveryPoint[]> {
  const points: RecoveryPoint[] = [];
  try {
    for await (const page of paginateListRecoveryPointsByBackupVault(
      { client: backup },
      { BackupVaultName: vault, ByResourceType: "EFS", ByResourceArn: fileSystemArn },
    )) {
      for (const p of page.RecoveryPoints ?? []) {
        if (!p.RecoveryPointArn || !p.ResourceArn) continue;
        points.push({
          arn: p.RecoveryPointArn,
          resourceArn: p.ResourceArn,
          fileSystemId: fileSystemIdOf(p.ResourceArn),
          status: p.Status ?? "UNKNOWN",
          creationDate: p.CreationDate,
          completionDate: p.CompletionDate,
          sizeBytes: p.BackupSizeInBytes,
          coldSince: p.CalculatedLifecycle?.MoveToColdStorageAt,
        });
      }
    }
  } catch (e) {
    throw awsError(
      e,
      `list the recovery points of backup vault ${vault}`,
      "Check the vault name (output backup_vault_name, or --vault), the region, and that your credentials may call backup:ListRecoveryPointsByBackupVault.",
    );
  }
  return points.sort((a, b) => (b.creationDate?.getTime() ?? 0) - (a.creationDate?.getTime() ?? 0));
}

/**
 * The recovery point, checked: it must exist in `vault`, be of an EFS file system and be
 * complete. Throws a {@link RestoreError} saying what is wrong otherwise.
 */
export async function describeRestorableRecoveryPoint(backup: BackupClient, vault: string, arn: string): Promise<RecoveryPoint> {
  let rp: DescribeRecoveryPointOutput;
  try {
    rp = await backup.send(new DescribeRecoveryPointCommand({ BackupVaultName: vault, RecoveryPointArn: arn }));
  } catch (e) {
    throw awsError(
      e,
      `describe recovery point ${arn} in vault ${vault}`,
      "List the vault's recovery points with `npm run restore -- --list` and pass one of their ARNs.",
    );
  }
  if (rp.ResourceType && rp.ResourceType !== "EFS") {
    throw new RestoreError(`Recovery point ${arn} is of a ${rp.ResourceType} resource, not an EFS file system. Pick one listed by --list.`);
  }
  if (!rp.ResourceArn) throw new RestoreError(`Recovery point ${arn} names no source resource; AWS Backup cannot restore it. Pick another one.`);
  const status = rp.Status ?? "UNKNOWN";
  if (!RESTORABLE_STATUSES.includes(status)) {
    throw new RestoreError(
      `Recovery point ${arn} is ${status}${rp.StatusMessage ? ` (${rp.StatusMessage})` : ""}; only ${RESTORABLE_STATUSES.join(" or ")} points can be restored. Pick another one.`,
    );
  }
  return {
    arn,
    resourceArn: rp.ResourceArn,
    fileSystemId: fileSystemIdOf(rp.ResourceArn),
    status,
    creationDate: rp.CreationDate,
    completionDate: rp.CompletionDate,
    sizeBytes: rp.BackupSizeInBytes,
    storageClass: rp.StorageClass,
  };
}

/** The metadata AWS Backup recorded for restoring the point (file-system id, encryption...). */
export async function restoreMetadata(backup: BackupClient, vault: string, arn: string): Promise<Record<string, string>> {
  try {
    const r = await backup.send(new GetRecoveryPointRestoreMetadataCommand({ BackupVaultName: vault, RecoveryPointArn: arn }));
    return r.RestoreMetadata ?? {};
  } catch (e) {
    throw awsError(e, `read the restore metadata of ${arn}`, "Check that your credentials may call backup:GetRecoveryPointRestoreMetadata.");
  }
}

/** One line per recovery point, for `--list`. */
export function formatRecoveryPoints(points: RecoveryPoint[]): string {
  if (points.length === 0) return "No EFS recovery points in this vault yet (the first backup runs at the plan's schedule).";
  const rows = points.map((p) => [
    p.creationDate?.toISOString() ?? "?",
    p.status,
    p.coldSince?.toISOString().slice(0, 10) ?? "never",
    formatSize(p.sizeBytes),
    p.fileSystemId ?? p.resourceArn,
    p.arn,
  ]);
  const head = ["created (UTC)", "status", "cold from", "size", "file system", "recovery point ARN"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ");
  return [line(head), ...rows.map(line)].join("\n");
}

function formatSize(bytes: number | undefined): string {
  if (bytes === undefined) return "";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
}

/** A {@link RestoreError} for a failed AWS call: what was tried, AWS's message, what to do. */
export function awsError(e: unknown, action: string, hint: string): RestoreError {
  if (e instanceof RestoreError) return e;
  const err = e as { name?: string; message?: string };
  return new RestoreError(`Could not ${action}: ${err.name ?? "Error"}: ${err.message ?? String(e)}. ${hint}`);
}
