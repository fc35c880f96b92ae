/**
 * JENKINS_HOME's data safety (issue 15) in the `jenkins` stack and the registry module: the
 * restore task wired to the file system, lifecycle protection of the file system, its access
 * point and the backup vault, the teardown switch, and a brought file system.
 */
import { Testing } from "../../../lib/cdktf-core";
import { JenkinsModuleStack } from "../../../lib/module/jenkins-module-stack";
import { moduleVariables } from "../../../lib/module/variables";
import { resolveTarget } from "../../../lib/restore";
import { configWith, problemsOf, project, synthJson, SynthJson } from "../../support/project";

/** One resource or data block of the synthesized JSON. */
type Block = SynthJson["resource"][string][string];
type Resources = Record<string, Block>;
const ofType = (json: SynthJson, type: string): Resources => json.resource[type] ?? {};
const statements = (json: SynthJson, id: RegExp): Block[] => {
  const docs = Object.entries(json.data?.aws_iam_policy_document ?? {}).filter(([k]) => id.test(k));
  if (docs.length !== 1) throw new Error(`expected one policy document with id matching ${id}, found ${docs.map(([i]) => i).join(", ") || "none"}`);
  return docs[0][1].statement;
};

describe("the restore task is part of Jenkins", () => {
  const stackJson = synthJson(project(configWith({ namePrefix: "ci", accountId: "123456789012" })).jenkins);
  const moduleJson = synthJson(new JenkinsModuleStack(Testing.app(), "module"));

  test.each([
    ["stack", stackJson],
    ["module", moduleJson],
  ])("%s: outputs restore_task_definition_family and backup_role_arn", (_, json) => {
    const td = Object.keys(ofType(json, "aws_ecs_task_definition")).find((id) => /restore/i.test(id))!;
    expect(td).toBeDefined();
    expect(json.output!.restore_task_definition_family.value).toBe(`\${aws_ecs_task_definition.${td}.family}`);
    const role = Object.keys(ofType(json, "aws_iam_role")).find((id) => /backup.*role/i.test(id))!;
    expect(String(json.output!.backup_role_arn.value)).toContain(`aws_iam_role.${role}`);
  });

  test("stack: the task definition mounts the stack's file system and is family <prefix>-restore", () => {
    const fsId = Object.keys(ofType(stackJson, "aws_efs_file_system"))[0];
    const td = Object.values(ofType(stackJson, "aws_ecs_task_definition")).find((t) => t.family === "ci-restore")!;
    expect(td.volume[0].efs_volume_configuration.file_system_id).toBe(`\${aws_efs_file_system.${fsId}.id}`);
    expect(JSON.parse(td.container_definitions)[0].logConfiguration.options["awslogs-group"]).toBe("${aws_cloudwatch_log_group.ControllerLogs.name}");
    expect(Object.values(ofType(stackJson, "aws_iam_role")).map((r) => r.name)).toEqual(expect.arrayContaining(["ci-restore-task", "ci-restore-execution"]));
  });

  test.each([
    ["stack", stackJson, "arn:aws:iam::123456789012:role/ci-restore-task"],
    ["module", moduleJson, "arn:${data.aws_partition.current.partition}:iam::${local.account_id}:role${var.iam_role_path}${var.name_prefix}-restore-task"],
  ])("%s: the file-system policy exempts the restore task's role, and only it, from the access-point rule", (_, json, roleArn) => {
    const s = statements(json, /^jenkins_?home_policy/i);
    // Deny statements only: nothing is allowed by the file-system policy itself.
    expect(s.map((x) => x.effect)).toEqual(["Deny", "Deny"]);
    const mount = s.find((x) => x.sid === "MountOnlyThroughTheAccessPoint")!;
    expect(mount.actions).toEqual(["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess"]);
    const exempt = mount.condition.filter((c: { test: string }) => c.test === "ArnNotEquals");
    expect(exempt).toEqual([{ test: "ArnNotEquals", variable: "aws:PrincipalArn", values: [roleArn] }]);
  });

  test("the restore command reads the task definition and the backup role from the outputs", () => {
    const outputs = {
      restore_task_definition_family: { value: "ci-restore", type: "string", sensitive: false },
      backup_role_arn: { value: "arn:aws:iam::123456789012:role/ci-backup", type: "string", sensitive: false },
      controller_service_name: { value: "ci-controller" },
    };
    const flat = Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]));
    const r = resolveTarget(flat, {}, "eu-west-1");
    expect(r.target).toMatchObject({ restoreTaskDefinition: "ci-restore", backupRoleArn: "arn:aws:iam::123456789012:role/ci-backup" });
    // Read, not derived from the naming convention.
    expect(r.notes).toEqual([]);
  });
});

