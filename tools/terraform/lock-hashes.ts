/**
 * The provider checksums in a Terraform lock file, for the offline harness's working copies.
 */
import * as fs from "fs";
import * as path from "path";

/**
 * Drops the provider checksums from the lock file `terraform init` wrote in `dir`. With
 * checksums recorded, every later command (validate, plan, show, apply, destroy) hashes the
 * 700 MB provider binary again to compare it with them before it starts the provider: about a
 * fifth of each command's time here. Without them Terraform still requires the locked version
 * and the installed package; init has just installed it from the mirror. Only for the
 * harness's own working copies, never for a lock file that ships (`package:stack`).
 */
export function dropLockHashes(dir: string): void {
  const file = path.join(dir, ".terraform.lock.hcl");
  if (!fs.existsSync(file)) return;
  const text = fs.readFileSync(file, "utf8");
  const stripped = text.replace(/^ *hashes = \[\n(?: *"[^"\n]*",?\n)* *\]\n/gm, "");
  if (stripped !== text) fs.writeFileSync(file, stripped);
}
