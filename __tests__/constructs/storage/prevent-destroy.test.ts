/**
 * Terraform itself refuses to lose JENKINS_HOME: offline plans of the `jenkins` stack against a
 * state that holds the data key, the EFS file system and the backup vault (as after a deploy).
 * A renamed `namePrefix` or another `storage.performanceMode` would replace them; the plan fails
 * with Terraform's "Instance cannot be destroyed" unless `dataProtection.allowDestroy` is on.
 * Switching to a brought file system (`storage.fileSystemId`) forgets the stack's file system
 * through a `removed` block instead of destroying it, and the block is harmless on a first deploy.
 *
 * Each case is the stack synthesized from its configuration, called as a module of one root
 * (`module.<case>`, written by __tests__/support/stack-calls.ts: its backend block dropped, its
 * provider block moved into the root as the call's aliased configuration with the offline
 * settings), with the deployed resources at `module.<case>.*` in the root's state. The cases that must plan share one plan, the ones that
 * must be refused another (a refused case hides the plan of the others): two plans instead of
 * seven, and each case's assertions read only what the plan says about its own module.
 */
import * as fs from "fs";
import * as path from "path";
import { offlineInit, terraform, FAKE_CREDENTIALS } from "../../../tools/terraform/offline-terraform";
import { stackCallsRoot } from "../../support/stack-calls";
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

/** The resources a deploy of the example (namePrefix jenkins, generalPurpose) leaves, reduced to the key, the file system and the vault, as those of `module.<module>` of a root. */
function deployedResources(ids: Ids, module: string): unknown[] {
  // The root's aliased configuration the call is given (stackCallsRoot), as Terraform records it in the state.
  const provider = `provider["registry.terraform.io/hashicorp/aws"].${module}`;
  const one = (type: string, name: string, attributes: Record<string, unknown>) => ({
    module: `module.${module}`,
    mode: "managed",
    type,
    name,
    provider,
    instances: [{ schema_version: 0, attributes, sensitive_attributes: [] }],
  });
  return [
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
  ];
}

/** A local state file (version 4) holding `resources`. */
const stateFile = (resources: unknown[]) =>
  JSON.stringify({ version: 4, terraform_version: "1.6.0", serial: 1, lineage: "7f1b8a52-0c1e-4a8e-9d2e-3c2f0e9b1a11", outputs: {}, resources });

const BROUGHT = "fs-0fedcba9876543210";

/** A case: the example with `overrides`, planned against the deployed state, or against a state with none of its resources (`firstDeploy`). */
type Case = { overrides: Record<string, unknown>; firstDeploy?: boolean };
/** The cases that must plan (one plan), by module name. */
const PLANS = {
  deployed: { overrides: {} },
  allowDestroy: { overrides: { storage: { performanceMode: "maxIO", throughputMode: "bursting" }, dataProtection: { allowDestroy: true } } },
  brought: { overrides: { storage: { fileSystemId: BROUGHT } } },
  broughtAllowDestroy: { overrides: { storage: { fileSystemId: BROUGHT }, dataProtection: { allowDestroy: true } } },
  broughtFirstDeploy: { overrides: { storage: { fileSystemId: BROUGHT } }, firstDeploy: true },
} satisfies Record<string, Case>;
/** The cases Terraform must refuse (another plan: a refused plan shows no changes), by module name. */
const REFUSED = {
  renamed: { overrides: { namePrefix: "renamed" } },
  performanceMode: { overrides: { storage: { performanceMode: "maxIO", throughputMode: "bursting" } } },
} satisfies Record<string, Case>;

/** A plan of one root that calls each case's stack as `module.<case>`. */
interface RootPlan {
  readonly status: number;
  readonly stdout: string;
  /** Terraform wraps its messages at 80 columns: whitespace runs are one space here. */
  readonly stderr: string;
  /** Each case's logical ids, as its own synthesis names them. */
  readonly ids: Record<string, Ids>;
}

/**
 * Synthesizes each case, calls each stack as a module of one root (stackCallsRoot: backend
 * dropped, its provider block moved into the root as the call's aliased configuration with the
 * offline settings), writes the root's state, and plans it once.
 */
