/**
 * dropLockHashes: the provider checksums go, the provider's version and constraints stay.
 * (That terraform plans with such a lock file is proven by every offline plan: offlineInit uses it.)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { dropLockHashes } from "../../../tools/terraform/lock-hashes";

const LOCK = `# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.100.0"
  constraints = "5.100.0"
  hashes = [
    "h1:edXOJWE4ORX8Fm+dpVpICzMZJat4AX0VRCAy/xkcOc0=",
    "zh:0a2e1f3c5d7b9a8c6e4f2d0b1a3c5e7f9d8b6a4c2e0f1d3b5a7c9e8f6d4b2a0c",
  ]
}
`;

const inTemp = (text: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lock-hashes-"));
  fs.writeFileSync(path.join(dir, ".terraform.lock.hcl"), text);
  return dir;
};

test("the hashes list goes; version and constraints stay", () => {
  const dir = inTemp(LOCK);
  dropLockHashes(dir);
  expect(fs.readFileSync(path.join(dir, ".terraform.lock.hcl"), "utf8")).toBe(`# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.100.0"
  constraints = "5.100.0"
}
`);
});

test("a lock file without hashes is left as it is; no lock file is no error", () => {
  const without = LOCK.replace(/ {2}hashes = \[[^\]]*\]\n/, "");
  const dir = inTemp(without);
  const before = fs.statSync(path.join(dir, ".terraform.lock.hcl")).mtimeMs;
  dropLockHashes(dir);
  expect(fs.readFileSync(path.join(dir, ".terraform.lock.hcl"), "utf8")).toBe(without);
  expect(fs.statSync(path.join(dir, ".terraform.lock.hcl")).mtimeMs).toBe(before);
  expect(() => dropLockHashes(fs.mkdtempSync(path.join(os.tmpdir(), "lock-hashes-none-")))).not.toThrow();
});
