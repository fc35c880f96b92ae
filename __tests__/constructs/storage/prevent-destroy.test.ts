/**
 * Terraform itself refuses to lose JENKINS_HOME: offline plans of the `jenkins` stack against a
 * state that holds the data key, the EFS file system and the backup vault (as after a deploy).
 * A renamed `namePrefix` or another `storage.performanceMode` would replace them; the plan fails
 * with Terraform's "Instance cannot be destroyed" unless `dataProtection.allowDestroy` is on.
 * Switching to a brought file system (`storage.fileSystemId`) forgets the stack's file system
 * through a `removed` block instead of destroying it, and the block is harmless on a first deploy.
 */
import * as fs from "fs";
import * as path from "path";
import { copyStack, OFFLINE_PROVIDER_OVERRIDE, terraform, terraformOk, FAKE_CREDENTIALS } from "../../../tools/terraform/offline-terraform";
import { describeTerraform } from "../../support/terraform";
import { synthToDir } from "../../support/project";
import type { JenkinsConfigInput } from "../../../lib/config/schema";
import { inputWith } from "../../support/project";
import { parseConfig } from "../../../lib/config/load-config";

const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const FS_ID = "fs-0123456789abcdef0";

/** Logical ids of the data key, the file system, its access point and the vault. */
type Ids = { key: string; fs: string; ap: string; vault: string };

/** The jenkins stack synthesized from the example with `overrides`; returns its directory and logical ids. */
function synthesize(overrides: Partial<JenkinsConfigInput> & Record<string, unknown>): { dir: string; ids: Ids } {
  const { jenkinsDir } = synthToDir(parseConfig(inputWith(overrides), "test"));
  const json = JSON.parse(fs.readFileSync(path.join(jenkinsDir, "cdk.tf.json"), "utf8"));
  const id = (type: string, re: RegExp) => Object.keys(json.resource[type] ?? {}).find((k) => re.test(k))!;
  // A brought file system (storage.fileSystemId): the stack declares none, only the `removed` block for its address.
  const removedFs = (json.removed ?? []).map((r: { from: string }) => r.from.replace(/^aws_efs_file_system\./, ""))[0];
  const fsId = id("aws_efs_file_system", /FileSystem/) ?? removedFs;
  return {
    dir: jenkinsDir,
    ids: { key: id("aws_kms_key", /^DataKey/), fs: fsId, ap: id("aws_efs_access_point", /AccessPoint/), vault: id("aws_backup_vault", /Vault/) },
  };
}

/**
 * A state as a deploy of the example (namePrefix jenkins, generalPurpose) leaves it, reduced to the key, the file system and the vault;
 * `empty`: a state with no resources (a first deploy).
 */
function deployedState(ids: Ids, empty = false): string {
  const provider = 'provider["registry.terraform.io/hashicorp/aws"]';
  const one = (type: string, name: string, attributes: Record<string, unknown>) => ({
    mode: "managed",
    type,
    name,
    provider,
    instances: [{ schema_version: 0, attributes, sensitive_attributes: [] }],
  });
  return JSON.stringify({
    version: 4,
    terraform_version: "1.6.0",
    serial: 1,
    lineage: "7f1b8a52-0c1e-4a8e-9d2e-3c2f0e9b1a11",
    outputs: {},
    resources: empty
      ? []
      : [
          one("aws_kms_key", ids.key, {
            id: "11111111-2222-3333-4444-555555555555",
            arn: KEY_ARN,
            key_id: "11111111-2222-3333-4444-555555555555",
            key_usage: "ENCRYPT_DECRYPT",
            customer_master_key_spec: "SYMMETRIC_DEFAULT",
            enable_key_rotation: true,
            is_enabled: true,
            multi_region: false,
            deletion_window_in_days: 30,
            bypass_policy_lockout_safety_check: false,
          }),
          one("aws_efs_file_system", ids.fs, {
            id: FS_ID,
            arn: `arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/${FS_ID}`,
            creation_token: "jenkins-jenkins-home",
            encrypted: true,
            kms_key_id: KEY_ARN,
            performance_mode: "generalPurpose",
            throughput_mode: "elastic",
            provisioned_throughput_in_mibps: 0,
            lifecycle_policy: [
              { transition_to_ia: "AFTER_30_DAYS", transition_to_primary_storage_class: "", transition_to_archive: "" },
              { transition_to_ia: "", transition_to_primary_storage_class: "AFTER_1_ACCESS", transition_to_archive: "" },
            ],
            protection: [{ replication_overwrite: "ENABLED" }],
            tags: { Name: "jenkins-jenkins-home" },
            tags_all: { Name: "jenkins-jenkins-home" },
          }),
          one("aws_efs_access_point", ids.ap, {
            id: "fsap-0123456789abcdef0",
            arn: "arn:aws:elasticfilesystem:eu-west-1:123456789012:access-point/fsap-0123456789abcdef0",
            file_system_id: FS_ID,
            file_system_arn: `arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/${FS_ID}`,
            owner_id: "123456789012",
            posix_user: [{ gid: 1000, uid: 1000, secondary_gids: [] }],
            root_directory: [{ path: "/jenkins-home", creation_info: [{ owner_gid: 1000, owner_uid: 1000, permissions: "0750" }] }],
            tags: { Name: "jenkins-jenkins-home" },
            tags_all: { Name: "jenkins-jenkins-home" },
          }),
          one("aws_backup_vault", ids.vault, {
            id: "jenkins-jenkins-home",
            arn: "arn:aws:backup:eu-west-1:123456789012:backup-vault:jenkins-jenkins-home",
            name: "jenkins-jenkins-home",
            kms_key_arn: KEY_ARN,
            force_destroy: false,
            recovery_points: 3,
            tags: {},
            tags_all: {},
          }),
        ],
  });
}

