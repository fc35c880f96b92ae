import { DescribeFileSystemsCommand, EFSClient, FileSystemDescription } from "@aws-sdk/client-efs";
import { awsError } from "./recovery-points";
import { onChange, poll, RestoreClock, RestoreError, RestoreReporter } from "./runtime";

/** Reads a file system; undefined when it does not exist. */
export async function findFileSystem(efs: EFSClient, fileSystemId: string): Promise<FileSystemDescription | undefined> {
  try {
    const r = await efs.send(new DescribeFileSystemsCommand({ FileSystemId: fileSystemId }));
    return r.FileSystems?.[0];
  } catch (e) {
    if ((e as { name?: string }).name === "FileSystemNotFound") return undefined;
    throw awsError(
      e,
      `describe EFS file system ${fileSystemId}`,
      "Check the id (output efs_file_system_id, or --file-system-id), the region, and that your credentials may call elasticfilesystem:DescribeFileSystems.",
    );
  }
}

/** Reads a file system that must exist and be usable; throws a {@link RestoreError} otherwise. */
export async function requireFileSystem(efs: EFSClient, fileSystemId: string): Promise<FileSystemDescription> {
  const fs = await findFileSystem(efs, fileSystemId);
  if (!fs)
    throw new RestoreError(
      `EFS file system ${fileSystemId} does not exist in this account and region. Check --file-system-id (output efs_file_system_id) and --region.`,
    );
  if (fs.LifeCycleState === "deleting" || fs.LifeCycleState === "deleted") {
    throw new RestoreError(`EFS file system ${fileSystemId} is ${fs.LifeCycleState}; restore into a new file system instead (--mode new-file-system).`);
  }
  return fs;
}

/** Waits until a (new) file system is `available`. */
export async function waitForFileSystem(
  efs: EFSClient,
  fileSystemId: string,
  w: { clock: RestoreClock; reporter: RestoreReporter; intervalMs?: number; timeoutMs?: number },
): Promise<FileSystemDescription> {
  const say = onChange(w.reporter.info.bind(w.reporter));
  return poll({
    what: `file system ${fileSystemId} to become available`,
    read: () => requireFileSystem(efs, fileSystemId),
    done: (fs) => fs.LifeCycleState === "available",
    onState: (fs) => say(`file system ${fileSystemId}: ${fs.LifeCycleState}`),
    intervalMs: w.intervalMs ?? 10_000,
    timeoutMs: w.timeoutMs ?? 30 * 60_000,
    onTimeout: "Look at the file system in the EFS console; run the same command again to keep waiting.",
    clock: w.clock,
  });
}
