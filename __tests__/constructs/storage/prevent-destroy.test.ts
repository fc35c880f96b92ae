/**
 * Terraform itself refuses to lose JENKINS_HOME: offline plans of the `jenkins` stack against a
 * state that holds the data key, the EFS file system and the backup vault (as after a deploy).
 * A renamed `namePrefix` or another `storage.performanceMode` would replace them; the plan fails
 * with Terraform's "Instance cannot be destroyed" unless `dataProtection.allowDestroy` is on.
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

/** The jenkins stack synthesized from the example with `overrides`; returns its directory and logical ids. */
function synthesize(overrides: Partial<JenkinsConfigInput> & Record<string, unknown>): { dir: string; ids: { key: string; fs: string; vault: string } } {
  const { jenkinsDir } = synthToDir(parseConfig(inputWith(overrides), "test"));
  const json = JSON.parse(fs.readFileSync(path.join(jenkinsDir, "cdk.tf.json"), "utf8"));
  const id = (type: string, re: RegExp) => Object.keys(json.resource[type]).find((k) => re.test(k))!;
  return { dir: jenkinsDir, ids: { key: id("aws_kms_key", /^DataKey/), fs: id("aws_efs_file_system", /FileSystem/), vault: id("aws_backup_vault", /Vault/) } };
}

/** A state as a deploy of the example (namePrefix jenkins, generalPurpose) leaves it, reduced to the key, the file system and the vault. */
function deployedState(ids: { key: string; fs: string; vault: string }): string {
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
    resources: [
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

describeTerraform("prevent_destroy on JENKINS_HOME (offline plans against a deployed state)", () => {
  let work: string;
  let ids: { key: string; fs: string; vault: string };

  /** Plans `overrides` in the one initialized working copy; the state stays that of the first deploy. */
  const plan = (overrides: Record<string, unknown>) => {
    const s = synthesize(overrides);
    expect(s.ids).toEqual(ids);
    fs.cpSync(s.dir, work, { recursive: true });
    fs.writeFileSync(path.join(work, "offline.tfstate"), deployedState(ids));
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
});
