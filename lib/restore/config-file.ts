import * as fs from "fs";
import { RestoreError } from "./runtime";

/**
 * Writes `storage.fileSystemId` into a vars file (JSON, two-space indent, other keys
 * and their order kept). Idempotent. Returns a line for the user.
 */
export function writeFileSystemId(varsPath: string, fileSystemId: string): string {
  if (!fs.existsSync(varsPath)) {
    throw new RestoreError(
      `The vars file ${varsPath} does not exist. Pass the one your stack is built from with --vars (or set JENKINS_VARS), or leave out --write-config and set storage.fileSystemId yourself.`,
    );
  }
  let vars: Record<string, unknown>;
  try {
    vars = JSON.parse(fs.readFileSync(varsPath, "utf8")) as Record<string, unknown>;
  } catch (e) {
    throw new RestoreError(
      `${varsPath} is not valid JSON (${(e as Error).message}); fix it, or leave out --write-config and set storage.fileSystemId yourself.`,
    );
  }
  if (!vars || typeof vars !== "object" || Array.isArray(vars)) throw new RestoreError(`${varsPath} does not hold a JSON object.`);
  const storage = (vars.storage && typeof vars.storage === "object" ? vars.storage : {}) as Record<string, unknown>;
  if (storage.fileSystemId === fileSystemId) return `${varsPath} already has storage.fileSystemId = ${fileSystemId}`;
  const previous = storage.fileSystemId;
  vars.storage = { ...storage, fileSystemId: fileSystemId };
  fs.writeFileSync(varsPath, `${JSON.stringify(vars, null, 2)}\n`);
  return `wrote storage.fileSystemId = ${fileSystemId} into ${varsPath}${previous ? ` (was ${String(previous)})` : ""}`;
}