describe("protection against destroy and replacement", () => {
  const lifecycleOf = (json: SynthJson) => ({
    fileSystem: Object.values(ofType(json, "aws_efs_file_system"))[0].lifecycle,
    accessPoint: Object.values(ofType(json, "aws_efs_access_point"))[0].lifecycle,
    vault: Object.values(ofType(json, "aws_backup_vault"))[0].lifecycle,
  });

  test("stack, by default: prevent_destroy on the file system, its access point and the vault; the creation token is set once", () => {
    expect(lifecycleOf(synthJson(project(configWith()).jenkins))).toEqual({
      fileSystem: { prevent_destroy: true, ignore_changes: ["creation_token"] },
      accessPoint: { prevent_destroy: true },
      vault: { prevent_destroy: true },
    });
  });

  test("stack, dataProtection.allowDestroy: no prevent_destroy (the creation token still ignores a rename)", () => {
    expect(lifecycleOf(synthJson(project(configWith({ dataProtection: { allowDestroy: true } })).jenkins))).toEqual({
      fileSystem: { prevent_destroy: false, ignore_changes: ["creation_token"] },
      accessPoint: { prevent_destroy: false },
      vault: { prevent_destroy: false },
    });
  });

  test("module: always prevent_destroy (Terraform takes no expression there)", () => {
    expect(lifecycleOf(synthJson(new JenkinsModuleStack(Testing.app(), "module")))).toEqual({
      fileSystem: { prevent_destroy: true, ignore_changes: ["creation_token"] },
      accessPoint: { prevent_destroy: true },
      vault: { prevent_destroy: true },
    });
  });

  test("dataProtection is off unless set, and strict", () => {
    expect(configWith().dataProtection).toEqual({ allowDestroy: false, forceDestroy: false });
    expect(problemsOf({ dataProtection: { allowDestroy: "yes" } }).join("\n")).toMatch(/dataProtection\.allowDestroy/);
    expect(problemsOf({ dataProtection: { preventDestroy: false } }).join("\n")).toMatch(/preventDestroy/);
  });
});