const BROUGHT = "fs-0fedcba9876543210";

/** The lines of a plan that destroy something: `<address> will be destroyed|must be replaced`. */
const destroying = (stdout: string) => [...stdout.matchAll(/# (\S+) (will be destroyed|must be replaced)/g)].map((m) => `${m[1]} ${m[2]}`);

describeTerraform("prevent_destroy on JENKINS_HOME (offline plans against a deployed state)", () => {
  let work: string;
  let ids: Ids;

  /** Plans `overrides` in the one initialized working copy; the state stays that of the first deploy. */
  const plan = (overrides: Record<string, unknown>, emptyState = false) => {
    const s = synthesize(overrides);
    expect(s.ids).toEqual(ids);
    fs.cpSync(s.dir, work, { recursive: true });
    fs.writeFileSync(path.join(work, "offline.tfstate"), deployedState(ids, emptyState));
    const r = terraform(work, ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color"], FAKE_CREDENTIALS);
    // Terraform wraps its messages at 80 columns.
    return { ...r, stderr: r.stderr.replace(/\s+/g, " ").trim() };
  };

  beforeAll(() => {
    const first = synthesize({});
    ids = first.ids;
    work = copyStack(first.dir);
    fs.writeFileSync(path.join(work, "zz_offline_override.tf.json"), JSON.stringify(OFFLINE_PROVIDER_OVERRIDE, null, 2));
    terraformOk(work, ["init", "-input=false", "-no-color"]);
  });
  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test("the configuration as deployed plans, and keeps the file system and the vault", () => {
    const r = plan({});
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(new RegExp(`aws_efs_file_system\\.${ids.fs} (must be replaced|will be destroyed)`));
    expect(r.stdout).not.toMatch(new RegExp(`aws_backup_vault\\.${ids.vault} (must be replaced|will be destroyed)`));
  });

  test("another namePrefix: refused, the vault would be replaced; the file system keeps its creation token", () => {
    const r = plan({ namePrefix: "renamed" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("Instance cannot be destroyed");
    expect(r.stderr).toContain(`aws_backup_vault.${ids.vault} has lifecycle.prevent_destroy set`);
    expect(r.stderr).not.toContain(`aws_efs_file_system.${ids.fs} has lifecycle.prevent_destroy`);
  });

  test("another performanceMode: refused, the file system would be replaced", () => {
    const r = plan({ storage: { performanceMode: "maxIO", throughputMode: "bursting" } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("Instance cannot be destroyed");
    expect(r.stderr).toContain(`aws_efs_file_system.${ids.fs} has lifecycle.prevent_destroy set`);
  });

  test("with dataProtection.allowDestroy the same change plans, as a replacement", () => {
    const r = plan({ storage: { performanceMode: "maxIO", throughputMode: "bursting" }, dataProtection: { allowDestroy: true } });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`aws_efs_file_system\\.${ids.fs} must be replaced`));
  });

  test("storage.fileSystemId: the plan forgets the stack's file system (removed block); only the access point is replaced, onto the brought one", () => {
    const r = plan({ storage: { fileSystemId: BROUGHT } });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`# aws_efs_file_system.${ids.fs} will no longer be managed by Terraform`);
    expect(r.stdout).toMatch(
      new RegExp(
        `Terraform will discard its tracking information for\\s+the following objects, but it will not delete them:\\s+- aws_efs_file_system\\.${ids.fs}`,
      ),
    );
    // The access point holds no data (its directory is in the file system): it moves to the brought file system.
    expect(destroying(r.stdout)).toEqual([`aws_efs_access_point.${ids.ap} must be replaced`]);
    expect(r.stdout).toMatch(/~ file_system_id\s+= "fs-0123456789abcdef0" -> "fs-0fedcba9876543210" # forces replacement/);
    expect(r.stdout.match(/^Plan: .*$/m)?.[0]).toMatch(/^Plan: \d+ to add, \d+ to change, 1 to destroy\.$/);
  });

  test("storage.fileSystemId with dataProtection.allowDestroy: the file system is still forgotten, never destroyed", () => {
    const r = plan({ storage: { fileSystemId: BROUGHT }, dataProtection: { allowDestroy: true } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`# aws_efs_file_system.${ids.fs} will no longer be managed by Terraform`);
    expect(destroying(r.stdout)).toEqual([`aws_efs_access_point.${ids.ap} must be replaced`]);
  });

  test("storage.fileSystemId on a first deploy (no file system in the state): the removed block is harmless", () => {
    const r = plan({ storage: { fileSystemId: BROUGHT } }, true);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/no longer be managed|to forget/);
    expect(destroying(r.stdout)).toEqual([]);
    expect(r.stdout.match(/^Plan: .*$/m)?.[0]).toMatch(/^Plan: \d+ to add, 0 to change, 0 to destroy\.$/);
  });
});