function planRoot(cases: Record<string, Case>, deployed: Ids, first?: { dir: string; ids: Ids }): RootPlan {
  const ids: Record<string, Ids> = {};
  const resources: unknown[] = [];
  const calls = Object.entries(cases).map(([name, c]) => {
    const s = Object.keys(c.overrides).length === 0 && first ? first : synthesize(c.overrides);
    ids[name] = s.ids;
    if (!c.firstDeploy) resources.push(...deployedResources(deployed, name));
    return { name, stackDir: s.dir };
  });
  const root = stackCallsRoot(calls);
  fs.writeFileSync(path.join(root, "offline.tfstate"), stateFile(resources));
  offlineInit(root);
  const r = terraform(root, ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color"], FAKE_CREDENTIALS);
  fs.rmSync(root, { recursive: true, force: true });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.replace(/\s+/g, " ").trim(), ids };
}

/** What a plan says about one module call: each resource's change (`<address> <what>`, the address without `module.<case>.`) and its block of text. */
function moduleChanges(stdout: string, module: string): { changes: string[]; block: (address: string) => string; forgotten: string[] } {
  const prefix = `module.${module}.`;
  const headers = [...stdout.matchAll(/^ {1,2}# (module\.[^.\s]+\.\S+) (.+)$/gm)];
  const changes: string[] = [];
  const blocks = new Map<string, string>();
  headers.forEach((h, i) => {
    if (!h[1].startsWith(prefix)) return;
    const address = h[1].slice(prefix.length);
    changes.push(`${address} ${h[2]}`);
    blocks.set(address, stdout.slice(h.index, headers[i + 1]?.index ?? stdout.length));
  });
  // "Terraform will discard its tracking information for the following objects, but it will not delete them:" and its list.
  const discard = /Terraform will discard its tracking information for\s+the following objects, but it will not delete them:\n((?:\s+- \S+\n)+)/.exec(stdout);
  const forgotten = [...(discard?.[1] ?? "").matchAll(/- (\S+)/g)]
    .map((m) => m[1])
    .filter((a) => a.startsWith(prefix))
    .map((a) => a.slice(prefix.length));
  return { changes, block: (address) => blocks.get(address) ?? "", forgotten };
}

/** The changes of a module that destroy something: `<address> will be destroyed|must be replaced`. */
const destroying = (changes: string[]) => changes.filter((c) => / (will be destroyed|must be replaced)$/.test(c));
/** The numbers of the plan's summary line for a module's changes: to add, to change, to destroy. */
const counts = (changes: string[]) => ({
  add: changes.filter((c) => / (will be created|must be replaced)$/.test(c)).length,
  change: changes.filter((c) => / will be updated in-place$/.test(c)).length,
  destroy: destroying(changes).length,
});
/** The resources of `module.<module>` (addresses without the prefix) a refused plan names in an "Instance cannot be destroyed" error. */
const refused = (stderr: string, module: string) =>
  [...stderr.matchAll(/Error: Instance cannot be destroyed .*? Resource module\.([^.\s]+)\.(\S+) has lifecycle\.prevent_destroy set/g)]
    .filter((m) => m[1] === module)
    .map((m) => m[2]);

describeTerraform("prevent_destroy on JENKINS_HOME (offline plans against a deployed state)", () => {
  let ids: Ids;
  let first: { dir: string; ids: Ids };
  beforeAll(() => {
    first = synthesize({});
    ids = first.ids;
  });

  describe("the changes that plan (one plan, a module call per case)", () => {
    let r: RootPlan;
    beforeAll(() => {
      r = planRoot(PLANS, ids, first);
    });

    test("the plan succeeds, and its summary is the sum of the cases' changes", () => {
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      const total = Object.keys(PLANS)
        .map((name) => counts(moduleChanges(r.stdout, name).changes))
        .reduce((a, b) => ({ add: a.add + b.add, change: a.change + b.change, destroy: a.destroy + b.destroy }));
      expect(r.stdout.match(/^Plan: .*$/m)?.[0]).toBe(`Plan: ${total.add} to add, ${total.change} to change, ${total.destroy} to destroy.`);
    });

    test("the configuration as deployed plans, and keeps the file system and the vault", () => {
      expect(r.ids.deployed).toEqual(ids);
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
      const { changes } = moduleChanges(r.stdout, "deployed");
      expect(changes.length).toBeGreaterThan(0);
      expect(changes).not.toContainEqual(expect.stringMatching(new RegExp(`^aws_efs_file_system\\.${ids.fs} (must be replaced|will be destroyed)$`)));
      expect(changes).not.toContainEqual(expect.stringMatching(new RegExp(`^aws_backup_vault\\.${ids.vault} (must be replaced|will be destroyed)$`)));
    });

    test("with dataProtection.allowDestroy a new performanceMode plans, as a replacement", () => {
      expect(r.ids.allowDestroy).toEqual(ids);
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
      expect(moduleChanges(r.stdout, "allowDestroy").changes).toContain(`aws_efs_file_system.${ids.fs} must be replaced`);
    });

    test("storage.fileSystemId: the plan forgets the stack's file system (removed block); only the access point is replaced, onto the brought one", () => {
      expect(r.ids.brought).toEqual(ids);
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
      const m = moduleChanges(r.stdout, "brought");
      expect(m.changes).toContain(`aws_efs_file_system.${ids.fs} will no longer be managed by Terraform, but will not be destroyed`);
      expect(m.forgotten).toEqual([`aws_efs_file_system.${ids.fs}`]);
      // The access point holds no data (its directory is in the file system): it moves to the brought file system.
      expect(destroying(m.changes)).toEqual([`aws_efs_access_point.${ids.ap} must be replaced`]);
      expect(m.block(`aws_efs_access_point.${ids.ap}`)).toMatch(/~ file_system_id\s+= "fs-0123456789abcdef0" -> "fs-0fedcba9876543210" # forces replacement/);
      expect(counts(m.changes)).toEqual({ add: expect.any(Number), change: expect.any(Number), destroy: 1 });
    });

    test("storage.fileSystemId with dataProtection.allowDestroy: the file system is still forgotten, never destroyed", () => {
      expect(r.ids.broughtAllowDestroy).toEqual(ids);
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
      const m = moduleChanges(r.stdout, "broughtAllowDestroy");
      expect(m.changes).toContain(`aws_efs_file_system.${ids.fs} will no longer be managed by Terraform, but will not be destroyed`);
      expect(destroying(m.changes)).toEqual([`aws_efs_access_point.${ids.ap} must be replaced`]);
    });

    test("storage.fileSystemId on a first deploy (no file system in the state): the removed block is harmless", () => {
      expect(r.ids.broughtFirstDeploy).toEqual(ids);
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
      const m = moduleChanges(r.stdout, "broughtFirstDeploy");
      expect(m.changes.filter((c) => /no longer be managed/.test(c))).toEqual([]);
      expect(m.forgotten).toEqual([]);
      expect(destroying(m.changes)).toEqual([]);
      expect(counts(m.changes)).toEqual({ add: expect.any(Number), change: 0, destroy: 0 });
      expect(counts(m.changes).add).toBeGreaterThan(0);
    });
  });

  describe("the changes Terraform refuses (one plan, a module call per case)", () => {
    let r: RootPlan;
    beforeAll(() => {
      r = planRoot(REFUSED, ids);
    });

    test("another namePrefix: refused, the vault would be replaced; the file system keeps its creation token", () => {
      expect(r.ids.renamed).toEqual(ids);
      expect(r.status).not.toBe(0);
      expect(refused(r.stderr, "renamed")).toContain(`aws_backup_vault.${ids.vault}`);
      expect(refused(r.stderr, "renamed")).not.toContain(`aws_efs_file_system.${ids.fs}`);
      expect(r.stderr).not.toContain(`module.renamed.aws_efs_file_system.${ids.fs} has lifecycle.prevent_destroy`);
    });

    test("another performanceMode: refused, the file system would be replaced", () => {
      expect(r.ids.performanceMode).toEqual(ids);
      expect(r.status).not.toBe(0);
      expect(refused(r.stderr, "performanceMode")).toContain(`aws_efs_file_system.${ids.fs}`);
    });
  });
});