describe("a file system brought by id (storage.fileSystemId)", () => {
  const FS = "fs-0123456789abcdef0";
  const FS_ARN = `arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/${FS}`;
  const json = synthJson(project(configWith({ storage: { fileSystemId: FS } })).jenkins);

  test("no file system is created; the access point, mount targets, policies and the restore task use the id", () => {
    expect(json.resource.aws_efs_file_system).toBeUndefined();
    expect(Object.values(ofType(json, "aws_efs_access_point"))[0].file_system_id).toBe(FS);
    expect(Object.values(ofType(json, "aws_efs_mount_target"))[0]).toMatchObject({ count: 2, file_system_id: FS });
    expect(Object.values(ofType(json, "aws_efs_file_system_policy"))[0].file_system_id).toBe(FS);
    expect(Object.values(ofType(json, "aws_efs_backup_policy"))[0].file_system_id).toBe(FS);
    const td = Object.values(ofType(json, "aws_ecs_task_definition"));
    expect(td.map((t) => t.volume[0].efs_volume_configuration.file_system_id)).toEqual([FS, FS]);
    expect(json.output!.efs_file_system_id.value).toBe(FS);
  });

  test("a removed block forgets the stack's own file system (never destroys it); Terraform >= 1.7; the access point may move", () => {
    const own = Object.keys(synthJson(project(configWith({})).jenkins).resource.aws_efs_file_system);
    expect(own).toHaveLength(1);
    expect(json.removed).toEqual([{ from: `aws_efs_file_system.${own[0]}`, lifecycle: { destroy: false } }]);
    expect(json.terraform.required_version).toBe(">= 1.7.0");
    expect(Object.values(ofType(json, "aws_efs_access_point"))[0].lifecycle).toEqual({ prevent_destroy: false });
    // Without a brought file system: no removed block, the access point protected, Terraform 1.6 is enough.
    const plain = synthJson(project(configWith({})).jenkins);
    expect(plain.removed).toBeUndefined();
    expect(plain.terraform.required_version).toBe(">= 1.6.0");
    expect(Object.values(ofType(plain, "aws_efs_access_point"))[0].lifecycle).toEqual({ prevent_destroy: true });
  });

  test("the backup selection, the file-system policy and the roles name its ARN", () => {
    expect(Object.values(ofType(json, "aws_backup_selection"))[0].resources).toEqual([FS_ARN]);
    expect(statements(json, /^JenkinsHome_Policy/).map((x) => x.resources)).toEqual([[FS_ARN], [FS_ARN]]);
    expect(statements(json, /^Restore_TaskPolicy/)[0].resources).toEqual([FS_ARN]);
  });

  test("module: efs_file_system_id switches the file system off by count and is used in its place", () => {
    const m = synthJson(new JenkinsModuleStack(Testing.app(), "module"));
    expect(m.resource.aws_efs_file_system.this.count).toBe("${!(var.efs_file_system_id != null) ? 1 : 0}");
    const id = "${(var.efs_file_system_id != null) ? var.efs_file_system_id : one(aws_efs_file_system.this.*.id)}";
    expect(m.resource.aws_efs_access_point.this.file_system_id).toBe(id);
    expect(m.resource.aws_efs_mount_target.this.file_system_id).toBe(id);
    expect(m.output!.efs_file_system_id.value).toBe(id);
    expect(m.resource.aws_backup_selection.this.resources[0]).toContain("file-system/${var.efs_file_system_id}");
    // A removed block cannot sit next to the count-switched resource: module users forget it themselves (docs/module.md).
    expect(m.removed).toBeUndefined();
  });

  test("an id that is not an EFS file system id is refused", () => {
    expect(problemsOf({ storage: { fileSystemId: "fsap-0123456789abcdef0" } }).join("\n")).toMatch(
      /storage\.fileSystemId.*must be an EFS file system id like fs-0123456789abcdef0/,
    );
  });
});

describe("teardown mode (dataProtection.forceDestroy, module force_destroy)", () => {
  const flags = (json: SynthJson) => ({
    repositories: Object.values(ofType(json, "aws_ecr_repository")).map((r) => r.force_delete),
    vault: Object.values(ofType(json, "aws_backup_vault")).map((r) => r.force_destroy),
    discovery: Object.values(ofType(json, "aws_service_discovery_service")).map((r) => r.force_destroy),
  });
  // The controller image, the agent mirror and a template's own image: three repositories.
  const agents = { templates: [{ label: "build-example" }, { label: "node", build: { packages: ["nodejs"] } }] };

  test("off by default: a repository with images, a vault with recovery points and a service with instances stop a destroy", () => {
    expect(flags(synthJson(project(configWith({ agents })).jenkins))).toEqual({ repositories: [false, false, false], vault: [false], discovery: [false] });
  });

  test("on: every ECR repository force_delete, the vault and the Cloud Map service force_destroy", () => {
    expect(flags(synthJson(project(configWith({ agents, dataProtection: { forceDestroy: true } })).jenkins))).toEqual({
      repositories: [true, true, true],
      vault: [true],
      discovery: [true],
    });
  });

  test("module: the same three from var.force_destroy (default false)", () => {
    const m = synthJson(new JenkinsModuleStack(Testing.app(), "module"));
    const f = flags(m);
    expect(f.repositories.length).toBeGreaterThan(0);
    expect(f).toEqual({ repositories: f.repositories.map(() => "${var.force_destroy}"), vault: ["${var.force_destroy}"], discovery: ["${var.force_destroy}"] });
    const vars = Object.fromEntries(moduleVariables().map((v) => [v.name, v]));
    expect({ type: vars.force_destroy.type, default: vars.force_destroy.default }).toEqual({ type: "bool", default: false });
    expect({ type: vars.efs_file_system_id.type, default: vars.efs_file_system_id.default }).toEqual({ type: "string", default: null });
  });
});
